"""Optimistic locking: a stale form never overwrites someone else's change."""

from typing import Protocol

from sqlalchemy.orm.exc import StaleDataError

from incidents.extensions import db


class StaleRecord(Exception):
    """The record changed since the form was loaded."""


class Versioned(Protocol):
    """A model with a version counter (`version_id_col`)."""

    @property
    def version(self) -> int: ...


def check_version(record: Versioned, expected_version: str | int | None) -> None:
    if expected_version is None or int(expected_version) != record.version:
        raise StaleRecord()


def flush_or_stale() -> None:
    """Flush; a concurrent update that won first (version moved on) becomes StaleRecord."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleRecord() from error
