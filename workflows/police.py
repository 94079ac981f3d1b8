"""Police report (aangifte) workflow: considered -> filed -> outcome_recorded, or not_filed.

Choices beyond the protocol text:
- For offences only the victim can report (Sr 261, 262, 266) the school records its support
  for the victim's report as a transition to `victim_supported`, so the record is closed
  and no longer blocks closing the case. Those offences cannot be `file`d by the school.
- A sexual offence by a staff member: filing and deciding not to file are both blocked
  until the mandatory steps are done; once the confidential inspector finds reasonable
  suspicion the board must report (WPO 4a / WVO 3.8), so not filing is refused.
- Once that suspicion is recorded, a task "file the report now" is due the same day for the
  directors (WPO 4a: "onverwijld"); filing completes it.
- Sharing sexual images without consent (Sr 139h) is no complaint offence: the school may file.
- "The victim learned of it on" cannot lie after today: the complaint term (Sr 66) would run
  longer than the law allows.
- All events are the director's, except recording support, which care coordinators do too.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from statemachine import State, StateMachine

from . import deadlines as D
from . import roles as R
from .effects import Flow, Option, Outcome, Params, Stateful, Verdict
from .errors import TransitionRefused

SR261, SR262, SR266 = "sr261", "sr262", "sr266"  # defamation, slander, insult
SR285 = "sr285"  # threats
SR252 = "sr252"  # sexual images of minors
SR139H = "sr139h"  # sharing sexual images without consent ("wraakporno")
SEXUAL_OFFENCE_STAFF = "sexual_offence_staff"
OFFENCES = (SR261, SR262, SR266, SR285, SR252, SR139H, SEXUAL_OFFENCE_STAFF)
VICTIM_ONLY = frozenset({SR261, SR262, SR266})
PARENTS_FILE_UNDER_AGE = 16
MANDATORY_STEPS = ("inform_board", "consult_confidential_inspector", "inform_parents", "inform_accused")
FILE_NOW = "file_police_report"  # follow-up once a reasonable suspicion is recorded

# Reason codes.
UNKNOWN_OFFENCE = "unknown_offence"
VICTIM_ONLY_OFFENCE = "victim_only_offence"
NOT_VICTIM_ONLY_OFFENCE = "not_victim_only_offence"
MANDATORY_STEPS_OPEN = "mandatory_steps_open"
REPORTING_OBLIGATION = "reporting_obligation"
PARENTS_MUST_FILE = "parents_must_file"  # victim under 16
INVALID_FILED_BY = "invalid_filed_by"
KNOWN_ON_REQUIRED = "known_on_required"
COMPLAINT_TERM_EXPIRED = "complaint_term_expired"  # details: deadline
DATE_IN_FUTURE = "date_in_future"


@dataclass(frozen=True)
class PoliceFacts:
    today: date
    offence: str  # one of OFFENCES
    victim_age: int | None = None
    known_on: date | None = None  # when the victim learned of the offence (complaint term)
    mandatory_steps_done: bool = False  # all MANDATORY_STEPS follow-ups done
    reasonable_suspicion: bool = False  # confidential inspector's conclusion


class PoliceMachine(StateMachine):
    considered = State(initial=True, value="considered")
    filed = State(value="filed")
    outcome_recorded = State(value="outcome_recorded", final=True)
    not_filed = State(value="not_filed", final=True)
    victim_supported = State(value="victim_supported", final=True)

    file = considered.to(filed)
    record_outcome = filed.to(outcome_recorded)
    decide_not_to_file = considered.to(not_filed)
    record_support = considered.to(victim_supported)


_DIRECTOR = frozenset({R.DIRECTOR})
ROLES = {
    "file": _DIRECTOR,
    "record_outcome": _DIRECTOR,
    "decide_not_to_file": _DIRECTOR,
    "record_support": frozenset({R.COORDINATOR, R.DIRECTOR}),
}
OPEN_STATES = frozenset({"considered", "filed"})


def _check(v: Verdict, event: str, state: str, role: str, facts: PoliceFacts) -> None:
    offence = facts.offence
    if offence not in OFFENCES:
        v.refuse(UNKNOWN_OFFENCE)
        return
    if event == "file":
        if offence in VICTIM_ONLY:
            v.refuse(VICTIM_ONLY_OFFENCE)
        _check_mandatory_steps(v, facts)
        v.require("police_unit", "report_number")
        _check_not_future(v, facts, "filed_on")
    elif event == "record_outcome":
        v.require("outcome")
    elif event == "decide_not_to_file":
        v.require("reason")
        _check_mandatory_steps(v, facts)
        if offence == SEXUAL_OFFENCE_STAFF and facts.reasonable_suspicion:
            v.refuse(REPORTING_OBLIGATION)
    elif event == "record_support":
        _check_support(v, facts)


def _check_mandatory_steps(v: Verdict, facts: PoliceFacts) -> None:
    if facts.offence == SEXUAL_OFFENCE_STAFF and not facts.mandatory_steps_done:
        v.refuse(MANDATORY_STEPS_OPEN, steps=MANDATORY_STEPS)


def _check_not_future(v: Verdict, facts: PoliceFacts, param: str) -> None:
    when = v.params.get(param)
    if when is not None and when > facts.today:
        v.refuse(DATE_IN_FUTURE)


def _check_support(v: Verdict, facts: PoliceFacts) -> None:
    if facts.offence not in VICTIM_ONLY:
        v.refuse(NOT_VICTIM_ONLY_OFFENCE)
        return
    if facts.known_on is None:
        v.refuse(KNOWN_ON_REQUIRED)
    elif facts.known_on > facts.today:
        v.refuse(DATE_IN_FUTURE)
    else:
        deadline = D.complaint_deadline(facts.known_on)
        if (v.params.get("filed_on") or facts.today) > deadline:
            v.refuse(COMPLAINT_TERM_EXPIRED, deadline=deadline)
    _check_not_future(v, facts, "filed_on")
    if v.preview:
        return
    filed_by = v.params.get("filed_by")
    if filed_by not in ("victim", "parents"):
        v.refuse(INVALID_FILED_BY)
    elif filed_by == "victim" and facts.victim_age is not None and facts.victim_age < PARENTS_FILE_UNDER_AGE:
        v.refuse(PARENTS_MUST_FILE)


def _effects(out: Outcome, role: str, facts: PoliceFacts, params: Params) -> None:
    if out.event == "record_support" and facts.known_on is not None:
        out.complaint_deadline = D.complaint_deadline(facts.known_on)


def _hidden(event: str, facts: PoliceFacts) -> bool:
    return event == "record_support" and facts.offence not in VICTIM_ONLY


_FLOW = Flow(PoliceMachine, ROLES, _check, _effects, _hidden)
STATES = tuple(s.value for s in PoliceMachine.states)
EVENTS = tuple(ROLES)


def available(state: str, role: str, facts: PoliceFacts) -> list[Option]:
    return _FLOW.available(state, role, facts)


def fire(model: Stateful, event: str, role: str, facts: PoliceFacts, **params: Any) -> Outcome:
    """Params: file: police_unit, report_number, filed_on (default today);
    record_outcome: outcome; decide_not_to_file: reason;
    record_support: filed_by ("victim" or "parents"), filed_on (default today)."""
    return _FLOW.fire(model, event, role, facts, params)


def new(model: Stateful) -> str:
    """Set a new police-report record to its initial state."""
    return _FLOW.start(model)


def opening_errors(offence: str, today: date, known_on: date | None) -> dict[str, str]:
    """Field -> reason code for a police-report record that cannot be opened as entered."""
    errors: dict[str, str] = {}
    if offence not in OFFENCES:
        errors["offence"] = UNKNOWN_OFFENCE
    if known_on is not None and known_on > today:
        errors["known_on"] = DATE_IN_FUTURE
    return errors


def opening_effects(offence: str, today: date, known_on: date | None = None) -> Outcome:
    """Effects of creating a police-report record for `offence` (see `opening_errors`)."""
    errors = opening_errors(offence, today, known_on)
    if errors:
        raise TransitionRefused("open", tuple(errors.values()))
    out = Outcome("open", None, PoliceMachine.initial_state.value)
    if offence == SEXUAL_OFFENCE_STAFF:  # all due at once, before any report is filed
        for kind in MANDATORY_STEPS:
            out.follow(kind, today, R.DIRECTOR)
    elif offence in VICTIM_ONLY:
        out.warnings.append(VICTIM_ONLY_OFFENCE)
        if known_on is not None:
            out.complaint_deadline = D.complaint_deadline(known_on)
            out.follow("support_victim_report", out.complaint_deadline, R.COORDINATOR)
    return out


def suspicion_effects(offence: str, found: bool, found_before: bool, today: date) -> Outcome:
    """Effects of recording the confidential inspector's conclusion: a newly found reasonable
    suspicion of a sexual offence by staff makes filing due today, for the directors."""
    out = Outcome("record_suspicion", None, PoliceMachine.initial_state.value)
    if offence == SEXUAL_OFFENCE_STAFF and found and not found_before:
        out.follow(FILE_NOW, today, R.DIRECTOR)
    return out
