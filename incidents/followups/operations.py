"""Turning a workflow outcome into follow-ups, and completing them."""
from incidents.audit.record import audit
from incidents.core import clock
from incidents.extensions import db
from incidents.followups.models import Followup
from workflows import roles as R


def _assignee_for(case, role):
    """HANDLER means the case's handler, or its reporter while nobody handles it."""
    if role == R.HANDLER:
        return case.handler_id or case.reported_by_id, None
    return None, role


def add_followup(case, kind, due_on, assignee_role=None, assignee_id=None, sanction=None, police_report=None,
                 note=None):
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


def persist_effects(case, outcome, sanction=None, police_report=None):
    """Create the follow-ups an outcome asks for. Notices to parents and staff become
    tasks for the coordinator until the outbox (follow-ups issue) delivers them."""
    created = []
    for spec in outcome.followups:
        assignee_id, role = _assignee_for(case, spec.assignee_role)
        created.append(add_followup(case, spec.kind, spec.due, role, assignee_id, sanction, police_report))
    for notice in outcome.notices:
        due = notice.send_on or clock.today()
        created.append(
            add_followup(case, f"notice:{notice.kind}:{notice.recipients}", due, R.COORDINATOR,
                         sanction=sanction, police_report=police_report)
        )
    return created


def complete_followup(item, user, note=None):
    if item.status != "open":
        return False
    item.status = "done"
    item.done_at = clock.utc_now()
    item.done_by_id = user.id
    if note:
        item.note = note
    audit("followup.done", item)
    return True
