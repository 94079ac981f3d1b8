"""Reading a CSV of school holidays: one holiday a row, `name;first day;last day`.

A first row that holds no dates is taken for column names and skipped. Rows are numbered as a
spreadsheet shows them (the first row is 1), so an error points at the row to fix.
"""

import csv
import io
from datetime import date, datetime
from typing import NamedTuple

from incidents.calendar.rules import Problem, holiday_problems

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
COLUMNS = 3


class HolidayRow(NamedTuple):
    row: int
    name: str
    first_day: date
    last_day: date


def parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _decode(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if ";" in first_line or "," not in first_line else ","


def _parse_row(number: int, cells: list[str]) -> tuple[HolidayRow | None, list[Problem]]:
    if len(cells) != COLUMNS:
        return None, [Problem("file", "row_columns", number, columns=len(cells))]
    name, first_text, last_text = (cell.strip() for cell in cells)
    first_day, last_day = parse_date(first_text), parse_date(last_text)
    if first_day is None or last_day is None:
        days = (("first_day", first_day), ("last_day", last_day))
        return None, [Problem(field, "date_invalid", number) for field, day in days if day is None]
    problems = holiday_problems(name, first_day, last_day, row=number)
    return (None if problems else HolidayRow(number, name, first_day, last_day)), problems


def parse_holidays(raw: bytes) -> tuple[list[HolidayRow], list[Problem]]:
    """The file's holidays and every problem found in it (the rows are only good when there are none)."""
    text = _decode(raw)
    if text is None:
        return [], [Problem("file", "file_unreadable")]
    rows: list[HolidayRow] = []
    problems: list[Problem] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if number == 1 and not any(parse_date(cell) for cell in cells):
            continue  # column names
        holiday, row_problems = _parse_row(number, cells)
        problems += row_problems
        if holiday is not None:
            rows.append(holiday)
    if not rows and not problems:
        problems.append(Problem("file", "file_empty"))
    return rows, problems
