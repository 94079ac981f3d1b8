"""Reading the register: the list page and the reminder job."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import joinedload

from incidents.access_requests.models import AccessRequest
from incidents.extensions import db
from incidents.people.models import Person
from workflows import access_request as rules

MAX_ROWS = 500


def _current_due() -> ColumnElement[date]:
    return func.coalesce(AccessRequest.extended_to, AccessRequest.due_on)


def _status_clause(status: str | None, today: date) -> ColumnElement[bool] | None:
    unanswered = AccessRequest.answered_on.is_(None)
    if status == rules.ANSWERED:
        return AccessRequest.answered_on.is_not(None)
    if status == rules.OVERDUE:
        return and_(unanswered, _current_due() < today)
    if status == rules.OPEN:
        return and_(unanswered, _current_due() >= today)
    return None


def register_rows(school_id: int, with_staff: bool, status: str | None, today: date) -> Sequence[AccessRequest]:
    """The school's requests (staff members' only for directors), unanswered first by due date."""
    stmt = (
        select(AccessRequest)
        .join(Person, Person.id == AccessRequest.subject_id)
        .where(AccessRequest.school_id == school_id)
        .options(joinedload(AccessRequest.subject), joinedload(AccessRequest.requester))
    )
    if not with_staff:
        stmt = stmt.where(Person.kind != "staff")
    clause = _status_clause(status, today)
    if clause is not None:
        stmt = stmt.where(clause)
    answered_last = AccessRequest.answered_on.is_not(None)
    return db.session.scalars(stmt.order_by(answered_last, _current_due(), AccessRequest.id).limit(MAX_ROWS)).all()


def requests_of(person: Person) -> Sequence[AccessRequest]:
    """The requests about `person`'s file, newest first (the person page)."""
    return db.session.scalars(
        select(AccessRequest)
        .where(AccessRequest.subject_id == person.id)
        .order_by(AccessRequest.received_on.desc(), AccessRequest.id.desc())
    ).all()


def due_for_reminder(today: date) -> Sequence[AccessRequest]:
    """Unanswered requests whose reminder day has come (a week before the due date) or that are late."""
    remind_from = date.fromordinal(today.toordinal() + rules.REMIND_DAYS_BEFORE)
    return db.session.scalars(
        select(AccessRequest)
        .where(AccessRequest.answered_on.is_(None), _current_due() <= remind_from)
        .options(joinedload(AccessRequest.subject))
        .order_by(AccessRequest.id)
    ).all()
