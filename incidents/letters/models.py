"""A school's own version of a letter; without one the shipped default is used."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model


class LetterTemplate(Model):
    __tablename__ = "letter_templates"
    # No CHECK on key: the registry in code decides which keys exist, rows of a removed
    # letter are simply ignored.
    __table_args__ = (UniqueConstraint("school_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
