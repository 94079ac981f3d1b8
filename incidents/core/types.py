"""Column types shared by the models, and the protocol for a row of a feature higher up."""

from datetime import UTC
from typing import Protocol

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
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Identified(Protocol):
    """A flushed row, known only by its id: e.g. the sanction or police report a follow-up or a
    letter belongs to, where importing that feature's model would run against the layers."""

    @property
    def id(self) -> int: ...


def utcnow():
    # Looked up at call time so a frozen clock in tests applies to defaults too.
    return clock.utc_now()
