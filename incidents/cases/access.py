"""Who sees which case: mentors their own reports and their groups' pupils,
coordinators and directors the whole school, admins no case content."""
from flask import abort, g
from flask_login import current_user
from sqlalchemy import false, select

from incidents.auth.policy import MANAGERS
from incidents.cases.models import Case, Involvement
from incidents.extensions import db
from incidents.people.models import Person
from incidents.schools.models import group_mentors


def visibility_clause(user, school_id, role):
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


def get_visible_case_or_404(case_id, *options):
    """The case if the current user may see it; otherwise 404, so existence is not leaked."""
    stmt = select(Case).where(
        Case.id == case_id, visibility_clause(current_user, g.school.id, g.role)
    )
    for option in options:
        stmt = stmt.options(option)
    case = db.session.scalar(stmt)
    if case is None:
        abort(404)
    return case
