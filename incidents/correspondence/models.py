"""Correspondence: letters, e-mails, phone notes and meeting or hearing reports.

Each record belongs to a case and is filed in the file of every person it concerns,
as the protocols require (pupil file / personnel file).
"""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import sql_in
from incidents.extensions import Model

KINDS = ("letter", "email", "phone", "meeting", "hearing")
PURPOSES = ("general", "parent_contact", "hearing", "decision")
HEARING_PARTIES = ("teacher", "parents", "pupil", "employee")


class Correspondence(Model):
    __tablename__ = "correspondence"
    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(KINDS)}", name="kind"),
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        CheckConstraint(f"purpose IN {sql_in(PURPOSES)}", name="purpose"),
        CheckConstraint("purpose != 'hearing' OR hearing_party IS NOT NULL", name="hearing_has_party"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sanction_id: Mapped[int | None] = mapped_column(ForeignKey("sanctions.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    direction: Mapped[str] = mapped_column(String(3))
    purpose: Mapped[str] = mapped_column(String(20), default="general")
    hearing_party: Mapped[str | None] = mapped_column(String(10))
    # A hearing the party was invited to and did not attend is filed too (objections: two count).
    hearing_attended: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    occurred_on: Mapped[date] = mapped_column(Date)
    sender: Mapped[str | None] = mapped_column(String(200))
    recipient: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An outgoing notice filed ahead of its send date and then cancelled: the record stays
    # in the file (nothing is silently removed) but says plainly that it never went out.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A notice filed when it was written, before it left: the file says "not sent yet", and
    # it counts as parent contact only once its e-mail is sent or its letter posted
    # (notices/delivered.py then clears this, sets the real date and the purpose).
    pending_dispatch: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    created_by = relationship("User")
    # The sanction a record belongs to (hearing report, decision letter); read-only here.
    sanction = relationship("Sanction", viewonly=True)
    filings = relationship(
        "Filing", back_populates="correspondence", cascade="all, delete-orphan", order_by="Filing.id"
    )  # as filed: the same order in every page and export
    attachments = relationship(
        "Attachment", back_populates="correspondence", cascade="all, delete-orphan", order_by="Attachment.id"
    )


class Filing(Model):
    """A correspondence record filed in one person's file."""

    __tablename__ = "filings"
    __table_args__ = (UniqueConstraint("correspondence_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    correspondence_id: Mapped[int] = mapped_column(ForeignKey("correspondence.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    correspondence = relationship(Correspondence, back_populates="filings")
    person = relationship("Person")


class ParentContactWaiver(Model):
    """A recorded reason why the parents of a pupil were not informed."""

    __tablename__ = "parent_contact_waivers"
    __table_args__ = (UniqueConstraint("case_id", "pupil_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    pupil = relationship("Person")


class Attachment(Model):
    """A file attached to a correspondence record (a scanned letter, a generated PDF).

    The bytes live in the content-addressed store (``evidence.storage``); the row keeps the
    hash, so the same PDF filed twice is stored once.
    """

    __tablename__ = "correspondence_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    correspondence_id: Mapped[int] = mapped_column(ForeignKey("correspondence.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    correspondence = relationship(Correspondence, back_populates="attachments")
