"""The morning reminder job: e-mails about follow-ups due today, overdue, and long overdue.

Run once a day by the scheduler (also safe to run again: every message has an idempotency
key, so a second run the same day enqueues nothing new). Mails name the case reference and
the kind of task, never a pupil: the free-text description stays in the application.
"""

from collections import defaultdict

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from incidents.auth.models import Membership, User
from incidents.cases.access import viewers_by_case
from incidents.core import clock
from incidents.core.links import public_url_for
from incidents.core.vocabulary import followup_label
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import recipients_of
from incidents.outbox.enqueue import enqueue
from incidents.schools.models import School


def _users_by_role(school_ids):
    """{(school_id, role): [active users]} for the schools concerned."""
    rows = db.session.execute(
        select(Membership.school_id, Membership.role, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.school_id.in_(school_ids), User.active.is_(True), Membership.grants_clause())
        .order_by(User.id)
    ).all()
    grouped = defaultdict(list)
    for school_id, role, user in rows:
        grouped[(school_id, role)].append(user)
    return grouped


def _tasks_link():
    return public_url_for("followups.tasks")


def _message(item, school, what):
    """Subject and body (Dutch, the parents' and staff's language) for one reminder."""
    with force_locale("nl"):
        task = str(followup_label(item.kind))
    reference = item.case.reference
    due = item.due_on.strftime("%d-%m-%Y")
    lines = {
        "due": (
            f"Taak vandaag: {task} ({reference})",
            f"Vandaag ({due}) moet deze taak bij melding {reference} gedaan zijn: {task}.",
        ),
        "overdue": (
            f"Taak te laat: {task} ({reference})",
            f"Deze taak bij melding {reference} had op {due} gedaan moeten zijn: {task}.",
        ),
        "alert": (
            f"Taak langer dan {school.overdue_alert_days} dagen te laat: {task} ({reference})",
            f"Een taak bij melding {reference} is sinds {due} te laat: {task}. "
            f"Wilt u nagaan of de taak nog wordt opgepakt?",
        ),
    }
    subject, body = lines[what]
    body = f"{body}\n\nUw taken: {_tasks_link()}\n\n{school.name} — Meldpunt\n"
    return subject, body


def _send(item, school, what, user, key):
    subject, body = _message(item, school, what)
    message = enqueue(
        school_id=item.school_id,
        key=key,
        kind=f"followup_{what}",
        to_address=user.email,
        to_name=user.name,
        subject=subject,
        body_text=body,
        case_id=item.case_id,
        recipient_user_id=user.id,
    )
    return message.id is None  # new in this run (not flushed yet)


def enqueue_followup_reminders(today=None):
    """Enqueue the reminders for `today` (the school day) and commit; returns how many are new."""
    today = today or clock.today()
    items = db.session.scalars(
        select(Followup)
        .where(Followup.status == "open", Followup.due_on <= today)
        .options(joinedload(Followup.case), joinedload(Followup.assignee))
        .order_by(Followup.id)
    ).all()
    school_ids = {item.school_id for item in items}
    schools = {s.id: s for s in db.session.scalars(select(School).where(School.id.in_(school_ids)))}
    by_role = _users_by_role(school_ids)
    viewers = viewers_by_case({item.case_id for item in items})
    new = 0
    for item in items:
        school = schools[item.school_id]
        late_days = (today - item.due_on).days
        for user in recipients_of(item, by_role, viewers[item.case_id]):
            if late_days == 0:
                new += _send(item, school, "due", user, f"followup:{item.id}:due:{today.isoformat()}:{user.id}")
            else:
                new += _send(item, school, "overdue", user, f"followup:{item.id}:overdue:{user.id}")
        if late_days > school.overdue_alert_days:
            for user in by_role.get((item.school_id, "coordinator"), ()):
                new += _send(item, school, "alert", user, f"followup:{item.id}:alert:{user.id}")
        db.session.flush()
    db.session.commit()
    return new
