"""The school holidays the Rijksoverheid sets per region (noord, midden, zuid), as defaults.

Source: the Rijksoverheid's "Overzicht schoolvakanties per schooljaar" (rijksoverheid.nl,
onderwerpen/schoolvakanties), as published in its open-data feed (opendata.rijksoverheid.nl).
The Christmas, May and summer holidays are set by the ministry (OCW); the autumn and spring
dates are advice ("adviesdata") a school may depart from, and a school may add the advised
second May week. So these fill a year as a starting point the administrator corrects, never
as the school's calendar itself.

Every holiday runs from a Saturday to a Sunday, both included, as the Rijksoverheid lists them.
Add a school year here once the Rijksoverheid has published it.
"""

from datetime import date
from typing import Final, NamedTuple

from incidents.schools.models import HOLIDAY_REGIONS as REGIONS


class DefaultHoliday(NamedTuple):
    name: str
    first_day: date
    last_day: date


def _same(name: str, first_day: date, last_day: date) -> dict[str, DefaultHoliday]:
    """A holiday with the same dates in every region."""
    return {region: DefaultHoliday(name, first_day, last_day) for region in REGIONS}


def _per_region(name: str, **dates: tuple[date, date]) -> dict[str, DefaultHoliday]:
    return {region: DefaultHoliday(name, *dates[region]) for region in REGIONS}


def _year(*holidays: dict[str, DefaultHoliday]) -> dict[str, tuple[DefaultHoliday, ...]]:
    return {region: tuple(h[region] for h in holidays) for region in REGIONS}


# school year (2025 = 2025-2026) -> region -> holidays, in date order
REGIONAL_HOLIDAYS: Final[dict[int, dict[str, tuple[DefaultHoliday, ...]]]] = {
    2025: _year(
        _per_region(
            "Herfstvakantie",
            noord=(date(2025, 10, 18), date(2025, 10, 26)),
            midden=(date(2025, 10, 18), date(2025, 10, 26)),
            zuid=(date(2025, 10, 11), date(2025, 10, 19)),
        ),
        _same("Kerstvakantie", date(2025, 12, 20), date(2026, 1, 4)),
        _per_region(
            "Voorjaarsvakantie",
            noord=(date(2026, 2, 21), date(2026, 3, 1)),
            midden=(date(2026, 2, 14), date(2026, 2, 22)),
            zuid=(date(2026, 2, 14), date(2026, 2, 22)),
        ),
        _same("Meivakantie", date(2026, 4, 25), date(2026, 5, 3)),
        _per_region(
            "Zomervakantie",
            noord=(date(2026, 7, 4), date(2026, 8, 16)),
            midden=(date(2026, 7, 18), date(2026, 8, 30)),
            zuid=(date(2026, 7, 11), date(2026, 8, 23)),
        ),
    ),
    2026: _year(
        _per_region(
            "Herfstvakantie",
            noord=(date(2026, 10, 10), date(2026, 10, 18)),
            midden=(date(2026, 10, 17), date(2026, 10, 25)),
            zuid=(date(2026, 10, 17), date(2026, 10, 25)),
        ),
        _same("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
        _per_region(
            "Voorjaarsvakantie",
            noord=(date(2027, 2, 20), date(2027, 2, 28)),
            midden=(date(2027, 2, 20), date(2027, 2, 28)),
            zuid=(date(2027, 2, 13), date(2027, 2, 21)),
        ),
        _same("Meivakantie", date(2027, 4, 24), date(2027, 5, 2)),
        _per_region(
            "Zomervakantie",
            noord=(date(2027, 7, 10), date(2027, 8, 22)),
            midden=(date(2027, 7, 17), date(2027, 8, 29)),
            zuid=(date(2027, 7, 24), date(2027, 9, 5)),
        ),
    ),
    2027: _year(
        _per_region(
            "Herfstvakantie",
            noord=(date(2027, 10, 16), date(2027, 10, 24)),
            midden=(date(2027, 10, 16), date(2027, 10, 24)),
            zuid=(date(2027, 10, 23), date(2027, 10, 31)),
        ),
        _same("Kerstvakantie", date(2027, 12, 25), date(2028, 1, 9)),
        _per_region(
            "Voorjaarsvakantie",
            noord=(date(2028, 2, 19), date(2028, 2, 27)),
            midden=(date(2028, 2, 26), date(2028, 3, 5)),
            zuid=(date(2028, 2, 26), date(2028, 3, 5)),
        ),
        _same("Meivakantie", date(2028, 4, 29), date(2028, 5, 7)),
        _per_region(
            "Zomervakantie",
            noord=(date(2028, 7, 15), date(2028, 8, 27)),
            midden=(date(2028, 7, 8), date(2028, 8, 20)),
            zuid=(date(2028, 7, 22), date(2028, 9, 3)),
        ),
    ),
}


def default_holidays(school_year: int, region: str) -> tuple[DefaultHoliday, ...]:
    """The region's holidays of `school_year`; empty when that year is not shipped."""
    return REGIONAL_HOLIDAYS.get(school_year, {}).get(region, ())
