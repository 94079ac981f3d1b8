"""Deadline arithmetic. Pure functions of dates; the caller always passes "today".

Conventions: a term of N weeks/months "from" a day ends on the same weekday/day-of-month
N weeks/months later, and that end day is the last day still inside the term. Every legal
term below then gets the Algemene termijnenwet's shift (art. 1): a last day on a Saturday,
Sunday or Atw holiday moves to the next day that is none of these (`atw.extend_last_day`).
School days skip weekends, public holidays (computed here) and the school holidays passed in.
The legal terms take no school holidays: a term of weeks or months runs on through them, and only
the Atw moves its last day (the law counts calendar days; a school's holiday is no Atw day).
"""

import calendar
from collections.abc import Collection
from datetime import date, timedelta

from . import atw
from .legal_status import OBJECTION_WEEKS, PUBLIC_DECISION_WEEKS, SPECIAL_DECISION_WEEKS, is_public

NO_HOLIDAYS: frozenset[date] = frozenset()


def add_weeks(d: date, weeks: int) -> date:
    return d + timedelta(weeks=weeks)


def add_months(d: date, months: int) -> date:
    """Calendar months; a day that does not exist in the target month clamps to its end
    (31 Jan + 1 month = 28/29 Feb)."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def is_school_day(d: date, holidays: Collection[date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday, not a public holiday (Atw art. 3(1)) and not one of the school's
    `holidays`."""
    return d.weekday() < 5 and d not in holidays and not atw.is_public_holiday(d)


def add_school_days(d: date, days: int, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The `days`-th school day after `d` (`d` itself does not count; 0 returns `d`)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current = d
    while days:
        current += timedelta(days=1)
        if is_school_day(current, holidays):
            days -= 1
    return current


def school_days_between(start: date, end: date, holidays: Collection[date] = NO_HOLIDAYS) -> int:
    """School days from `start` to `end`, both inclusive; 0 when `end` precedes `start`."""
    count, current = 0, start
    while current <= end:
        count += is_school_day(current, holidays)
        current += timedelta(days=1)
    return count


def objection_window_end(notified_on: date) -> date:
    """Last day to object: 6 weeks, for a public school (Awb 6:7) counted from the day after
    notification (Awb 6:8), for a special school "within six weeks after" it (WPO 63(3), WVO
    27(2)): both end 42 days after `notified_on`. A last day on a weekend or Atw holiday runs to
    the next working day (Atw art. 1)."""
    return atw.extend_last_day(add_weeks(notified_on, OBJECTION_WEEKS))


def objection_decision_term_start(received_on: date, window_end: date, legal_status: str) -> date:
    """The first day counted in the board's decision term: the day after the objection term
    ended for a public school (Awb 7:10(1)), the day after receipt for a special one."""
    return (window_end if is_public(legal_status) else received_on) + timedelta(days=1)


def objection_decision_due(received_on: date, window_end: date, legal_status: str, suspended_days: int = 0) -> date:
    """The board's last day to decide on an objection (workflows/legal_status.py):
    a public school 6 weeks from the day after the objection term ended (Awb 7:10(1)), a
    special school 4 weeks after receipt (WPO 63(3), WVO 27(2)); `suspended_days` later when
    the term stood still (the Geschillencommissie, workflows/geschillencommissie.py); Atw art. 1
    shift of the last day."""
    if is_public(legal_status):
        last_day = add_weeks(window_end, PUBLIC_DECISION_WEEKS)
    else:
        last_day = add_weeks(received_on, SPECIAL_DECISION_WEEKS)
    return atw.extend_last_day(last_day + timedelta(days=suspended_days))


def staff_response_due(sent_on: date, weeks: int = 3) -> date:
    """Last day an employee may respond to an intended disciplinary measure; Atw art. 1 shift."""
    return atw.extend_last_day(add_weeks(sent_on, weeks))


def complaint_deadline(known_on: date) -> date:
    """Last day for the victim's complaint for defamation/slander/insult (Sr 261, 262, 266):
    3 months after the victim learned of the offence (Sr 66); Atw art. 1 shift."""
    return atw.extend_last_day(add_months(known_on, 3))
