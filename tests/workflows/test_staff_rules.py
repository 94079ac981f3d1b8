"""Staff sanction rules (workflows/staff_rules.py), one named test per rule: the intended
measure's delivery dates, the response term from the day after receipt, the filed response,
and the summary dismissal's kantonrechter term instead of an objection window."""

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from workflows import sanction, staff_rules
from workflows.errors import TransitionRefused

PROPOSED = date(2026, 11, 2)  # a Monday
TODAY = date(2026, 11, 16)
INTENT = sanction.SanctionFacts(
    today=TODAY,
    kind="staff",
    measure="reprimand",
    earlier_measures=("warning",),
    intent_filed=True,
    intent_sent_on=date(2026, 11, 3),
    intent_received_on=date(2026, 11, 4),
)


def decide(facts):
    return sanction.fire(SimpleNamespace(state="hearing"), "decide", "director", facts, reasons="r")


def refusal(facts):
    with pytest.raises(TransitionRefused) as exc:
        decide(facts)
    return exc.value


@pytest.mark.rule("staff-intended-measure")
def test_delivery_needs_a_method_that_leaves_proof_of_receipt():
    errors = staff_rules.intent_delivery_errors(None, PROPOSED, None, PROPOSED, TODAY)
    assert errors == {"sent_how": "send_method_required"}
    errors = staff_rules.intent_delivery_errors("carrier_pigeon", PROPOSED, None, PROPOSED, TODAY)
    assert errors == {"sent_how": "send_method_required"}
    for method in ("registered_letter", "by_hand", "email_read_receipt"):
        assert staff_rules.intent_delivery_errors(method, PROPOSED, TODAY, PROPOSED, TODAY) == {}


@pytest.mark.rule("staff-intended-measure")
def test_delivery_dates_may_not_lie_in_the_future():
    tomorrow = TODAY + timedelta(days=1)
    errors = staff_rules.intent_delivery_errors("by_hand", tomorrow, tomorrow, PROPOSED, TODAY)
    assert errors == {"sent_on": "date_in_future", "received_on": "date_in_future"}


@pytest.mark.rule("staff-intended-measure")
def test_delivery_dates_may_not_lie_before_the_proposal():
    """Typing an intent date 30 days back no longer skips the response term."""
    backdated = TODAY - timedelta(days=30)
    errors = staff_rules.intent_delivery_errors("registered_letter", backdated, backdated, PROPOSED, TODAY)
    assert errors == {"sent_on": "date_before_proposal", "received_on": "date_before_proposal"}


@pytest.mark.rule("staff-intended-measure")
def test_a_letter_is_not_received_before_it_was_sent():
    sent, received = date(2026, 11, 10), date(2026, 11, 9)
    errors = staff_rules.intent_delivery_errors("registered_letter", sent, received, PROPOSED, TODAY)
    assert errors == {"received_on": "received_before_sent"}


@pytest.mark.rule("staff-intended-measure")
def test_receipt_may_be_recorded_later_but_the_sending_day_is_needed():
    assert staff_rules.intent_delivery_errors("registered_letter", PROPOSED, None, PROPOSED, TODAY) == {}
    assert staff_rules.intent_delivery_errors("registered_letter", None, None, PROPOSED, TODAY) == {
        "sent_on": "date_required"
    }


@pytest.mark.rule("staff-response-term")
def test_response_term_runs_n_weeks_from_the_day_after_receipt():
    # Received Wednesday 4 November: the term starts Thursday 5, its last day is Wednesday 25.
    assert staff_rules.response_term_end(date(2026, 11, 4), 3) == date(2026, 11, 25)
    assert staff_rules.response_term_end(date(2026, 11, 4), 4) == date(2026, 12, 2)


@pytest.mark.rule("atw-shift")
def test_response_term_gets_the_atw_shift():
    # Received Tuesday 6 April 2027: three weeks later is King's Day, the term runs to the 28th.
    assert staff_rules.response_term_end(date(2027, 4, 6), 3) == date(2027, 4, 28)


@pytest.mark.rule("staff-response-term")
def test_decision_within_the_term_is_refused_without_a_filed_response():
    err = refusal(replace(INTENT, today=date(2026, 11, 25)))
    assert err.reasons == ("response_term_running",)
    assert err.details["response_term_running"] == {"until": date(2026, 11, 25)}
    assert decide(replace(INTENT, today=date(2026, 11, 26))).target == "decided"


@pytest.mark.rule("staff-response-term")
def test_decision_within_the_term_is_allowed_once_the_response_is_filed():
    assert decide(replace(INTENT, response_filed=True)).target == "decided"


@pytest.mark.rule("staff-response-term")
def test_the_term_comes_from_the_filed_letter_not_a_typed_date():
    assert refusal(replace(INTENT, intent_filed=False)).reasons == ("intent_not_sent",)
    assert refusal(replace(INTENT, intent_received_on=None)).reasons == ("intent_receipt_unknown",)


@pytest.mark.rule("staff-response-term")
def test_the_response_term_is_the_schools_setting():
    assert refusal(replace(INTENT, response_weeks=5, today=date(2026, 12, 8))).details["response_term_running"] == {
        "until": date(2026, 12, 9)
    }


@pytest.mark.rule("staff-response-term")
def test_the_response_comes_in_after_the_intent_was_sent_and_not_after_today():
    sent = date(2026, 11, 3)
    assert staff_rules.response_errors(date(2026, 11, 10), sent, TODAY) == {}
    assert staff_rules.response_errors(date(2026, 11, 2), sent, TODAY) == {"received_on": "received_before_sent"}
    assert staff_rules.response_errors(TODAY + timedelta(days=1), sent, TODAY) == {"received_on": "date_in_future"}
    assert staff_rules.response_errors(TODAY, None, TODAY) == {"received_on": "intent_not_sent"}


@pytest.mark.rule("staff-response-term")
def test_receipt_plans_the_decision_for_the_day_after_the_term():
    out = staff_rules.delivery_effects(date(2026, 11, 4), 3)
    assert out.response_due == date(2026, 11, 25)
    assert [(f.kind, f.due, f.assignee_role) for f in out.followups] == [
        ("decide_sanction", date(2026, 11, 26), "director")
    ]
    assert staff_rules.delivery_effects(None, 3).followups == []


@pytest.mark.rule("staff-summary-dismissal-kantonrechter")
def test_summary_dismissal_has_no_objection_window():
    summary = sanction.SanctionFacts(
        today=TODAY, kind="staff", measure="summary_dismissal", urgent_reason_known_on=TODAY
    )
    assert not sanction.is_objectable("staff", "summary_dismissal", summary)
    out = sanction.fire(SimpleNamespace(state="decided"), "notify", "director", summary)
    assert (out.target, out.objection_deadline) == ("notified", None)
    # The other staff measures keep their objection window.
    assert sanction.is_objectable("staff", "dismissal", replace(summary, measure="dismissal"))


@pytest.mark.rule("atw-shift", "staff-summary-dismissal-kantonrechter")
def test_summary_dismissal_kantonrechter_term_is_two_months_with_the_atw_shift():
    assert staff_rules.court_request_deadline(date(2026, 11, 16)) == date(2027, 1, 18)  # the 16th is a Saturday
    assert staff_rules.court_request_deadline(date(2027, 2, 27)) == date(2027, 4, 28)  # 27 April: King's Day
    assert staff_rules.court_request_deadline(date(2026, 12, 31)) == date(2027, 3, 1)  # 28 Feb is a Sunday
