"""The Geschillencommissie passend onderwijs (toelating en verwijdering) on a pupil's removal.

WPO art. 43 and WVO art. 27(2): every board is affiliated with the national commission; on
the parents' request it advises the board on a removal decision, within ten weeks of receiving
the request, and a board that also has the parents' objection decides on it only once the
advice is in. The Stichting Onderwijsgeschillen runs the commission for public and special
schools alike and the articles speak of "the board" of any school, so, unlike the issue's
"for special schools", Meldpunt offers this step at both kinds of school.

The wait is a suspension: the board's term to decide on the objection stands still from the
day the dispute was brought before the commission until the day it advised (as the
Stichting Onderwijsgeschillen describes the "opschortende werking" of the education acts), so
recording the advice moves the objection decision's due date on by those days.

Chosen here: the removal cannot become final either while the advice is pending, so the
advice is never overtaken by the scheduler (the law does not say so; the board's decision
would otherwise be final before it could weigh the advice).
"""

from dataclasses import dataclass
from datetime import date
from typing import Final

from . import atw
from . import deadlines as D
from . import roles as R
from .effects import Outcome, Verdict
from .errors import TransitionRefused

ADVICE_WEEKS: Final = 10  # WPO 43 / WVO 27(2): the commission advises within ten weeks

WELL_FOUNDED: Final = "well_founded"  # the parents' request is "gegrond"
PARTLY_WELL_FOUNDED: Final = "partly_well_founded"
UNFOUNDED: Final = "unfounded"
INADMISSIBLE: Final = "inadmissible"  # "niet-ontvankelijk"
OUTCOMES: Final = (WELL_FOUNDED, PARTLY_WELL_FOUNDED, UNFOUNDED, INADMISSIBLE)

# A request can be recorded once the removal is decided and before the board's objection decision.
REQUEST_STATES: Final = frozenset({"decided", "objection_window", "objection_filed"})
WAITING_EVENTS: Final = frozenset({"decide_objection", "finalize"})
ADVICE_FOLLOWUP: Final = "geschillencommissie_advice"

# Reason codes.
NOT_A_REMOVAL: Final = "geschillencommissie_not_a_removal"
REQUEST_NOT_NOW: Final = "geschillencommissie_request_not_now"
ALREADY_REQUESTED: Final = "geschillencommissie_already_requested"
NO_REQUEST: Final = "geschillencommissie_no_request"
ADVICE_ALREADY_RECORDED: Final = "geschillencommissie_advice_already_recorded"
ADVICE_BEFORE_REQUEST: Final = "geschillencommissie_advice_before_request"
REQUEST_BEFORE_DECISION: Final = "geschillencommissie_request_before_decision"
INVALID_OUTCOME: Final = "geschillencommissie_invalid_outcome"
ADVICE_PENDING: Final = "geschillencommissie_advice_pending"  # details: due
DATE_IN_FUTURE: Final = "date_in_future"


@dataclass(frozen=True)
class AdviceRequest:
    """The parents' request to the commission, as recorded on the sanction."""

    requested_on: date
    advice_received_on: date | None = None
    advice_outcome: str | None = None

    @property
    def pending(self) -> bool:
        return self.advice_received_on is None


def applies(kind: str, measure: str) -> bool:
    """The commission advises on a pupil's removal (not on a suspension or a staff measure)."""
    return kind == "pupil" and measure == "removal"


def advice_due(requested_on: date) -> date:
    """Ten weeks after the commission received the request; Atw art. 1 shift (a term set by law)."""
    return atw.extend_last_day(D.add_weeks(requested_on, ADVICE_WEEKS))


def check_waits_for_advice(v: Verdict, event: str, request: AdviceRequest | None) -> None:
    """The board's objection decision (and the removal's finality) waits for the advice."""
    if event in WAITING_EVENTS and request is not None and request.pending:
        v.refuse(ADVICE_PENDING, due=advice_due(request.requested_on))


def suspended_days(request: AdviceRequest, term_starts: date) -> int:
    """Days the objection-decision term stood still: from the day the dispute came before the
    commission (or the term's first day, if later) until the day it advised."""
    if request.advice_received_on is None:
        raise ValueError("the advice is still pending")
    return max(0, (request.advice_received_on - max(request.requested_on, term_starts)).days)


def decision_due_after_advice(received_on: date, window_end: date, legal_status: str, request: AdviceRequest) -> date:
    """The board's last day to decide on the objection once the advice is in."""
    start = D.objection_decision_term_start(received_on, window_end, legal_status)
    return D.objection_decision_due(received_on, window_end, legal_status, suspended_days(request, start))


def _refuse_if(v: Verdict, event: str) -> None:
    if v.reasons:
        raise TransitionRefused(event, tuple(v.reasons), v.details)


def record_request(
    kind: str,
    measure: str,
    state: str,
    decided_on: date | None,
    current: AdviceRequest | None,
    requested_on: date,
    today: date,
) -> Outcome:
    """The parents asked the commission for advice: a task for the director to watch for the
    advice, due ten weeks later. Raises TransitionRefused."""
    v = Verdict({})
    if not applies(kind, measure):
        v.refuse(NOT_A_REMOVAL)
    elif current is not None:
        v.refuse(ALREADY_REQUESTED)
    elif state not in REQUEST_STATES:
        v.refuse(REQUEST_NOT_NOW)
    if requested_on > today:
        v.refuse(DATE_IN_FUTURE)
    elif decided_on is not None and requested_on < decided_on:
        v.refuse(REQUEST_BEFORE_DECISION, decided_on=decided_on)
    _refuse_if(v, "request_advice")
    out = Outcome("request_advice", state, state)
    out.follow(ADVICE_FOLLOWUP, advice_due(requested_on), R.DIRECTOR)
    return out


def record_advice(current: AdviceRequest | None, received_on: date, outcome: str, today: date) -> AdviceRequest:
    """The commission's advice arrived; returns the completed request. Raises TransitionRefused."""
    v = Verdict({})
    if current is None:
        v.refuse(NO_REQUEST)
    elif not current.pending:
        v.refuse(ADVICE_ALREADY_RECORDED)
    elif received_on < current.requested_on:
        v.refuse(ADVICE_BEFORE_REQUEST, requested_on=current.requested_on)
    if received_on > today:
        v.refuse(DATE_IN_FUTURE)
    if outcome not in OUTCOMES:
        v.refuse(INVALID_OUTCOME)
    _refuse_if(v, "record_advice")
    assert current is not None  # refused above otherwise
    return AdviceRequest(current.requested_on, received_on, outcome)
