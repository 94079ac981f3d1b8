"""Moving a case through its workflow: one operation per request, one transaction."""

from sqlalchemy.orm.attributes import flag_modified

from incidents.cases.facts import case_facts
from incidents.core import clock
from incidents.core.concurrency import check_version, flush_or_stale
from incidents.effects.persist import persist_effects
from incidents.extensions import db
from incidents.notices.cancel import cancel_pending_checkins
from workflows import case as case_flow


def case_options(case, role):
    return case_flow.available(case.state, role, case_facts(case, clock.today()))


def transition_case(case, user, role, event, expected_version, reason=None):
    """Fire `event`; raises TransitionRefused or StaleRecord and then changes nothing."""
    check_version(case, expected_version)
    facts = case_facts(case, clock.today())
    params = {"reason": reason} if reason else {}
    outcome = case_flow.fire(case, event, role, facts, **params)
    if outcome.escalation_level is not None:
        case.escalation_level = outcome.escalation_level
    if event in ("start", "reopen") and case.handler_id is None:
        case.handler_id = user.id
    if event == "take_over":
        case.handler_id = user.id
    if event == "escalate":
        case.handler_id = None  # it leaves the escalating user's hands; the next level takes it over
    flag_modified(case, "state")  # always an UPDATE, so the version check always runs
    case.log(f"case.{event}", user, reason, detail=f"{outcome.source}->{outcome.target}")
    flush_or_stale()  # the version check first: the effects below (notices) flush as well
    persist_effects(case, outcome, user=user)
    if outcome.target != "monitoring":
        # Aftercare is over (closed, dismissed) or the incident flared up again (escalated):
        # the parents' check-in must not arrive as if all were calm. Same transaction.
        cancel_pending_checkins(case, user, event)
    db.session.flush()
    return outcome
