"""Every legal term of the sanction and police workflows under the Algemene termijnenwet: a last
day on a Saturday, Sunday or Atw holiday moves to the next working day (art. 1), and the school
days of a suspension skip public holidays. One test per rule, one case per holiday."""

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from workflows import atw, police, sanction
from workflows import deadlines as D
from workflows.errors import TransitionRefused

# The issue's example: notified on Tuesday 16 March 2027, 6 weeks end on Tuesday 27 April 2027,
# King's Day, so the last day to object is Wednesday 28 April 2027.
NOTIFIED = date(2027, 3, 16)
KINGS_DAY_2027 = date(2027, 4, 27)
LAST_DAY = date(2027, 4, 28)

SUSPENSION = sanction.SanctionFacts(
    today=NOTIFIED,
    kind="pupil",
    measure="suspension",
    start_date=date(2027, 3, 10),
    end_date=date(2027, 3, 11),
)


def at(state):
    return SimpleNamespace(state=state)


def refused(state, event, role, facts, **params):
    with pytest.raises(TransitionRefused) as exc:
        sanction.fire(at(state), event, role, facts, **params)
    return exc.value


# One case per Atw holiday: the day the 6 weeks end, and the last day the Atw gives instead.
PER_HOLIDAY = [
    (atw.NEW_YEAR, date(2027, 1, 1), date(2027, 1, 4)),  # Friday, then the weekend
    (atw.GOOD_FRIDAY, date(2027, 3, 26), date(2027, 3, 30)),  # then weekend and Easter Monday
    (atw.EASTER_MONDAY, date(2027, 3, 29), date(2027, 3, 30)),
    (atw.KINGS_DAY, date(2027, 4, 27), date(2027, 4, 28)),
    (atw.LIBERATION_DAY, date(2026, 5, 5), date(2026, 5, 6)),  # a Tuesday in a non-lustrum year
    (atw.ASCENSION_DAY, date(2028, 5, 25), date(2028, 5, 26)),
    (atw.WHIT_MONDAY, date(2027, 5, 17), date(2027, 5, 18)),
    (atw.CHRISTMAS_DAY, date(2028, 12, 25), date(2028, 12, 27)),  # Monday, then Boxing Day
    (atw.BOXING_DAY, date(2029, 12, 26), date(2029, 12, 27)),  # a Wednesday
]


@pytest.mark.rule("atw-shift")
@pytest.mark.parametrize("holiday, ends_on, last_day", PER_HOLIDAY, ids=[h for h, _, _ in PER_HOLIDAY])
def test_objection_window_ending_on_each_atw_holiday_runs_to_the_next_working_day(holiday, ends_on, last_day):
    assert atw.atw_days(ends_on.year)[ends_on] == holiday
    notified_on = ends_on - timedelta(weeks=6)
    assert D.objection_window_end(notified_on) == last_day


@pytest.mark.rule("atw-shift")
def test_issue_example_objection_window_notified_16_march_2027_ends_28_april_not_kings_day():
    out = sanction.fire(at("decided"), "notify", "coordinator", SUSPENSION)
    assert out.target == "objection_window"
    assert D.add_weeks(NOTIFIED, 6) == KINGS_DAY_2027
    assert out.objection_deadline == LAST_DAY


@pytest.mark.rule("atw-shift")
def test_issue_example_objection_received_28_april_2027_is_accepted():
    window = replace(SUSPENSION, today=LAST_DAY, objection_deadline=LAST_DAY)
    out = sanction.fire(at("objection_window"), "file_objection", "coordinator", window, received_on=LAST_DAY)
    assert out.target == "objection_filed"
    assert out.objection_received_on == LAST_DAY
    assert out.objection_decision_due == date(2027, 5, 26)  # 4 weeks, a Wednesday
    late = replace(window, today=date(2027, 4, 29))
    err = refused("objection_window", "file_objection", "coordinator", late, received_on=date(2027, 4, 29))
    assert err.reasons == ("objection_window_closed",)


def test_issue_example_sanction_is_not_finalized_on_the_shifted_last_day():
    on_last_day = replace(SUSPENSION, today=LAST_DAY, objection_deadline=LAST_DAY)
    assert "objection_window_open" in refused("objection_window", "finalize", "director", on_last_day).reasons
    assert not sanction.is_due_for_finalization("objection_window", LAST_DAY, LAST_DAY)
    assert sanction.is_due_for_finalization("objection_window", LAST_DAY, LAST_DAY + timedelta(days=1))


