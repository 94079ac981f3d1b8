"""The transactional outbox: every e-mail is a row written with the change that caused it.

The scheduler process delivers due rows; web workers only insert them. The idempotency
key (for example ``notice:<id>:<recipient>``) makes a second enqueue of the same message
a no-op, so retries of the causing request can never send twice.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.core.types import UTCDateTime, utcnow
from incidents.core.vocabulary import sql_in
from incidents.extensions import Model

# pending: waiting for its due time; claimed: taken by a scheduler, not yet handed to SMTP;
# sending: handed to SMTP, outcome not recorded yet; retrying: a temporary failure, due again
# at next_attempt_at; sent; dead: refused for good or out of attempts; uncertain: the outcome
# is unknown (connection lost after the data), only a person may resend it; cancelled: no
# longer wanted before it was handed to a worker (e.g. a check-in of a case closed early).
STATUSES = ("pending", "claimed", "sending", "retrying", "sent", "dead", "uncertain", "cancelled")
DUE_STATUSES = ("pending", "retrying")
# Only rows no worker holds may be cancelled: a claimed or sending row may already be on its way.
CANCELLABLE = DUE_STATUSES
RESENDABLE = ("dead", "uncertain")


class OutboxMessage(Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(f"status IN {sql_in(STATUSES)}", name="status"),
        CheckConstraint("status != 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        # A claim names its worker and time: that is what lets recovery tell a dead claim.
        CheckConstraint(
            "status NOT IN ('claimed', 'sending') OR (claimed_by IS NOT NULL AND claimed_at IS NOT NULL)",
            name="claim_has_owner",
        ),
        CheckConstraint("status != 'cancelled' OR cancelled_at IS NOT NULL", name="cancelled_has_time"),
        Index("ix_outbox_messages_status_next_attempt", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    recipient_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # RFC 5322 Message-ID fixed at enqueue time, so a manual resend is recognisable.
    message_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A code, never free text: the case event that made it unwanted (close, dismiss, ...) or "manual".
    cancel_reason: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
