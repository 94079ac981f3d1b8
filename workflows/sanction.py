"""Sanction workflow: proposed -> (hearing) -> decided -> notified / objection window -> final.

Choices beyond the protocol text:
- `notify` leads to `objection_window` for measures open to objection and to `notified` for
  the light ones (plain warning, time-out), which can be finalized at once.
- `decide_objection` with outcome "overturned" goes straight to `revoked`; "upheld" goes
  to `objection_decided`, from where `finalize` applies the same finality conditions.
- The Inspectie follow-up for a suspension over one school day is due on the day of the
  decision: the law sets no term, and "inform" should not wait.
- The reprimand rules (intent in writing, response term) also apply to dismissal.
- A summary dismissal is notified without an objection window (staff_rules.py).
- A staff suspension always needs a hearing, so an extension, proposed as a new sanction,
  gets one automatically.
Ladder and measure rules live in sanction_rules.py.
"""

from datetime import date
from types import MappingProxyType
from typing import Any

from statemachine import State, StateMachine

from . import deadlines as D
from . import geschillencommissie as GC
from . import roles as R
from .effects import Flow, Option, Outcome, Params, Stateful, Verdict
from .errors import TransitionRefused
from .legal_status import objection_route
from .sanction_facts import Hearing, SanctionFacts
from .sanction_hearings import check_objector_heard
from .sanction_rules import (
    LADDERS,
    MAX_SUSPENSION_SCHOOL_DAYS,
    PUPIL,
    REMOVAL,
    STAFF,
    SUMMARY_DISMISSAL,
    SUSPENSION,
    TIMEOUT,
    check_decision,
    check_finality,
    check_immediate,
    check_timeout_proposal,
    informs_inspectie_after_decision,
    is_objectable,
    ladder,
    needs_hearing,
    needs_intent_letter,
    parents_involved,
    recipients,
    skipped_steps,
    suspension_school_days,
)

__all__ = [
    "Hearing",
    "SanctionFacts",
    "SanctionMachine",
    "available",
    "fire",
    "propose",
    "can_propose",
    "is_due_for_finalization",
    "needs_hearing",
    "ladder",
    "skipped_steps",
    "is_objectable",
    "LADDERS",
    "MAX_SUSPENSION_SCHOOL_DAYS",
    "OPEN_STATES",
]

UPHELD, OVERTURNED = "upheld", "overturned"

# Reason codes (the rule-specific ones are in sanction_rules.py).
HEARING_REQUIRED = "hearing_required"
NO_HEARING_NEEDED = "no_hearing_needed"
OBJECTION_WINDOW_OPEN = "objection_window_open"  # details: until
OBJECTION_WINDOW_CLOSED = "objection_window_closed"  # details: deadline
INVALID_OUTCOME = "invalid_outcome"
DATE_IN_FUTURE = "date_in_future"
UNKNOWN_KIND = "unknown_kind"
UNKNOWN_MEASURE = "unknown_measure"
LADDER_SKIP_NEEDS_JUSTIFICATION = "ladder_skip_needs_justification"  # details: skipped
# Warnings.
LADDER_SKIPPED = "ladder_skipped"


class SanctionMachine(StateMachine):
    proposed = State(initial=True, value="proposed")
    hearing = State(value="hearing")
    decided = State(value="decided")
    notified = State(value="notified")
    objection_window = State(value="objection_window")
    objection_filed = State(value="objection_filed")
    objection_decided = State(value="objection_decided")
    final = State(value="final", final=True)
    revoked = State(value="revoked", final=True)

    start_hearing = proposed.to(hearing)
    decide = proposed.to(decided) | hearing.to(decided)
    notify = decided.to(objection_window, cond="_wf_objectable") | decided.to(notified)
    file_objection = objection_window.to(objection_filed)
    decide_objection = objection_filed.to(objection_decided, cond="_wf_upheld") | objection_filed.to(revoked)
    finalize = notified.to(final) | objection_window.to(final) | objection_decided.to(final)
    revoke = (
        proposed.to(revoked)
        | hearing.to(revoked)
        | decided.to(revoked)
        | notified.to(revoked)
        | objection_window.to(revoked)
        | objection_filed.to(revoked)
        | objection_decided.to(revoked)
    )

    # Branch conditions; prefixed so they cannot clash with attributes of the bound model.
    def _wf_objectable(self, facts: SanctionFacts) -> bool:
        return is_objectable(facts.kind, facts.measure, facts)

    def _wf_upheld(self, params: Params) -> bool:
        return params.get("outcome") == UPHELD


