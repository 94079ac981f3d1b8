"""Turning a workflow outcome into follow-ups, and completing or cancelling them."""

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select

from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.auth.policy import CASE_ROLES
from incidents.cases.access import case_viewers
from incidents.cases.models import Case
from incidents.core import clock
from incidents.core.types import Identified
from incidents.extensions import db
from incidents.followups.hooks import followup_done
from incidents.followups.models import Followup


class NotAssignable(ValueError):
    """The chosen person may not see the case, or the role is no case role."""


def add_followup(
    case: Case,
    kind: str,
    due_on: date,
    assignee_role: str | None = None,
    assignee_id: int | None = None,
    sanction: Identified | None = None,
    police_report: Identified | None = None,
    note: str | None = None,
) -> Followup:
    item = Followup(
        school_id=case.school_id,
        case_id=case.id,
        sanction_id=sanction.id if sanction is not None else None,
        police_report_id=police_report.id if police_report is not None else None,
        kind=kind,
        due_on=due_on,
        assignee_role=assignee_role,
        assignee_id=assignee_id,
        status="open",
        note=note,
    )
    db.session.add(item)
    return item


def assignable_users(case: Case) -> Sequence[User]:
    """Active users who may see `case`, by name: a task on a case they cannot open would be
    hidden from their task list, yet still reminded by e-mail."""
    seeing = case_viewers([case.id]).subquery()
    return db.session.scalars(select(User).join(seeing, seeing.c.user_id == User.id).order_by(User.name, User.id)).all()


def plan_followup(
    case: Case,
    user: User,
    kind: str,
    due_on: date,
    note: str | None,
    assignee_id: int | None = None,
    assignee_role: str | None = None,
) -> Followup:
    """A follow-up planned by hand for a person who may see the case, or for a role."""
    if assignee_id is not None and assignee_id not in {u.id for u in assignable_users(case)}:
        raise NotAssignable(assignee_id)
    if assignee_id is None and assignee_role not in CASE_ROLES:
        raise NotAssignable(assignee_role)
    item = add_followup(case, kind, due_on, assignee_role=assignee_role, assignee_id=assignee_id, note=note)
    db.session.flush()
    audit("followup.create", item, detail=f"case={case.id}")
    return item


def complete_followup(item: Followup, user: User, note: str | None = None) -> bool:
    if item.status != "open":
        return False
    item.status = "done"
    item.done_at = clock.utc_now()
    item.done_by_id = user.id
    if note:
        item.note = note
    followup_done(item)  # e.g. notices: letters posted count as the parents informed from now on
    audit("followup.done", item)
    return True


def cancel_followup(item: Followup, user: User, reason: str) -> bool:
    if item.status != "open":
        return False
    item.status = "cancelled"
    item.cancel_reason = reason
    item.cancelled_at = clock.utc_now()
    item.cancelled_by_id = user.id
    audit("followup.cancel", item)
    return True


def recipients_of(
    item: Followup, school_users_by_role: Mapping[tuple[int, str | None], Sequence[User]], viewers: Mapping[int, str]
) -> list[User]:
    """The users a follow-up reaches, only among `viewers` ({user_id: role} of those who may
    see its case): its assignee, or the holders of its role who may see the case (so a mentors'
    task reaches the case's mentors, not every mentor of the school)."""
    if item.assignee_id is not None:
        assignee = item.assignee
        return [assignee] if assignee is not None and assignee.active and assignee.id in viewers else []
    return [
        user
        for user in school_users_by_role.get((item.school_id, item.assignee_role), ())
        if viewers.get(user.id) == item.assignee_role
    ]
