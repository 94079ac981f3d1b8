"""Reading a school's holidays: per school year for the admin screen, as days for counting school days."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from incidents.calendar.models import SchoolHoliday
from incidents.calendar.school_years import days_of
from incidents.extensions import db


def holidays_of_year(school_id: int, school_year: int) -> Sequence[SchoolHoliday]:
    return db.session.scalars(
        select(SchoolHoliday)
        .where(SchoolHoliday.school_id == school_id, SchoolHoliday.school_year == school_year)
        .order_by(SchoolHoliday.first_day, SchoolHoliday.name)
    ).all()


def years_with_holidays(school_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(SchoolHoliday.school_year).where(SchoolHoliday.school_id == school_id).distinct()
        ).all()
    )


def holiday_dates(school_id: int, start: date, end: date) -> frozenset[date]:
    """The days from `start` to `end` (both included) on which the school has a holiday: no
    school days. Weekends and public holidays are the workflow's business (workflows/deadlines.py)."""
    if end < start:
        return frozenset()
    periods = db.session.execute(
        select(SchoolHoliday.first_day, SchoolHoliday.last_day).where(
            SchoolHoliday.school_id == school_id,
            SchoolHoliday.first_day <= end,
            SchoolHoliday.last_day >= start,
        )
    ).all()
    return frozenset(
        day for first_day, last_day in periods for day in days_of(max(first_day, start), min(last_day, end))
    )
