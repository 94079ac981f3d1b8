"""Evidence: uploaded files and links, never changed after they are added."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model


class Evidence(Model):
    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint("kind IN ('file', 'link')", name="kind"),
        # A file has its hash; a link has its address.
        CheckConstraint(
            "(kind = 'file' AND sha256 IS NOT NULL AND size IS NOT NULL) OR (kind = 'link' AND url IS NOT NULL)",
            name="file_or_link",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(Text)
    platform: Mapped[str | None] = mapped_column(String(20))
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case", back_populates="evidence")
    added_by = relationship("User")


@event.listens_for(Evidence, "before_update")
def _evidence_is_write_once(mapper, connection, target):
    raise RuntimeError("evidence is write-once")
