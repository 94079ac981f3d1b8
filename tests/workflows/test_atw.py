"""The Algemene termijnenwet calendar (workflows/atw.py): its holidays for any year and the art. 1 shift."""

from datetime import date

import pytest

from workflows import atw


@pytest.mark.parametrize(
    "year, expected",
    [
        (
            2026,
            {
                date(2026, 1, 1): atw.NEW_YEAR,
                date(2026, 4, 3): atw.GOOD_FRIDAY,
                date(2026, 4, 6): atw.EASTER_MONDAY,
                date(2026, 4, 27): atw.KINGS_DAY,  # a Monday
                date(2026, 5, 5): atw.LIBERATION_DAY,
                date(2026, 5, 14): atw.ASCENSION_DAY,
                date(2026, 5, 25): atw.WHIT_MONDAY,
                date(2026, 12, 25): atw.CHRISTMAS_DAY,
                date(2026, 12, 26): atw.BOXING_DAY,
            },
        ),
        (
            2027,
            {
                date(2027, 1, 1): atw.NEW_YEAR,
                date(2027, 3, 26): atw.GOOD_FRIDAY,
                date(2027, 3, 29): atw.EASTER_MONDAY,
                date(2027, 4, 27): atw.KINGS_DAY,  # a Tuesday
                date(2027, 5, 5): atw.LIBERATION_DAY,
                date(2027, 5, 6): atw.ASCENSION_DAY,
                date(2027, 5, 17): atw.WHIT_MONDAY,
                date(2027, 12, 25): atw.CHRISTMAS_DAY,
                date(2027, 12, 26): atw.BOXING_DAY,
            },
        ),
        (
            2028,
            {
                date(2028, 1, 1): atw.NEW_YEAR,
                date(2028, 4, 14): atw.GOOD_FRIDAY,
                date(2028, 4, 17): atw.EASTER_MONDAY,
                date(2028, 4, 27): atw.KINGS_DAY,  # a Thursday
                date(2028, 5, 5): atw.LIBERATION_DAY,
                date(2028, 5, 25): atw.ASCENSION_DAY,
                date(2028, 6, 5): atw.WHIT_MONDAY,
                date(2028, 12, 25): atw.CHRISTMAS_DAY,
                date(2028, 12, 26): atw.BOXING_DAY,
            },
        ),
    ],
)
@pytest.mark.rule("atw-holidays")
def test_atw_days_of_2026_2027_2028(year, expected):
    assert dict(atw.atw_days(year)) == expected
    assert atw.public_holidays(year) == frozenset(d for d, name in expected.items() if name != atw.GOOD_FRIDAY)


@pytest.mark.parametrize(
    "year, easter",
    [
        (2008, date(2008, 3, 23)),
        (2011, date(2011, 4, 24)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_easter_sunday_gregorian(year, easter):
    assert atw.easter_sunday(year) == easter


@pytest.mark.parametrize(
    "year, easter_monday, ascension, whit_monday",
    [
        (2025, date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)),
        (2026, date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)),
        (2029, date(2029, 4, 2), date(2029, 5, 10), date(2029, 5, 21)),
        (2030, date(2030, 4, 22), date(2030, 5, 30), date(2030, 6, 10)),
    ],
)
@pytest.mark.rule("atw-holidays")
def test_easter_monday_ascension_and_whit_monday(year, easter_monday, ascension, whit_monday):
    days = atw.atw_days(year)
    assert days[easter_monday] == atw.EASTER_MONDAY
    assert days[ascension] == atw.ASCENSION_DAY
    assert days[whit_monday] == atw.WHIT_MONDAY


@pytest.mark.parametrize(
    "year, expected",
    [
        (2014, date(2014, 4, 26)),  # the first Koningsdag: 27 April 2014 was a Sunday
        (2025, date(2025, 4, 26)),  # 27 April 2025 was a Sunday
        (2026, date(2026, 4, 27)),
        (2027, date(2027, 4, 27)),
        (2028, date(2028, 4, 27)),
        (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
        (2013, date(2013, 4, 30)),  # Koninginnedag before 2014
        (2006, date(2006, 4, 29)),  # 30 April 2006 was a Sunday
    ],
)
@pytest.mark.rule("atw-holidays")
def test_kings_day_is_26_april_when_the_27th_is_a_sunday(year, expected):
    assert atw.kings_day(year) == expected


@pytest.mark.rule("atw-holidays")
def test_liberation_day_counts_every_year():
    assert all(date(year, 5, 5) in atw.public_holidays(year) for year in range(2020, 2031))


def test_good_friday_stops_a_term_but_is_no_public_holiday():
    good_friday = date(2027, 3, 26)
    assert atw.is_atw_day_off(good_friday)  # art. 3(2)
    assert not atw.is_public_holiday(good_friday)
    assert atw.is_public_holiday(date(2027, 3, 29))


def test_ascension_on_liberation_day_is_one_date():
    assert atw.atw_days(2016)[date(2016, 5, 5)] == atw.ASCENSION_DAY
    assert len(atw.public_holidays(2016)) == 7


@pytest.mark.parametrize(
    "last_day, extended",
    [
        (date(2027, 4, 26), date(2027, 4, 26)),  # an ordinary Monday stays
        (date(2027, 4, 24), date(2027, 4, 26)),  # Saturday -> Monday
        (date(2027, 4, 25), date(2027, 4, 26)),  # Sunday -> Monday
        (date(2027, 4, 27), date(2027, 4, 28)),  # King's Day -> Wednesday
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday, weekend, Easter Monday -> Tuesday
        (date(2027, 5, 5), date(2027, 5, 7)),  # 5 May, then Ascension -> Friday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas, Boxing Day (Sat), Sunday -> Monday
    ],
)
@pytest.mark.rule("atw-shift")
def test_atw_art1_extends_a_last_day_on_a_weekend_or_holiday(last_day, extended):
    assert atw.extend_last_day(last_day) == extended
