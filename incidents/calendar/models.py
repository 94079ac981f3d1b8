"""A school's holidays: named periods in which there is no school (no school days)."""

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from incidents.extensions import Model


class SchoolHoliday(Model):
    """One holiday of one school year (see school_years.py: the year its first day lies in)."""

    __tablename__ = "school_holidays"
    __table_args__ = (
        CheckConstraint("first_day <= last_day", name="days_in_order"),
        UniqueConstraint("school_id", "school_year", "name"),
        Index("ix_school_holidays_school_days", "school_id", "first_day", "last_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    school_year: Mapped[int] = mapped_column(Integer)  # 2026 = 2026-2027
    name: Mapped[str] = mapped_column(String(100))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
