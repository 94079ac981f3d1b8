"""Putting a message in the outbox, inside the caller's transaction."""

import uuid

from sqlalchemy import select

from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import OutboxMessage

MAIL_DOMAIN = "meldpunt.local"


def enqueue(
    *,
    school_id,
    key,
    kind,
    to_address,
    subject,
    body_text,
    to_name=None,
    body_html=None,
    case_id=None,
    recipient_person_id=None,
    recipient_user_id=None,
    due_at=None,
):
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