@pytest.mark.rule("atw-shift")
def test_board_decision_on_objection_due_date_gets_the_atw_shift():
    # Received Tuesday 30 March 2027: 4 weeks end on King's Day.
    assert D.objection_decision_due(date(2027, 3, 30), LAST_DAY, "special") == LAST_DAY
    # A public school counts 6 weeks from the window's end (Awb 7:10): Monday 5 April 2027 + 6
    # weeks = Whit Monday 17 May, so the board has until Tuesday 18 May.
    assert D.objection_decision_due(date(2027, 4, 1), date(2027, 4, 5), "public") == date(2027, 5, 18)


@pytest.mark.rule("atw-shift")
def test_staff_response_term_ending_on_kings_day_runs_to_the_next_day():
    received_on = date(2027, 4, 6)  # 3 weeks from the next day: King's Day
    assert D.staff_response_due(received_on) == LAST_DAY
    reprimand = sanction.SanctionFacts(
        today=received_on,
        kind="staff",
        measure="reprimand",
        earlier_measures=("warning",),
        intent_filed=True,
        intent_sent_on=received_on,
        intent_received_on=received_on,
    )
    waiting = replace(reprimand, today=LAST_DAY)
    err = refused("hearing", "decide", "director", waiting, reasons="r")
    assert err.details["response_term_running"] == {"until": LAST_DAY}
    after = replace(waiting, today=LAST_DAY + timedelta(days=1))
    assert sanction.fire(at("hearing"), "decide", "director", after, reasons="r").target == "decided"


@pytest.mark.rule("atw-shift")
def test_police_complaint_term_ending_on_kings_day_runs_to_the_next_day():
    known_on = date(2027, 1, 27)  # 3 months later: King's Day
    assert D.complaint_deadline(known_on) == LAST_DAY
    opened = police.opening_effects("sr266", date(2027, 2, 1), known_on=known_on)
    assert opened.complaint_deadline == LAST_DAY
    assert [(f.kind, f.due) for f in opened.followups] == [("support_victim_report", LAST_DAY)]
    facts = police.PoliceFacts(today=LAST_DAY, offence="sr266", victim_age=17, known_on=known_on)
    out = police.fire(at("considered"), "record_support", "coordinator", facts, filed_by="victim")
    assert out.target == "victim_supported" and out.complaint_deadline == LAST_DAY
    late = replace(facts, today=date(2027, 4, 29))
    with pytest.raises(TransitionRefused) as exc:
        police.fire(at("considered"), "record_support", "coordinator", late, filed_by="victim")
    assert exc.value.details["complaint_term_expired"] == {"deadline": LAST_DAY}


@pytest.mark.rule("school-days")
def test_suspension_school_days_skip_a_public_holiday():
    # Monday 26 April to Monday 3 May 2027: six weekdays, but Tuesday 27 April is King's Day.
    week = replace(SUSPENSION, today=date(2027, 4, 23), start_date=date(2027, 4, 26), end_date=date(2027, 5, 3))
    out = sanction.fire(at("proposed"), "decide", "director", week, reasons="r")
    assert out.target == "decided" and out.school_days == 5
    # The same span a week earlier has no holiday in it: six school days, refused.
    earlier = replace(week, start_date=date(2027, 4, 19), end_date=date(2027, 4, 26))
    assert refused("proposed", "decide", "director", earlier, reasons="r").reasons == ("suspension_too_long",)
    # Monday 3 May to Friday 7 May 2027: 5 May and Ascension are no school days.
    assert D.school_days_between(date(2027, 5, 3), date(2027, 5, 7)) == 3
    assert D.add_school_days(date(2027, 4, 26), 1) == LAST_DAY


@pytest.mark.rule("school-days")
def test_suspension_school_days_skip_the_school_holidays_passed_in_as_well():
    may_holiday = frozenset(date(2027, 5, 3) + timedelta(days=n) for n in range(5))
    assert D.school_days_between(date(2027, 4, 26), date(2027, 5, 7), may_holiday) == 4
    assert not D.is_school_day(date(2027, 4, 27))
    assert D.is_school_day(date(2027, 3, 26))  # Good Friday counts for terms only; a school closes by its own holidays
