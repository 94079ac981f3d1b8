"""Notices to parents: one per pupil, one recipient row per parent.

A parent with an e-mail address gets an outbox message with a signed link to read and
acknowledge the notice; a parent without one gets a printable letter (PDF), filed as
correspondence like every notice sent.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model
from incidents.followups.models import Followup
from incidents.outbox.models import CANCELLABLE
from incidents.people.models import Person
from incidents.schools.models import School

NOTICE_KINDS = ("manual", "monitoring_checkin")
CHANNELS = ("email", "letter")


class Notice(Model):
    __tablename__ = "notices"
    __table_args__ = (
        CheckConstraint("kind IN ('manual', 'monitoring_checkin')", name="kind"),
        # The compose form's one-time token: sending the same form twice finds the first notices.
        UniqueConstraint("case_id", "pupil_id", "compose_token"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # Retention deletes a person with the notices about and to them.
    pupil_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="manual")
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    next_followup_on: Mapped[date | None] = mapped_column(Date)
    contact_person: Mapped[str | None] = mapped_column(String(200))
    # When the e-mails leave: now, or later for a scheduled check-in.
    send_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    compose_token: Mapped[str | None] = mapped_column(String(64))
    # The coordinator's task to print and post this notice's letters; done = posted.
    letter_task_id: Mapped[int | None] = mapped_column(ForeignKey("followups.id", ondelete="SET NULL"), index=True)

    school: Mapped[School] = relationship("School")
    case = relationship("Case")
    pupil = relationship("Person")
    created_by = relationship("User")
    letter_task: Mapped[Followup | None] = relationship("Followup")
    recipients: Mapped[list["NoticeRecipient"]] = relationship(
        "NoticeRecipient", back_populates="notice", order_by="NoticeRecipient.id", cascade="all, delete-orphan"
    )

    def cancellable(self, now):
        """Whether the case page offers to cancel: an e-mail still waiting in the outbox,
        check-in letters not due yet (cancelling checks that their task is still open), or
        letters of a notice from the case whose task to post them is still open."""
        for r in self.recipients:
            if r.cancelled_at is not None or r.read_at is not None:
                continue
            if r.channel == "email" and r.outbox_message is not None and r.outbox_message.status in CANCELLABLE:
                return True
            if r.channel == "letter" and self.kind == "monitoring_checkin" and self.send_at > now:
                return True
            if (
                r.channel == "letter"
                and self.kind == "manual"
                and self.letter_task is not None
                and self.letter_task.status == "open"
            ):
                return True
        return False


class NoticeRecipient(Model):
    __tablename__ = "notice_recipients"
    __table_args__ = (
        UniqueConstraint("notice_id", "parent_id"),
        CheckConstraint("channel IN ('email', 'letter')", name="channel"),
        CheckConstraint("acknowledged_at IS NULL OR read_at IS NOT NULL", name="ack_after_read"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    # Part of the signed link's payload: a link keeps working only while it matches.
    nonce: Mapped[str] = mapped_column(String(32))
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL"), index=True
    )
    correspondence_id: Mapped[int | None] = mapped_column(
        ForeignKey("correspondence.id", ondelete="SET NULL"), index=True
    )
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("correspondence_attachments.id", ondelete="SET NULL"), index=True
    )
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Withdrawn before it left (its e-mail cancelled in the outbox, or its letter not posted).
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(20))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    notice: Mapped[Notice] = relationship(Notice, back_populates="recipients")
    parent: Mapped[Person] = relationship("Person")
    outbox_message = relationship("OutboxMessage")
    attachment = relationship("Attachment")

    def status(self, now):
        """What the case page shows: letter, posted, queued, scheduled, sent, failed, read, acknowledged,
        cancelled."""
        if self.cancelled_at is not None:
            return "cancelled"
        if self.acknowledged_at is not None:
            return "acknowledged"
        if self.read_at is not None:
            return "read"
        if self.channel == "letter":
            task = self.notice.letter_task
            return "posted" if task is not None and task.status == "done" else "letter"
        message = self.outbox_message
        if message is None:
            return "queued"
        if message.status == "sent":
            return "sent"
        if message.status in ("dead", "uncertain"):
            return "failed"
        if message.status == "pending" and message.next_attempt_at > now:
            return "scheduled"
        return "queued"
