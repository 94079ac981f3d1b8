"""Looking at the outbox and resending by hand."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from incidents.audit.record import audit
from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import RESENDABLE, STATUSES, OutboxMessage

STATUS_LABELS = {
    "pending": _l("Pending"),
    "claimed": _l("Being sent"),
    "sending": _l("Being sent"),
    "retrying": _l("Retrying"),
    "sent": _l("Sent"),
    "dead": _l("Failed"),
    "uncertain": _l("Uncertain"),
}
PAGE_SIZE = 200


class NotResendable(ValueError):
    pass


class NeedsConfirmation(ValueError):
    """An uncertain message may have arrived; resending needs an explicit yes."""


def messages_for_school(school_id, statuses=None, limit=PAGE_SIZE):
    query = (select(OutboxMessage).where(OutboxMessage.school_id == school_id)
             .options(joinedload(OutboxMessage.case))
             .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit))
    if statuses:
        query = query.where(OutboxMessage.status.in_(statuses))
    return list(db.session.scalars(query))


def status_counts(school_id):
    rows = db.session.execute(select(OutboxMessage.status, func.count())
                              .where(OutboxMessage.school_id == school_id).group_by(OutboxMessage.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(dict(rows.all()))
    return counts


def resend(message, user, confirm_duplicate=False):
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
