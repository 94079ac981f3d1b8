"""A notice counts as the parents having been informed only once it has left.

Its correspondence is filed when the notice is written ("general", pending dispatch), so the
pupil file shows it at once but says it has not been sent yet. It becomes parent contact,
dated the day it left, when its e-mail is sent (outbox hook, in the delivery's transaction)
or when the coordinator marks the task to print and post its letters done. A message that
goes dead, stays uncertain or is cancelled never counts.
"""

from sqlalchemy import select, update

from incidents.core import clock
from incidents.correspondence.models import Correspondence
from incidents.extensions import db
from incidents.followups.hooks import on_done
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.hooks import on_sent

LETTER_TASK = "send_notice_letter"


def _dispatched(recipients, on):
    """Mark the pending correspondence of the selected recipients as sent on `on`."""
    ids = select(NoticeRecipient.correspondence_id).where(recipients, NoticeRecipient.cancelled_at.is_(None))
    result = db.session.execute(
        update(Correspondence)
        .where(
            Correspondence.id.in_(ids), Correspondence.pending_dispatch.is_(True), Correspondence.withdrawn_at.is_(None)
        )
        .values(pending_dispatch=False, purpose="parent_contact", occurred_on=on)
        .execution_options(synchronize_session=False)
    )
    for record in [o for o in db.session.identity_map.values() if isinstance(o, Correspondence)]:
        db.session.expire(record)  # a page rendered after this must see the new state
    return result.rowcount


@on_sent("notice")
def email_sent(message_id, sent_at):
    _dispatched(NoticeRecipient.outbox_message_id == message_id, sent_at.astimezone(clock.SCHOOL_TZ).date())


@on_done(LETTER_TASK)
def letters_posted(task):
    """The task to print and post a notice's letters is done: those letters have left."""
    if task.kind != LETTER_TASK:
        return 0
    notices = select(Notice.id).where(Notice.letter_task_id == task.id)
    return _dispatched(NoticeRecipient.notice_id.in_(notices) & (NoticeRecipient.channel == "letter"), clock.today())
