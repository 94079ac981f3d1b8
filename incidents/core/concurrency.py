"""Optimistic locking: a stale form never overwrites someone else's change."""
from sqlalchemy.orm.exc import StaleDataError

from incidents.extensions import db


class StaleRecord(Exception):
    """The record changed since the form was loaded."""


def check_version(record, expected_version):
    if expected_version is None or int(expected_version) != record.version:
        raise StaleRecord()


def flush_or_stale():
    """Flush; a concurrent update that won first (version moved on) becomes StaleRecord."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleRecord() from error
