"""Carrying out a workflow's outcome: the follow-ups and notices it asks for.

Case, sanction and police steps all end here, in the step's transaction. This module sits
between the pure workflows and the features that carry their effects out (follow-ups,
scheduled notices), so those features need not know about each other.
"""

from incidents.auth.models import User
from incidents.cases.models import Case
from incidents.core import clock
from incidents.core.types import Identified
from incidents.followups.models import Followup
from incidents.followups.operations import add_followup
from incidents.notices.scheduled import schedule_monitoring_checkin
from workflows import roles as R
from workflows.effects import Outcome


def _assignee_for(case: Case, role: str) -> tuple[int | None, str | None]:
    """HANDLER means the case's handler, or its reporter while nobody handles it."""
    if role == R.HANDLER:
        return case.handler_id or case.reported_by_id, None
    return None, role


def persist_effects(
    case: Case,
    outcome: Outcome,
    sanction: Identified | None = None,
    police_report: Identified | None = None,
    user: User | None = None,
) -> list[Followup]:
    """Create the follow-ups an outcome asks for. The monitoring check-in becomes a scheduled
    notice to the parents; other notices (decision letters, hearing invitations) stay tasks
    for the coordinator, who sends those letters."""
    created: list[Followup] = []
    for spec in outcome.followups:
        assignee_id, role = _assignee_for(case, spec.assignee_role)
        created.append(add_followup(case, spec.kind, spec.due, role, assignee_id, sanction, police_report))
    for notice in outcome.notices:
        due = notice.send_on or clock.today()
        if notice.kind == "monitoring_checkin" and notice.recipients == "parents":
            created.extend(schedule_monitoring_checkin(case, due, user))
            continue
        created.append(
            add_followup(
                case,
                f"notice:{notice.kind}:{notice.recipients}",
                due,
                R.COORDINATOR,
                sanction=sanction,
                police_report=police_report,
            )
        )
    return created
