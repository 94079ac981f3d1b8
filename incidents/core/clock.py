"""Time in the school's zone; one place to read the clock (tests freeze it)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SCHOOL_TZ = ZoneInfo("Europe/Amsterdam")


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_now() -> datetime:
    return utc_now().astimezone(SCHOOL_TZ)


def today() -> date:
    return local_now().date()


def local_to_utc(naive_local: datetime) -> datetime:
    """A naive wall-clock time typed in the school's zone, as aware UTC."""
    return naive_local.replace(tzinfo=SCHOOL_TZ).astimezone(UTC)
