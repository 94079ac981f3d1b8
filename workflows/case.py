"""Case workflow: reported -> in_progress -> escalated -> monitoring -> closed.

Choices beyond the protocol text:
- take_over: a coordinator or director becomes the handler. The case moves to (or stays
  in) `escalated` at the taker's level, because "escalated" means "handled above the
  mentor". A coordinator cannot take a case back from the director.
- escalate is also allowed from `monitoring`: incidents can recur during aftercare.
- dismissed is final (reopen only applies to closed cases). Like close, dismiss is refused
  while sanctions or police reports are open, so nothing is left dangling.
- Parent contact and assigning a handler are not transitions; the caller records them.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from statemachine import State, StateMachine

from . import roles as R
from .effects import Flow, Option, Outcome, Params, Stateful, Verdict

# Reason codes.
ALREADY_HIGHEST_LEVEL = "already_highest_level"
ESCALATION_BEYOND_ROLE = "escalation_beyond_role"
HANDLED_AT_HIGHER_LEVEL = "handled_at_higher_level"
PARENTS_NOT_INFORMED = "parents_not_informed"  # details: pupils
OPEN_SANCTIONS = "open_sanctions"  # details: count
OPEN_POLICE_REPORTS = "open_police_reports"  # details: count


@dataclass(frozen=True)
class CaseFacts:
    today: date
    escalation_level: int = R.LEVEL_NONE  # 0 mentor, 1 coordinator, 2 director
    # Involved pupils under 18 with neither a parent-contact record nor a recorded reason.
    pupils_without_parent_contact: tuple[str, ...] = ()
    open_sanctions: int = 0
    open_police_reports: int = 0
    aftercare_days: int = 14  # school setting


class CaseMachine(StateMachine):
    reported = State(initial=True, value="reported")
    in_progress = State(value="in_progress")
    escalated = State(value="escalated")
    monitoring = State(value="monitoring")
    closed = State(value="closed")
    dismissed = State(value="dismissed", final=True)

    start = reported.to(in_progress)
    escalate = in_progress.to(escalated) | escalated.to.itself() | monitoring.to(escalated)
    take_over = reported.to(escalated) | in_progress.to(escalated) | escalated.to.itself()
    start_monitoring = in_progress.to(monitoring) | escalated.to(monitoring)
    close = in_progress.to(closed) | escalated.to(closed) | monitoring.to(closed)
    dismiss = reported.to(dismissed) | in_progress.to(dismissed) | escalated.to(dismissed)
    reopen = closed.to(in_progress)


_STAFF = frozenset({R.COORDINATOR, R.DIRECTOR})
ROLES = {
    "start": frozenset({R.MENTOR, R.COORDINATOR, R.DIRECTOR}),
    "escalate": frozenset({R.MENTOR, R.COORDINATOR}),  # nobody above the director
    "take_over": _STAFF,
    "start_monitoring": _STAFF,
    "close": _STAFF,
    "dismiss": _STAFF,
    "reopen": _STAFF,
}

# The level a role handles at, and the level its escalation leads to.
_ROLE_LEVEL = {R.MENTOR: R.LEVEL_NONE, R.COORDINATOR: R.LEVEL_COORDINATOR, R.DIRECTOR: R.LEVEL_DIRECTOR}


def _check_nothing_open(v: Verdict, facts: CaseFacts) -> None:
    if facts.open_sanctions:
        v.refuse(OPEN_SANCTIONS, count=facts.open_sanctions)
    if facts.open_police_reports:
        v.refuse(OPEN_POLICE_REPORTS, count=facts.open_police_reports)


def _check(v: Verdict, event: str, state: str, role: str, facts: CaseFacts) -> None:
    level = facts.escalation_level
    if event == "escalate":
        if level >= R.LEVEL_DIRECTOR:
            v.refuse(ALREADY_HIGHEST_LEVEL)
        elif role == R.MENTOR and level >= R.LEVEL_COORDINATOR:
            v.refuse(ESCALATION_BEYOND_ROLE)
    elif event == "take_over":
        if level > _ROLE_LEVEL[role]:
            v.refuse(HANDLED_AT_HIGHER_LEVEL, level=level)
    elif event == "close":
        if facts.pupils_without_parent_contact:
            v.refuse(PARENTS_NOT_INFORMED, pupils=facts.pupils_without_parent_contact)
        _check_nothing_open(v, facts)
    elif event == "dismiss":
        v.require("reason")
        _check_nothing_open(v, facts)
    elif event == "reopen":
        v.require("reason")


def _effects(out: Outcome, role: str, facts: CaseFacts, params: Params) -> None:
    if out.event == "escalate":
        out.escalation_level = _ROLE_LEVEL[role] + 1
    elif out.event == "take_over":
        out.escalation_level = max(facts.escalation_level, _ROLE_LEVEL[role])
    elif out.event == "start_monitoring":
        check_on = facts.today + timedelta(days=facts.aftercare_days)
        out.follow("aftercare_check", check_on, R.HANDLER)
        out.notify("monitoring_checkin", "parents", send_on=check_on)


_FLOW = Flow(CaseMachine, ROLES, _check, _effects)
STATES = tuple(s.value for s in CaseMachine.states)
EVENTS = tuple(ROLES)


def available(state: str, role: str, facts: CaseFacts) -> list[Option]:
    return _FLOW.available(state, role, facts)


def fire(model: Stateful, event: str, role: str, facts: CaseFacts, **params: Any) -> Outcome:
    """Params: reason (dismiss, reopen)."""
    return _FLOW.fire(model, event, role, facts, params)


def new(model: Stateful) -> str:
    """Set a new case to its initial state."""
    return _FLOW.start(model)
