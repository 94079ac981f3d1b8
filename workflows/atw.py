"""The Algemene termijnenwet (Atw): its holidays for any year and the shift of a term's last day.

Pure date arithmetic, no library. Art. 3(1) lists the "algemeen erkende feestdagen": New
Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, the day
the King's birthday is celebrated (Koningsdag: 27 April, 26 April when the 27th is a Sunday)
and 5 May (every year, not only in the five-yearly celebration). Art. 3(2) puts Good Friday
on the same footing for the Atw, so it also stops a term from ending. The days the Crown may
add by decree (art. 3(3), e.g. the Friday after Ascension) are announced every few years and
are not computed here.

Art. 1(1): a term set by law that ends on a Saturday, Sunday or such a day runs to the next
day that is none of these (`extend_last_day`).

Koningsdag exists since 2014; earlier years have Koninginnedag (30 April, 29 April when the
30th is a Sunday, as from 1980), so that a date in an old file still computes.
"""

from datetime import date, timedelta
from functools import cache
from types import MappingProxyType
from typing import Final

NEW_YEAR: Final = "new_year"
GOOD_FRIDAY: Final = "good_friday"  # art. 3(2): counts for the Atw, not an art. 3(1) holiday
EASTER_MONDAY: Final = "easter_monday"
KINGS_DAY: Final = "kings_day"
LIBERATION_DAY: Final = "liberation_day"
ASCENSION_DAY: Final = "ascension_day"
WHIT_MONDAY: Final = "whit_monday"
CHRISTMAS_DAY: Final = "christmas_day"
BOXING_DAY: Final = "boxing_day"

FIRST_KINGS_DAY_YEAR: Final = 2014
SATURDAY: Final = 5
SUNDAY: Final = 6


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """27 April, or 26 April when the 27th is a Sunday (Koninginnedag before 2014, see above)."""
    if year >= FIRST_KINGS_DAY_YEAR:
        day = date(year, 4, 27)
    else:
        day = date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == SUNDAY else day


@cache
def _holidays(year: int) -> MappingProxyType[date, str]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): NEW_YEAR,
        easter - timedelta(days=2): GOOD_FRIDAY,
        easter + timedelta(days=1): EASTER_MONDAY,
        kings_day(year): KINGS_DAY,
        date(year, 5, 5): LIBERATION_DAY,
        easter + timedelta(days=39): ASCENSION_DAY,
        easter + timedelta(days=50): WHIT_MONDAY,
        date(year, 12, 25): CHRISTMAS_DAY,
        date(year, 12, 26): BOXING_DAY,
    }  # Ascension on 5 May (as in 2016) is one date; it keeps the name listed last.
    return MappingProxyType(dict(sorted(days.items())))


def atw_days(year: int) -> MappingProxyType[date, str]:
    """Every day of `year` on which an Atw term cannot end besides weekends (art. 3(1) and (2)),
    with its code, in date order."""
    return _holidays(year)


def public_holidays(year: int) -> frozenset[date]:
    """The art. 3(1) holidays of `year` (without Good Friday, which art. 3(2) adds for terms only)."""
    return frozenset(d for d, name in _holidays(year).items() if name != GOOD_FRIDAY)


def is_public_holiday(d: date) -> bool:
    """An art. 3(1) holiday: not a school day, whatever the school's own holidays."""
    name = _holidays(d.year).get(d)
    return name is not None and name != GOOD_FRIDAY


def is_atw_day_off(d: date) -> bool:
    """A Saturday, Sunday, holiday or Good Friday: a day on which an Atw term cannot end."""
    return d.weekday() in (SATURDAY, SUNDAY) or d in _holidays(d.year)


def extend_last_day(last_day: date) -> date:
    """Atw art. 1(1): `last_day`, or the next day that is no Saturday, Sunday or holiday."""
    while is_atw_day_off(last_day):
        last_day += timedelta(days=1)
    return last_day
