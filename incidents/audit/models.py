"""Append-only audit trail of transitions, views, downloads and exports."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model


class AuditEvent(Model):
    __tablename__ = "audit_events"
    # The audit trail screen pages a school's events newest first by keyset (id < last seen);
    # "who opened this case / this file" filters on the record the same way. A B-tree is read
    # backwards for ORDER BY id DESC, so the columns need no DESC.
    __table_args__ = (
        Index("ix_audit_events_school_id_id", "school_id", "id"),
        Index("ix_audit_events_school_object_id", "school_id", "object_type", "object_id", "id"),
    )
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