_PROPOSERS = frozenset({R.COORDINATOR, R.DIRECTOR})
ROLES = {
    "start_hearing": _PROPOSERS,
    "decide": frozenset({R.DIRECTOR}),  # rule 1
    "notify": _PROPOSERS,
    "file_objection": _PROPOSERS,  # registering a received objection
    "decide_objection": frozenset({R.DIRECTOR}),
    "finalize": frozenset({R.DIRECTOR, R.SYSTEM}),
    "revoke": frozenset({R.DIRECTOR}),
}
OPEN_STATES = frozenset(s.value for s in SanctionMachine.states if not s.final)
_NOTIFIED_STATES = frozenset({"notified", "objection_window", "objection_filed", "objection_decided"})


def _check(v: Verdict, event: str, state: str, role: str, facts: SanctionFacts) -> None:
    kind, measure = facts.kind, facts.measure
    GC.check_waits_for_advice(v, event, facts.geschillencommissie)
    if event == "start_hearing":
        if not needs_hearing(kind, measure, facts):
            v.refuse(NO_HEARING_NEEDED)
    elif event == "decide":
        _check_decide(v, state, facts)
    elif event == "notify":
        if measure == SUMMARY_DISMISSAL and kind == STAFF:
            check_immediate(v, facts)  # rule 6: the reason is told the same day as well
    elif event == "file_objection":
        _check_objection_date(v, facts)
    elif event == "decide_objection":
        _check_objection_decision(v)
        check_objector_heard(v, facts)
    elif event == "finalize":
        _check_finalize(v, state, facts)
    elif event == "revoke":
        v.require("reason")


def _check_decide(v: Verdict, state: str, facts: SanctionFacts) -> None:
    if state == "proposed" and needs_hearing(facts.kind, facts.measure, facts):
        v.refuse(HEARING_REQUIRED)  # the other rules are checked after the hearing
    else:
        check_decision(v, facts)


def _check_objection_decision(v: Verdict) -> None:
    v.require("outcome", "reasons")
    if v.params.get("outcome") not in (None, UPHELD, OVERTURNED):
        v.refuse(INVALID_OUTCOME)


def _check_finalize(v: Verdict, state: str, facts: SanctionFacts) -> None:
    window_open = facts.objection_deadline is None or facts.today <= facts.objection_deadline
    if state == "objection_window" and window_open:
        v.refuse(OBJECTION_WINDOW_OPEN, until=facts.objection_deadline)
    check_finality(v, facts)


def _check_objection_date(v: Verdict, facts: SanctionFacts) -> None:
    deadline = facts.objection_deadline
    if v.preview:
        # A letter may have arrived in time and be registered later, so the button stays.
        if deadline is None or facts.today > deadline:
            v.warnings.append(OBJECTION_WINDOW_CLOSED)
        return
    received = v.params.get("received_on") or facts.today
    if received > facts.today:
        v.refuse(DATE_IN_FUTURE)
    if deadline is None or received > deadline:
        v.refuse(OBJECTION_WINDOW_CLOSED, deadline=deadline)


def _effects(out: Outcome, role: str, facts: SanctionFacts, params: Params) -> None:
    today, to = facts.today, recipients(facts)
    if out.event == "start_hearing":
        if needs_intent_letter(facts.kind, facts.measure, facts):
            # The response term starts once the letter is received (staff_rules.delivery_effects).
            out.notify("intended_measure", "employee")
        else:
            out.notify("hearing_invitation", *to)
    elif out.event == "decide":
        _decision_followups(out, facts)
    elif out.event == "notify":
        out.notified_on = today
        out.notify("sanction_decision", *to)
        if out.target == "objection_window":
            out.objection_deadline = D.objection_window_end(today)
    elif out.event == "file_objection":
        out.objection_received_on = params.get("received_on") or today
        window_end = facts.objection_deadline or today
        route = objection_route(facts.legal_status, facts.kind)
        out.objection_decision_due = D.objection_decision_due(out.objection_received_on, window_end, route)
        out.follow("decide_objection", out.objection_decision_due, R.DIRECTOR)
        # To the parents; an adult pupil who keeps them out objected alone.
        out.notify("objection_acknowledgement", *([r for r in to if r != "pupil"] or to))
    elif out.event == "decide_objection":
        out.objection_outcome = params["outcome"]
        out.notify("objection_decision", *to)
    elif out.event == "revoke" and out.source in _NOTIFIED_STATES:
        out.notify("sanction_revoked", *to)


