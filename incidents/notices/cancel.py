"""Cancelling scheduled notices that are no longer wanted, in the caller's transaction.

A check-in notice is written when the case enters monitoring and leaves on the check-in day.
If the case is closed, dismissed or escalated before then, the check-in must not go out; a
coordinator may also cancel a notice by hand (a check-in, or a notice written from the case
whose e-mail still waits or whose letters are not posted yet). What has left (or may have:
claimed, sending, sent, uncertain; letters whose task to post them is done) is never touched.

The filed correspondence is kept and marked withdrawn rather than deleted: the pupil file
then says truthfully "planned, never sent", the body stays available for an access request,
and nothing disappears from a file after the fact (the audit log records who withdrew it).
"""

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from incidents.audit.record import audit
from incidents.core import clock
from incidents.correspondence.models import Correspondence
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import cancel_followup
from incidents.notices.delivered import LETTER_TASK
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.models import CANCELLABLE, OutboxMessage
from incidents.outbox.operations import cancel_message

CHECKIN = "monitoring_checkin"


def _letter_task(notice):
    """The open task to print and post this notice's letters (one per notice with letters, see
    operations.issue_notice). None: the letters have been posted (task done) or were never planned."""
    if notice.letter_task_id is not None:
        task = notice.letter_task
        return task if task is not None and task.status == "open" else None
    if notice.kind != CHECKIN or notice.next_followup_on is None:
        return None
    # Check-ins written before notices were linked to their task: the task due that day.
    return db.session.scalars(
        select(Followup)
        .where(
            Followup.case_id == notice.case_id,
            Followup.kind == LETTER_TASK,
            Followup.status == "open",
            Followup.due_on == notice.next_followup_on,
        )
        .order_by(Followup.id)
        .limit(1)
    ).first()


def _open(recipient):
    return recipient.cancelled_at is None and recipient.read_at is None


def cancel_notice(notice, user, reason):
    """Withdraw whatever of `notice` has not left; returns the recipients withdrawn."""
    now = clock.utc_now()
    withdrawn = []
    for r in notice.recipients:
        # The loaded status only saves a pointless UPDATE; cancel_message's condition decides.
        waiting = r.outbox_message is not None and r.outbox_message.status in CANCELLABLE
        if _open(r) and r.channel == "email" and waiting and cancel_message(r.outbox_message_id, reason, now):
            withdrawn.append(r)
    letters = [r for r in notice.recipients if _open(r) and r.channel == "letter"]
    task = _letter_task(notice) if letters else None
    if task is not None:
        cancel_followup(
            task,
            user,
            _("The check-in notice was cancelled.") if notice.kind == CHECKIN else _("The notice was cancelled."),
        )
        withdrawn.extend(letters)
    for r in withdrawn:
        r.cancelled_at, r.cancel_reason = now, reason
        if r.correspondence_id is not None:
            record = db.session.get(Correspondence, r.correspondence_id)
            if record is not None and record.withdrawn_at is None:
                record.withdrawn_at = now
    if withdrawn:
        db.session.flush()
        audit(
            "notice.cancel",
            notice,
            user=user,
            detail=f"case={notice.case_id} reason={reason} recipients={len(withdrawn)}",
        )
    return withdrawn


def cancel_pending_checkins(case, user, reason):
    """The case left monitoring (closed, dismissed, escalated): withdraw its unsent check-ins."""
    waiting = and_(
        NoticeRecipient.cancelled_at.is_(None),
        NoticeRecipient.read_at.is_(None),
        or_(
            NoticeRecipient.channel == "letter",
            NoticeRecipient.outbox_message.has(OutboxMessage.status.in_(CANCELLABLE)),
        ),
    )
    notices = db.session.scalars(
        select(Notice)
        .where(Notice.case_id == case.id, Notice.kind == CHECKIN, Notice.recipients.any(waiting))
        .options(selectinload(Notice.recipients).joinedload(NoticeRecipient.outbox_message))
        .order_by(Notice.id)
    ).all()
    withdrawn = []
    for notice in notices:
        withdrawn.extend(cancel_notice(notice, user, reason))
    return withdrawn
