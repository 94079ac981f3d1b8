"""Append-only audit trail of transitions, views, downloads and exports."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model


class AuditEvent(Model):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    # Never personal content: identifiers and codes only.
    detail: Mapped[str | None] = mapped_column(Text)


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(mapper, connection, target):
    raise RuntimeError("audit events are append-only")
