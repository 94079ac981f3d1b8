"""Keeping a school's holidays: add, change, delete, fill a year from the regional defaults, import
a CSV, and the school's region. Audited like the other school settings; flush, never commit.

Nothing is written when anything is wrong (`HolidayRefused` carries every problem), so an import
or a fill is all or nothing.
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from incidents.audit.record import audit
from incidents.calendar.csv_import import HolidayRow
from incidents.calendar.models import SchoolHoliday
from incidents.calendar.regional_defaults import default_holidays
from incidents.calendar.rules import Problem, holiday_problems
from incidents.calendar.school_years import label, school_year_of
from incidents.extensions import db
from incidents.schools.models import HOLIDAY_REGIONS, School


class HolidayRefused(ValueError):
    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(", ".join(p.code for p in self.problems))


class Filled(NamedTuple):
    added: int
    kept: int


class Imported(NamedTuple):
    added: int
    changed: int


def _span(holiday: SchoolHoliday) -> str:
    return f"{holiday.name}: {holiday.first_day.isoformat()}..{holiday.last_day.isoformat()}"


def _same_name(school_id: int, school_year: int, name: str, except_id: int | None = None) -> SchoolHoliday | None:
    query = select(SchoolHoliday).where(
        SchoolHoliday.school_id == school_id,
        SchoolHoliday.school_year == school_year,
        func.lower(SchoolHoliday.name) == name.strip().lower(),
    )
    if except_id is not None:
        query = query.where(SchoolHoliday.id != except_id)
    return db.session.scalar(query)


def _check(school_id: int, name: str, first_day: date, last_day: date, except_id: int | None = None) -> None:
    problems = holiday_problems(name, first_day, last_day)
    if not problems and _same_name(school_id, school_year_of(first_day), name, except_id) is not None:
        problems.append(Problem("name", "name_taken"))
    if problems:
        raise HolidayRefused(problems)


def add_holiday(school: School, name: str, first_day: date, last_day: date) -> SchoolHoliday:
    _check(school.id, name, first_day, last_day)
    holiday = SchoolHoliday(
        school_id=school.id,
        school_year=school_year_of(first_day),
        name=name.strip(),
        first_day=first_day,
        last_day=last_day,
    )
    db.session.add(holiday)
    db.session.flush()
    audit("school_holiday.create", holiday, detail=_span(holiday))
    return holiday


def update_holiday(holiday: SchoolHoliday, name: str, first_day: date, last_day: date) -> bool:
    """Returns whether anything changed."""
    _check(holiday.school_id, name, first_day, last_day, except_id=holiday.id)
    before = _span(holiday)
    holiday.name, holiday.first_day, holiday.last_day = name.strip(), first_day, last_day
    holiday.school_year = school_year_of(first_day)
    after = _span(holiday)
    if before == after:
        return False
    db.session.flush()
    audit("school_holiday.update", holiday, detail=f"{before} -> {after}")
    return True


def delete_holiday(holiday: SchoolHoliday) -> None:
    audit("school_holiday.delete", holiday, detail=_span(holiday))
    db.session.delete(holiday)
    db.session.flush()


def set_holiday_region(school: School, region: str | None) -> bool:
    """The school's holiday region, audited as a school setting; returns whether it changed."""
    if region is not None and region not in HOLIDAY_REGIONS:
        raise ValueError(f"not a holiday region: {region}")
    before = school.holiday_region
    if before == region:
        return False
    school.holiday_region = region
    db.session.flush()
    audit("school.settings_changed", school, school_id=school.id, detail=f"holiday_region: {before} -> {region}")
    return True


def fill_from_region(school: School, school_year: int) -> Filled:
    """Add the region's holidays of `school_year` that the school does not have by name yet; the
    ones it has (perhaps with its own dates) are kept as they are."""
    if school.holiday_region is None:
        raise HolidayRefused([Problem("school_year", "region_required")])
    defaults = default_holidays(school_year, school.holiday_region)
    if not defaults:
        raise HolidayRefused([Problem("school_year", "no_defaults")])
    added = 0
    for default in defaults:
        if _same_name(school.id, school_year, default.name) is None:
            holiday = SchoolHoliday(
                school_id=school.id,
                school_year=school_year,
                name=default.name,
                first_day=default.first_day,
                last_day=default.last_day,
            )
            db.session.add(holiday)
            db.session.flush()
            audit("school_holiday.create", holiday, detail=_span(holiday))
            added += 1
    result = Filled(added=added, kept=len(defaults) - added)
    audit(
        "school_holiday.fill",
        school,
        school_id=school.id,
        detail=f"{label(school_year)} {school.holiday_region}: {result.added} added, {result.kept} kept",
    )
    return result


def _repeated_names(rows: list[HolidayRow]) -> list[Problem]:
    seen: set[tuple[int, str]] = set()
    problems = []
    for row in rows:
        key = (school_year_of(row.first_day), row.name.lower())
        if key in seen:
            problems.append(Problem("file", "name_repeated", row.row))
        seen.add(key)
    return problems


def import_holidays(school: School, rows: list[HolidayRow]) -> Imported:
    """Add the file's holidays; one with the name of a holiday the school already has in that
    school year replaces its dates. All rows or none."""
    problems = _repeated_names(rows)
    if problems:
        raise HolidayRefused(problems)
    added = changed = 0
    for row in rows:
        existing = _same_name(school.id, school_year_of(row.first_day), row.name)
        if existing is None:
            add_holiday(school, row.name, row.first_day, row.last_day)
            added += 1
        elif update_holiday(existing, existing.name, row.first_day, row.last_day):
            changed += 1
    audit("school_holiday.import", school, school_id=school.id, detail=f"{added} added, {changed} changed")
    return Imported(added=added, changed=changed)
