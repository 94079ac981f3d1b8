"""Reminders of the register: a week before an access request is due, and once it is late.

Run by the scheduler with the follow-up reminders; every message has an idempotency key per
request, due date and user, so repeated runs add nothing, and an extension (a new due date)
brings a new reminder. Mails give the register's reference, never a name.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from incidents.access_requests.models import AccessRequest
from incidents.access_requests.queries import due_for_reminder
from incidents.auth.can import ACCESS_REGISTER_ROLES, DIRECTOR
from incidents.auth.models import Membership, User
from incidents.core import clock
from incidents.core.links import public_url_for
from incidents.extensions import db
from incidents.outbox.enqueue import enqueue
from incidents.schools.models import School


def _keepers(school_ids: set[int]) -> dict[int, list[tuple[User, str]]]:
    """{school_id: [(active user, role)]} of the register's keepers."""
    rows = db.session.execute(
        select(Membership.school_id, Membership.role, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.school_id.in_(school_ids), Membership.role.in_(ACCESS_REGISTER_ROLES), User.active.is_(True))
        .order_by(User.id)
    ).all()
    keepers: dict[int, list[tuple[User, str]]] = defaultdict(list)
    for school_id, role, user in rows:
        keepers[school_id].append((user, role))
    return keepers


def _link(item: AccessRequest) -> str:
    return public_url_for("access_requests.show", request_id=item.id)


def _message(item: AccessRequest, school: School, late: bool) -> tuple[str, str]:
    """Subject and body in Dutch, the staff's language."""
    due = item.current_due.strftime("%d-%m-%Y")
    if late:
        subject = f"Inzageverzoek te laat: {item.reference}"
        body = f"Inzageverzoek {item.reference} had uiterlijk {due} beantwoord moeten zijn."
    else:
        subject = f"Inzageverzoek binnenkort verlopen: {item.reference}"
        body = f"Inzageverzoek {item.reference} moet uiterlijk {due} beantwoord zijn."
    return subject, f"{body}\n\nHet verzoek: {_link(item)}\n\n{school.name} — Meldpunt\n"


def _recipients(item: AccessRequest, keepers: Sequence[tuple[User, str]]) -> list[User]:
    # A staff member's request is a personnel matter: directors only (as can.open_access_request).
    staff = item.subject.kind == "staff"
    return [user for user, role in keepers if not staff or role == DIRECTOR]


def enqueue_access_request_reminders(today: date | None = None) -> int:
    """Enqueue the reminders due `today` and commit; returns how many are new."""
    today = today or clock.today()
    items = due_for_reminder(today)
    school_ids = {item.school_id for item in items}
    schools = {s.id: s for s in db.session.scalars(select(School).where(School.id.in_(school_ids)))}
    keepers = _keepers(school_ids)
    new = 0
    for item in items:
        late = item.current_due < today
        what = "overdue" if late else "due"
        subject, body = _message(item, schools[item.school_id], late)
        for user in _recipients(item, keepers[item.school_id]):
            message = enqueue(
                school_id=item.school_id,
                key=f"access_request:{item.id}:{what}:{item.current_due.isoformat()}:{user.id}",
                kind=f"access_request_{what}",
                to_address=user.email,
                to_name=user.name,
                subject=subject,
                body_text=body,
                recipient_user_id=user.id,
            )
            new += message.id is None
        db.session.flush()
    db.session.commit()
    return new
