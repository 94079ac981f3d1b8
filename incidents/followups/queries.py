"""Reading follow-ups: the "My tasks" list."""

from sqlalchemy import case as when
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from incidents.cases.access import visibility_clause
from incidents.cases.models import Case
from incidents.extensions import db
from incidents.followups.models import Followup

MAX_TASKS = 500


def my_tasks(user, school_id, role, today):
    """Open follow-ups for `user` or their role at the school, on cases they may see;
    overdue first, then by due date."""
    visible = select(Case.id).where(visibility_clause(user, school_id, role))
    mine = or_(Followup.assignee_id == user.id, (Followup.assignee_id.is_(None)) & (Followup.assignee_role == role))
    overdue_first = when((Followup.due_on < today, 0), else_=1)
    return db.session.scalars(
        select(Followup)
        .where(Followup.school_id == school_id, Followup.status == "open", mine, Followup.case_id.in_(visible))
        .options(joinedload(Followup.case))
        .order_by(overdue_first, Followup.due_on, Followup.id)
        .limit(MAX_TASKS)
    ).all()
