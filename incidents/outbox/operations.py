"""Looking at the outbox and resending by hand."""

from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import joinedload

from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import CANCELLABLE, RESENDABLE, STATUSES, OutboxMessage

PAGE_SIZE = 200


class NotResendable(ValueError):
    pass


class NeedsConfirmation(ValueError):
    """An uncertain message may have arrived; resending needs an explicit yes."""


def messages_for_school(
    school_id: int, statuses: Collection[str] | None = None, before: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[OutboxMessage], int | None]:
    """One page, newest first: ([messages], id to pass as `before` for the next older page or
    None). Keyset paging on the id (ids grow with insertion), so a page stays cheap however
    deep and no message is skipped or repeated while new ones arrive."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.school_id == school_id)
        .options(joinedload(OutboxMessage.case))
        .order_by(OutboxMessage.id.desc())
        .limit(limit + 1)
    )
    if statuses:
        query = query.where(OutboxMessage.status.in_(statuses))
    if before is not None:
        query = query.where(OutboxMessage.id < before)
    rows = list(db.session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more else None)


def status_counts(school_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.school_id == school_id)
        .group_by(OutboxMessage.status)
    )
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(dict(rows.all()))
    return counts


def resend(message: OutboxMessage, user: User, confirm_duplicate: bool = False) -> OutboxMessage:
    """Put a dead or uncertain message back in the queue with a fresh attempt counter."""
    if message.status not in RESENDABLE:
        raise NotResendable(message.status)
    if message.status == "uncertain" and not confirm_duplicate:
        raise NeedsConfirmation()
    previous = message.status
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = clock.utc_now()
    message.claimed_by = None
    message.claimed_at = None
    db.session.flush()
    audit("outbox.resend", message, user=user, detail=f"from={previous}")
    return message


def cancel_message(message_id: int, reason: str, now: datetime | None = None) -> bool:
    """Cancel a message no worker holds yet; True if it was. A conditional UPDATE, so it never
    races a scheduler: once a worker has claimed the row (PostgreSQL re-checks the condition
    after waiting for the worker's lock; SQLite serialises writers), nothing changes here,
    and a row cancelled here is no longer due, so no worker claims it."""
    now = now or clock.utc_now()
    # An UPDATE gives a CursorResult, which has the row count; Session.execute is typed as Result.
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status.in_(CANCELLABLE))
            .values(status="cancelled", cancelled_at=now, cancel_reason=reason, claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        ),
    )
    loaded = db.session.identity_map.get(db.session.identity_key(OutboxMessage, message_id))
    if loaded is not None:
        db.session.expire(loaded)  # the page rendered after this must see the new status
    return result.rowcount == 1
