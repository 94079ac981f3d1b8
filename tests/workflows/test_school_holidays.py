"""School holidays in the sanction workflow: they take school days out of a suspension's length,
and they never move a legal term (only weekends and Atw holidays do, Atw art. 1)."""

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from workflows import deadlines as D
from workflows import police, sanction, staff_rules
from workflows.errors import TransitionRefused

# The Christmas holiday 2026-2027 (every region): Saturday 19 December to Sunday 3 January.
CHRISTMAS = frozenset(date(2026, 12, 19) + timedelta(days=n) for n in range(16))
# The autumn holiday 2026 of regions midden and zuid: Saturday 17 to Sunday 25 October.
AUTUMN = frozenset(date(2026, 10, 17) + timedelta(days=n) for n in range(9))

# Thursday 17 December 2026 to Wednesday 6 January 2027.
OVER_CHRISTMAS = sanction.SanctionFacts(
    today=date(2026, 12, 16),
    kind="pupil",
    measure="suspension",
    start_date=date(2026, 12, 17),
    end_date=date(2027, 1, 6),
)


def at(state):
    return SimpleNamespace(state=state)


@pytest.mark.rule("school-days")
def test_a_suspension_spanning_a_school_holiday_counts_fewer_school_days():
    # Without the holiday: 13 weekdays that are no public holiday; refused.
    assert D.school_days_between(date(2026, 12, 17), date(2027, 1, 6)) == 13
    with pytest.raises(TransitionRefused) as exc:
        sanction.fire(at("proposed"), "decide", "director", OVER_CHRISTMAS, reasons="r")
    assert exc.value.reasons == ("suspension_too_long",)
    assert exc.value.details["suspension_too_long"] == {"school_days": 13, "max": 5}
    # With it: Thursday and Friday before, Monday to Wednesday after; allowed.
    school = replace(OVER_CHRISTMAS, holidays=CHRISTMAS)
    out = sanction.fire(at("proposed"), "decide", "director", school, reasons="r")
    assert out.target == "decided" and out.school_days == 5


@pytest.mark.rule("school-days")
def test_a_one_day_suspension_on_the_day_before_a_holiday_stays_one_day():
    friday = replace(OVER_CHRISTMAS, start_date=date(2026, 12, 18), end_date=date(2026, 12, 21), holidays=CHRISTMAS)
    out = sanction.fire(at("proposed"), "decide", "director", friday, reasons="r")
    assert out.school_days == 1
    assert [f.kind for f in out.followups if f.kind == "inform_inspectie"] == []  # one day: no Inspectie


@pytest.mark.rule("school-holidays-extend-no-term")
def test_the_objection_window_runs_on_through_a_school_holiday():
    # Notified Tuesday 8 September 2026: 6 weeks end on Tuesday 20 October, in the autumn holiday.
    notified = replace(OVER_CHRISTMAS, today=date(2026, 9, 8), holidays=AUTUMN)
    out = sanction.fire(at("decided"), "notify", "coordinator", notified)
    assert out.objection_deadline == date(2026, 10, 20)
    assert out.objection_deadline in AUTUMN


@pytest.mark.rule("school-holidays-extend-no-term")
def test_the_board_decision_term_runs_on_through_a_school_holiday():
    # Objection received Tuesday 24 November 2026: 4 weeks end on Tuesday 22 December, in the
    # Christmas holiday; the term is not extended.
    window = replace(
        OVER_CHRISTMAS, today=date(2026, 11, 24), objection_deadline=date(2026, 11, 30), holidays=CHRISTMAS
    )
    out = sanction.fire(at("objection_window"), "file_objection", "coordinator", window, received_on=date(2026, 11, 24))
    assert out.objection_decision_due == date(2026, 12, 22)


@pytest.mark.rule("school-holidays-extend-no-term")
def test_the_staff_response_term_runs_on_through_a_school_holiday():
    received_on = date(2026, 12, 1)  # 3 weeks later: Tuesday 22 December, in the Christmas holiday
    out = staff_rules.delivery_effects(received_on, 3)
    assert out.response_due == staff_rules.response_term_end(received_on, 3) == date(2026, 12, 22)


@pytest.mark.rule("school-holidays-extend-no-term")
def test_the_complaint_term_runs_on_through_a_school_holiday():
    known_on = date(2026, 9, 22)  # 3 months later: Tuesday 22 December, in the Christmas holiday
    assert police.opening_effects("sr266", date(2026, 9, 23), known_on=known_on).complaint_deadline == date(
        2026, 12, 22
    )