def _decision_followups(out: Outcome, facts: SanctionFacts) -> None:
    today = facts.today
    if facts.kind == PUPIL and facts.measure == SUSPENSION:
        out.school_days = suspension_school_days(facts)
        if out.school_days > 1:  # rule 2
            out.follow("inform_inspectie", today, R.DIRECTOR)
    elif facts.kind == PUPIL and facts.measure == REMOVAL:  # rule 3
        out.follow("inform_leerplichtambtenaar", today, R.DIRECTOR)
        # The school must seek another school for the pupil within 8 weeks.
        out.follow("find_admitting_school", D.add_weeks(today, 8), R.DIRECTOR)
        if informs_inspectie_after_decision(facts):  # in writing, with reasons, once decided
            out.follow("inform_inspectie", today, R.DIRECTOR)
    elif facts.kind == PUPIL and facts.measure == TIMEOUT:
        _timeout_followups(out, facts)
    if facts.measure == SUMMARY_DISMISSAL:  # the employee is told the same day
        out.follow("notify_decision", today, R.DIRECTOR)


def _timeout_followups(out: Outcome, facts: SanctionFacts) -> None:
    """Due on the day of the time-out: the parents are told that day, and the signed report
    goes in the pupil file (a decision taken later makes them overdue at once)."""
    day = facts.start_date or facts.today
    if parents_involved(facts):
        out.follow("inform_parents_timeout", day, R.DIRECTOR)
    out.follow("file_timeout_report", day, R.DIRECTOR)


def _hidden(event: str, facts: SanctionFacts) -> bool:
    return event == "start_hearing" and not needs_hearing(facts.kind, facts.measure, facts)


_FLOW = Flow(SanctionMachine, ROLES, _check, _effects, _hidden)
STATES = tuple(s.value for s in SanctionMachine.states)
EVENTS = tuple(ROLES)


def available(state: str, role: str, facts: SanctionFacts) -> list[Option]:
    return _FLOW.available(state, role, facts)


def fire(model: Stateful, event: str, role: str, facts: SanctionFacts, **params: Any) -> Outcome:
    """Params: reasons (decide, decide_objection), override + override_reason (summary
    dismissal later than the day the reason became known), received_on (file_objection,
    default today), outcome "upheld"/"overturned" (decide_objection), reason (revoke)."""
    return _FLOW.fire(model, event, role, facts, params)


def _check_proposal(v: Verdict, role: str, facts: SanctionFacts) -> None:
    if role not in _PROPOSERS:  # rule 1
        v.refuse("role_not_allowed")
    if facts.kind not in LADDERS:
        v.refuse(UNKNOWN_KIND)
    elif facts.measure not in LADDERS[facts.kind]:
        v.refuse(UNKNOWN_MEASURE)
    else:
        skipped = skipped_steps(facts.kind, facts.measure, facts.earlier_measures)
        if skipped:  # rule 8
            v.justified(LADDER_SKIP_NEEDS_JUSTIFICATION, LADDER_SKIPPED, "justification", skipped=skipped)
        if facts.kind == PUPIL and facts.measure == TIMEOUT and not v.preview:
            check_timeout_proposal(v, facts)


def can_propose(role: str, facts: SanctionFacts) -> Option:
    """Preview for the proposal form; warnings list what the form must ask for."""
    v = Verdict(None)
    _check_proposal(v, role, facts)
    return Option("propose", not v.reasons, tuple(v.reasons), tuple(v.warnings), MappingProxyType(v.details))


def propose(model: Stateful, role: str, facts: SanctionFacts, **params: Any) -> Outcome:
    """Create a sanction: validates, then puts model.state in "proposed".
    Params: justification (required when the ladder is skipped)."""
    v = Verdict(params)
    _check_proposal(v, role, facts)
    if v.reasons:
        raise TransitionRefused("propose", tuple(v.reasons), v.details)
    out = Outcome("propose", None, _FLOW.start(model), warnings=list(v.warnings))
    out.skipped_steps = skipped_steps(facts.kind, facts.measure, facts.earlier_measures)
    if facts.measure == SUMMARY_DISMISSAL:  # rule 6: decide the same day
        out.follow("decide_sanction", facts.today, R.DIRECTOR)
    return out


def is_due_for_finalization(sanction_state: str, objection_deadline: date | None, today: date) -> bool:
    """Whether the scheduler should fire `finalize` (finality rules may still refuse it)."""
    if sanction_state in ("notified", "objection_decided"):
        return True
    return sanction_state == "objection_window" and objection_deadline is not None and today > objection_deadline
