"""Who sees which case: mentors their own reports and their groups' pupils,
coordinators and directors the whole school, admins no case content."""

from collections.abc import Iterable

from flask import abort, g
from flask_login import current_user
from sqlalchemy import ColumnElement, CompoundSelect, false, select
from sqlalchemy.orm.interfaces import LoaderOption

from incidents.auth.models import Membership, User
from incidents.auth.policy import MANAGERS
from incidents.cases.models import Case, Involvement
from incidents.extensions import db
from incidents.people.models import Person
from incidents.schools.models import group_mentors


def visibility_clause(user: User, school_id: int, role: str | None) -> ColumnElement[bool]:
    """A WHERE clause limiting cases to what `user` may see at `school_id`."""
    at_school = Case.school_id == school_id
    if role in MANAGERS:
        return at_school
    if role == "mentor":
        # A union of two small id sets, so a mentor with few cases never walks the school's.
        own = select(Case.id).where(Case.school_id == school_id, Case.reported_by_id == user.id)
        of_my_pupils = (
            select(Involvement.case_id)
            .join(Person, Person.id == Involvement.person_id)
            .join(group_mentors, group_mentors.c.group_id == Person.group_id)
            .where(group_mentors.c.user_id == user.id)
        )
        return at_school & Case.id.in_(own.union(of_my_pupils))
    return false()


def get_visible_case_or_404(case_id: int, *options: LoaderOption) -> Case:
    """The case if the current user may see it; otherwise 404, so existence is not leaked."""
    stmt = select(Case).where(Case.id == case_id, visibility_clause(current_user, g.school.id, g.role))
    for option in options:
        stmt = stmt.options(option)
    case = db.session.scalar(stmt)
    if case is None:
        abort(404)
    return case


def case_viewers(case_ids: Iterable[int]) -> CompoundSelect[int, int, str]:
    """SELECT of (case_id, user_id, role): the active users who may see each of `case_ids`.

    The inverse of `visibility_clause` (keep the two in step; tests/followups/test_visibility.py
    compares them): the school's coordinators and directors, the reporter if a mentor there, and
    the mentors of the involved people's groups. One statement for any number of cases, so jobs
    (reminders) need not ask per user per case."""
    case_ids = list(case_ids)
    active = User.active.is_(True) & Membership.grants_clause()  # a pending or disabled role sees nothing
    managers = (
        select(Case.id.label("case_id"), Membership.user_id, Membership.role)
        .join(Membership, Membership.school_id == Case.school_id)
        .join(User, User.id == Membership.user_id)
        .where(Case.id.in_(case_ids), Membership.role.in_(MANAGERS), active)
    )
    reporters = (
        select(Case.id, Membership.user_id, Membership.role)
        .join(Membership, (Membership.school_id == Case.school_id) & (Membership.user_id == Case.reported_by_id))
        .join(User, User.id == Membership.user_id)
        .where(Case.id.in_(case_ids), Membership.role == "mentor", active)
    )
    group_mentors_of = (
        select(Case.id, Membership.user_id, Membership.role)
        .join(Involvement, Involvement.case_id == Case.id)
        .join(Person, Person.id == Involvement.person_id)
        .join(group_mentors, group_mentors.c.group_id == Person.group_id)
        .join(Membership, (Membership.user_id == group_mentors.c.user_id) & (Membership.school_id == Case.school_id))
        .join(User, User.id == Membership.user_id)
        .where(Case.id.in_(case_ids), Membership.role == "mentor", active)
    )
    return managers.union(reporters, group_mentors_of)  # UNION: a mentor found twice counts once


def viewers_by_case(case_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """{case_id: {user_id: role}} for `case_ids` (see `case_viewers`)."""
    viewers: dict[int, dict[int, str]] = {case_id: {} for case_id in case_ids}
    if viewers:
        for case_id, user_id, role in db.session.execute(case_viewers(viewers)):
            viewers[case_id][user_id] = role
    return viewers
