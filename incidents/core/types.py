"""Column types shared by the models."""
from datetime import timezone

from sqlalchemy import DateTime, TypeDecorator

from incidents.core import clock


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC; identical on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def utcnow():
    # Looked up at call time so a frozen clock in tests applies to defaults too.
    return clock.utc_now()
