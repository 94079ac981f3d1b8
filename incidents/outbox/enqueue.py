"""Putting a message in the outbox, inside the caller's transaction."""

import uuid
from datetime import datetime

from sqlalchemy import select

from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import OutboxMessage

MAIL_DOMAIN = "meldpunt.local"


def enqueue(
    *,
    school_id: int,
    key: str,
    kind: str,
    to_address: str,
    subject: str,
    body_text: str,
    to_name: str | None = None,
    body_html: str | None = None,
    case_id: int | None = None,
    recipient_person_id: int | None = None,
    recipient_user_id: int | None = None,
    due_at: datetime | None = None,
) -> OutboxMessage:
    """Add an outbox row unless one with the same idempotency key exists; returns the row.

    Never commits: the message becomes visible to the scheduler together with the change
    that caused it, or not at all.
    """
    existing = db.session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).first()
    if existing is not None:
        return existing
    message = OutboxMessage(
        school_id=school_id,
        idempotency_key=key,
        kind=kind,
        case_id=case_id,
        recipient_person_id=recipient_person_id,
        recipient_user_id=recipient_user_id,
        to_address=to_address,
        to_name=to_name,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        message_id=f"<{uuid.uuid4().hex}@{MAIL_DOMAIN}>",
        status="pending",
        attempts=0,
        next_attempt_at=due_at or clock.utc_now(),
    )
    db.session.add(message)
    return message
