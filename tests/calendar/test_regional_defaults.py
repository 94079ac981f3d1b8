"""The regional school holidays shipped as defaults (incidents/calendar/regional_defaults.py)."""

from datetime import date

import pytest

from incidents.calendar.regional_defaults import REGIONAL_HOLIDAYS, REGIONS, default_holidays
from incidents.calendar.rules import holiday_problems
from incidents.calendar.school_years import school_year_of

SATURDAY, SUNDAY = 5, 6
NAMES = ("Herfstvakantie", "Kerstvakantie", "Voorjaarsvakantie", "Meivakantie", "Zomervakantie")
YEARS_REGIONS = [(year, region) for year in REGIONAL_HOLIDAYS for region in REGIONS]


def test_the_three_school_years_from_2025_are_shipped_for_every_region():
    assert sorted(REGIONAL_HOLIDAYS) == [2025, 2026, 2027]
    assert REGIONS == ("noord", "midden", "zuid")
    assert default_holidays(2031, "noord") == ()


@pytest.mark.parametrize("year, region", YEARS_REGIONS)
def test_every_year_has_the_five_holidays_in_order_saturday_to_sunday_in_its_school_year(year, region):
    holidays = default_holidays(year, region)
    assert tuple(h.name for h in holidays) == NAMES
    assert [h.first_day for h in holidays] == sorted(h.first_day for h in holidays)
    for h in holidays:
        assert (h.first_day.weekday(), h.last_day.weekday()) == (SATURDAY, SUNDAY), h
        assert school_year_of(h.first_day) == year
        assert holiday_problems(h.name, h.first_day, h.last_day) == []


@pytest.mark.parametrize("year", sorted(REGIONAL_HOLIDAYS))
def test_christmas_and_may_are_the_same_everywhere_summer_is_six_weeks(year):
    by_region = {region: {h.name: h for h in default_holidays(year, region)} for region in REGIONS}
    for name in ("Kerstvakantie", "Meivakantie"):
        assert len({(h[name].first_day, h[name].last_day) for h in by_region.values()}) == 1
    for holidays in by_region.values():
        summer = holidays["Zomervakantie"]
        assert (summer.last_day - summer.first_day).days == 6 * 7 + 1  # Saturday to the Sunday 6 weeks on


def test_2027_2028_as_the_rijksoverheid_lists_it():
    # rijksoverheid.nl, "Overzicht schoolvakanties 2027-2028".
    expected = {
        "noord": [
            (date(2027, 10, 16), date(2027, 10, 24)),
            (date(2027, 12, 25), date(2028, 1, 9)),
            (date(2028, 2, 19), date(2028, 2, 27)),
            (date(2028, 4, 29), date(2028, 5, 7)),
            (date(2028, 7, 15), date(2028, 8, 27)),
        ],
        "midden": [
            (date(2027, 10, 16), date(2027, 10, 24)),
            (date(2027, 12, 25), date(2028, 1, 9)),
            (date(2028, 2, 26), date(2028, 3, 5)),
            (date(2028, 4, 29), date(2028, 5, 7)),
            (date(2028, 7, 8), date(2028, 8, 20)),
        ],
        "zuid": [
            (date(2027, 10, 23), date(2027, 10, 31)),
            (date(2027, 12, 25), date(2028, 1, 9)),
            (date(2028, 2, 26), date(2028, 3, 5)),
            (date(2028, 4, 29), date(2028, 5, 7)),
            (date(2028, 7, 22), date(2028, 9, 3)),
        ],
    }
    for region, spans in expected.items():
        assert [(h.first_day, h.last_day) for h in default_holidays(2027, region)] == spans


def test_summer_2026_and_2027_per_region():
    summer = {
        (year, region): next(h for h in default_holidays(year, region) if h.name == "Zomervakantie")
        for year in (2025, 2026)
        for region in REGIONS
    }
    assert summer[2025, "noord"].first_day == date(2026, 7, 4)
    assert summer[2025, "midden"].first_day == date(2026, 7, 18)
    assert summer[2025, "zuid"].first_day == date(2026, 7, 11)
    assert summer[2026, "noord"].first_day == date(2027, 7, 10)
    assert summer[2026, "midden"].first_day == date(2027, 7, 17)
    assert summer[2026, "zuid"].last_day == date(2027, 9, 5)
