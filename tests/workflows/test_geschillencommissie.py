"""The Geschillencommissie passend onderwijs on a removal (WPO 43 / WVO 27(2)), one named test per rule."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from workflows import geschillencommissie as GC
from workflows import sanction
from workflows.errors import TransitionRefused

TODAY = date(2027, 2, 16)  # a Tuesday
DECIDED_ON = date(2027, 2, 1)
REMOVAL_OBJECTED = sanction.SanctionFacts(
    today=TODAY,
    kind="pupil",
    measure="removal",
    earlier_measures=("suspension",),
    notified_on=DECIDED_ON,
    objection_deadline=date(2027, 3, 15),
)
PENDING = GC.AdviceRequest(requested_on=date(2027, 2, 10))
ADVISED = GC.AdviceRequest(requested_on=date(2027, 2, 10), advice_received_on=TODAY, advice_outcome=GC.UNFOUNDED)


def request(state="objection_filed", current=None, requested_on=TODAY, kind="pupil", measure="removal"):
    return GC.record_request(kind, measure, state, DECIDED_ON, current, requested_on, TODAY)


def refusal(call, *args, **kwargs):
    with pytest.raises(TransitionRefused) as exc:
        call(*args, **kwargs)
    return exc.value


@pytest.mark.parametrize(
    "kind, measure, applies",
    [("pupil", "removal", True), ("pupil", "suspension", False), ("staff", "dismissal", False)],
)
@pytest.mark.rule("geschillencommissie")
def test_the_commission_advises_on_a_pupils_removal_only(kind, measure, applies):
    assert GC.applies(kind, measure) is applies


@pytest.mark.rule("geschillencommissie")
def test_the_advice_is_due_ten_weeks_after_the_request():
    assert GC.advice_due(date(2027, 1, 5)) == date(2027, 3, 16)


@pytest.mark.rule("atw-shift")
def test_the_advice_term_ending_on_kings_day_runs_to_the_next_day_atw():
    # Tuesday 16 February 2027 + 10 weeks = Tuesday 27 April, King's Day.
    assert GC.advice_due(date(2027, 2, 16)) == date(2027, 4, 28)


def test_a_request_plans_the_directors_task_to_record_the_advice():
    out = request()
    assert [(f.kind, f.due, f.assignee_role) for f in out.followups] == [
        ("geschillencommissie_advice", date(2027, 4, 28), "director")
    ]


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"measure": "suspension"}, GC.NOT_A_REMOVAL),
        ({"current": PENDING}, GC.ALREADY_REQUESTED),
        ({"state": "proposed"}, GC.REQUEST_NOT_NOW),
        ({"state": "objection_decided"}, GC.REQUEST_NOT_NOW),
        ({"requested_on": date(2027, 2, 17)}, GC.DATE_IN_FUTURE),
        ({"requested_on": date(2027, 1, 31)}, GC.REQUEST_BEFORE_DECISION),
    ],
)
def test_a_request_is_refused_when_it_cannot_be_one(kwargs, reason):
    assert refusal(request, **kwargs).reasons == (reason,)


@pytest.mark.parametrize(
    "current, received_on, outcome, reason",
    [
        (None, TODAY, GC.UNFOUNDED, GC.NO_REQUEST),
        (ADVISED, TODAY, GC.UNFOUNDED, GC.ADVICE_ALREADY_RECORDED),
        (PENDING, date(2027, 2, 9), GC.UNFOUNDED, GC.ADVICE_BEFORE_REQUEST),
        (PENDING, date(2027, 2, 17), GC.UNFOUNDED, GC.DATE_IN_FUTURE),
        (PENDING, TODAY, "maybe", GC.INVALID_OUTCOME),
    ],
)
def test_an_advice_is_refused_when_it_cannot_be_one(current, received_on, outcome, reason):
    assert refusal(GC.record_advice, current, received_on, outcome, TODAY).reasons == (reason,)


def test_an_advice_completes_the_request():
    assert GC.record_advice(PENDING, TODAY, GC.WELL_FOUNDED, TODAY) == GC.AdviceRequest(
        date(2027, 2, 10), TODAY, GC.WELL_FOUNDED
    )
    assert PENDING.pending and not ADVISED.pending


def _reasons(state, event, facts):
    [option] = [o for o in sanction.available(state, "director", facts) if o.event == event]
    return option


@pytest.mark.rule("geschillencommissie")
def test_the_objection_decision_waits_for_a_pending_advice():
    facts = replace(REMOVAL_OBJECTED, geschillencommissie=PENDING)
    option = _reasons("objection_filed", "decide_objection", facts)
    assert not option.allowed and GC.ADVICE_PENDING in option.reasons
    assert option.details[GC.ADVICE_PENDING] == {"due": date(2027, 4, 21)}
    err = refusal(
        sanction.fire,
        SimpleNamespace(state="objection_filed"),
        "decide_objection",
        "director",
        facts,
        outcome="upheld",
        reasons="Bezwaar ongegrond.",
    )
    assert GC.ADVICE_PENDING in err.reasons


@pytest.mark.rule("geschillencommissie")
@pytest.mark.parametrize("advice", [None, ADVISED])
def test_the_objection_decision_no_longer_waits_once_advised_or_without_request(advice):
    facts = replace(REMOVAL_OBJECTED, geschillencommissie=advice)
    assert GC.ADVICE_PENDING not in _reasons("objection_filed", "decide_objection", facts).reasons


@pytest.mark.rule("geschillencommissie")
def test_the_removal_does_not_become_final_while_the_advice_is_pending():
    facts = replace(
        REMOVAL_OBJECTED,
        today=date(2027, 3, 16),
        geschillencommissie=PENDING,
        admitting_school="Het Andere College",
        admitting_school_agreed_on=date(2027, 3, 1),
    )
    assert GC.ADVICE_PENDING in _reasons("objection_window", "finalize", facts).reasons
    facts = replace(facts, geschillencommissie=ADVISED)
    assert GC.ADVICE_PENDING not in _reasons("objection_window", "finalize", facts).reasons


@pytest.mark.rule("geschillencommissie")
def test_the_decision_term_stands_still_from_the_request_until_the_advice_special_school():
    # Objection received 10 February 2027: 4 weeks end on 10 March. The term counted from
    # 11 February and stood still until the advice of 14 April: 62 days later, 11 May.
    advice = GC.AdviceRequest(date(2027, 2, 10), date(2027, 4, 14), GC.UNFOUNDED)
    assert GC.suspended_days(advice, date(2027, 2, 11)) == 62
    assert GC.decision_due_after_advice(date(2027, 2, 10), date(2027, 3, 15), "special", advice) == date(2027, 5, 11)


def test_the_public_schools_term_stands_still_only_once_it_runs():
    # Awb 7:10: the 6 weeks run from 16 March, the day after the window; the request of 1 March
    # suspends them only from then until the advice of 20 April: 35 days after 26 April.
    advice = GC.AdviceRequest(date(2027, 3, 1), date(2027, 4, 20), GC.UNFOUNDED)
    assert GC.decision_due_after_advice(date(2027, 3, 1), date(2027, 3, 15), "public", advice) == date(2027, 5, 31)


def test_an_advice_before_the_term_runs_suspends_nothing():
    advice = GC.AdviceRequest(date(2027, 2, 1), date(2027, 2, 5), GC.UNFOUNDED)
    assert GC.suspended_days(advice, date(2027, 2, 11)) == 0


def test_a_pending_advice_has_no_suspension_yet():
    with pytest.raises(ValueError):
        GC.suspended_days(PENDING, date(2027, 2, 11))
