"""Deadline arithmetic with fixed dates (2025-03-03 is a Monday)."""

from datetime import date

import pytest

from workflows import deadlines as D

MON = date(2025, 3, 3)


@pytest.mark.parametrize(
    "start, weeks, expected",
    [
        (MON, 0, MON),
        (MON, 1, date(2025, 3, 10)),
        (MON, 6, date(2025, 4, 14)),
        (date(2024, 12, 30), 1, date(2025, 1, 6)),
        (MON, -1, date(2025, 2, 24)),
    ],
)
def test_add_weeks(start, weeks, expected):
    assert D.add_weeks(start, weeks) == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # clamp
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # over the year end, clamp
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 5, 31), 1, date(2025, 6, 30)),
        (date(2025, 3, 3), 12, date(2026, 3, 3)),
    ],
)
def test_add_months(start, months, expected):
    assert D.add_months(start, months) == expected


@pytest.mark.rule("school-days")
def test_is_school_day():
    assert D.is_school_day(MON)
    assert D.is_school_day(date(2025, 3, 7))  # Friday
    assert not D.is_school_day(date(2025, 3, 8))  # Saturday
    assert not D.is_school_day(date(2025, 3, 9))  # Sunday
    assert not D.is_school_day(MON, holidays=frozenset({MON}))


@pytest.mark.parametrize(
    "start, days, holidays, expected",
    [
        (MON, 0, (), MON),
        (MON, 1, (), date(2025, 3, 4)),
        (MON, 4, (), date(2025, 3, 7)),
        (MON, 5, (), date(2025, 3, 10)),  # over the weekend
        (date(2025, 3, 7), 1, (), date(2025, 3, 10)),  # Friday -> Monday
        (date(2025, 3, 8), 1, (), date(2025, 3, 10)),  # from a Saturday
        (MON, 1, (date(2025, 3, 4),), date(2025, 3, 5)),  # skips a holiday
    ],
)
def test_add_school_days(start, days, holidays, expected):
    assert D.add_school_days(start, days, frozenset(holidays)) == expected


def test_add_school_days_rejects_negative():
    with pytest.raises(ValueError):
        D.add_school_days(MON, -1)


@pytest.mark.parametrize(
    "start, end, holidays, expected",
    [
        (MON, MON, (), 1),
        (MON, date(2025, 3, 7), (), 5),
        (MON, date(2025, 3, 10), (), 6),
        (date(2025, 3, 7), date(2025, 3, 10), (), 2),  # Fri..Mon
        (date(2025, 3, 8), date(2025, 3, 9), (), 0),  # a weekend
        (MON, date(2025, 3, 7), (date(2025, 3, 5),), 4),
        (date(2025, 3, 7), MON, (), 0),  # reversed
    ],
)
@pytest.mark.rule("school-days")
def test_school_days_between(start, end, holidays, expected):
    assert D.school_days_between(start, end, frozenset(holidays)) == expected


@pytest.mark.rule("objection-window")
def test_objection_window_end_is_six_weeks_counted_from_the_day_after():
    # Notified Monday 3 March; the term runs 4 March .. 14 April inclusive (42 days).
    assert D.objection_window_end(MON) == date(2025, 4, 14)


def test_objection_window_end_moves_off_weekend_and_public_holiday():
    # Sat 19 Apr 2025 -> not Sun 20 nor Mon 21 Apr (Easter Monday, computed) -> Tue 22 Apr.
    assert D.objection_window_end(date(2025, 3, 8)) == date(2025, 4, 22)


def test_objection_decision_due_special_school_four_weeks_after_receipt_wpo_63():
    received, window_end = date(2025, 3, 20), date(2025, 4, 14)
    assert D.objection_decision_due(received, window_end, "special") == date(2025, 4, 17)


def test_objection_decision_due_public_school_six_weeks_after_the_objection_term_awb_7_10():
    received, window_end = date(2025, 3, 20), date(2025, 4, 14)
    assert D.objection_decision_due(received, window_end, "public") == date(2025, 5, 26)


def test_objection_decision_due_moves_on_by_the_days_the_term_stood_still():
    received, window_end = date(2025, 3, 20), date(2025, 4, 14)
    # 17 April + 2 days = Saturday 19 April; Easter Monday 21 April: Tuesday 22 April (Atw).
    assert D.objection_decision_due(received, window_end, "special", suspended_days=2) == date(2025, 4, 22)
    assert D.objection_decision_term_start(received, window_end, "special") == date(2025, 3, 21)
    assert D.objection_decision_term_start(received, window_end, "public") == date(2025, 4, 15)


def test_objection_decision_due_refuses_an_unknown_legal_status():
    with pytest.raises(ValueError):
        D.objection_decision_due(date(2025, 3, 20), date(2025, 4, 14), "private")


def test_staff_response_due():
    assert D.staff_response_due(MON) == date(2025, 3, 24)
    assert D.staff_response_due(MON, weeks=2) == date(2025, 3, 17)


@pytest.mark.rule("police-complaint-term")
def test_complaint_deadline_is_three_calendar_months():
    assert D.complaint_deadline(date(2025, 1, 10)) == date(2025, 4, 10)
    # 30 Nov + 3 months clamps to Sat 28 Feb 2026, which the Atw moves to Mon 2 March.
    assert D.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert D.complaint_deadline(date(2025, 11, 30)) == date(2026, 3, 2)
