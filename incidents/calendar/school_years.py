"""School years (1 August to 31 July), named by the calendar year they start in: 2026 is 2026-2027.

A holiday belongs to the school year its first day lies in; only its last day may run past
31 July (the summer holiday does, into August of the next school year).
"""

from datetime import date, timedelta
from typing import Final

FIRST_MONTH: Final = 8  # a school year starts on 1 August
LONGEST_HOLIDAY: Final = timedelta(weeks=10)  # the summer holiday is 6 weeks; more is a typo


def school_year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def first_day_of(year: int) -> date:
    return date(year, FIRST_MONTH, 1)


def last_day_of(year: int) -> date:
    return date(year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def label(year: int) -> str:
    """2026 -> '2026-2027', as schools and the Rijksoverheid write it."""
    return f"{year}-{year + 1}"


def days_of(first_day: date, last_day: date) -> list[date]:
    """Every day from `first_day` to `last_day`, both included."""
    return [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
