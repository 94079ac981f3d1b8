"""What makes a school holiday valid, for the form and the CSV import alike (language-free codes;
messages.py words them)."""

from datetime import date
from typing import Final, NamedTuple

from incidents.calendar.school_years import LONGEST_HOLIDAY

NAME_MAX: Final = 100


class Problem(NamedTuple):
    """One thing wrong with a holiday: the field it is about, a code, and the CSV row (if any)."""

    field: str
    code: str
    row: int | None = None
    columns: int | None = None  # row_columns: how many the row has


def holiday_problems(name: str, first_day: date, last_day: date, row: int | None = None) -> list[Problem]:
    problems = []
    if not name.strip():
        problems.append(Problem("name", "name_missing", row))
    elif len(name.strip()) > NAME_MAX:
        problems.append(Problem("name", "name_too_long", row))
    if last_day < first_day:
        problems.append(Problem("last_day", "days_out_of_order", row))
    elif last_day - first_day >= LONGEST_HOLIDAY:
        problems.append(Problem("last_day", "holiday_too_long", row))
    return problems
