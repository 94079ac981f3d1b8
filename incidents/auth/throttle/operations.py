"""Counting failed sign-ins per account address and the growing delay that follows.

After `LOGIN_DELAY_AFTER` failures the address waits 2**(failures - LOGIN_DELAY_AFTER) seconds
(at most `LOGIN_DELAY_CAP_SECONDS`) before its next attempt is checked; attempts in the wait are
refused without a hash, for any address, so the answer tells nothing. It is never a lockout:
the right password after the wait signs in and clears the count. After `LOGIN_NOTICE_AFTER`
failures the holder of an existing account is told once per burst. A burst ends
`LOGIN_FAILURE_WINDOW_MINUTES` after its last failure. Times come from the app clock.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from incidents.audit.security import record_security_event
from incidents.auth.models import User
from incidents.auth.throttle.hooks import repeated_failures
from incidents.auth.throttle.models import LoginThrottle
from incidents.core import clock
from incidents.extensions import db


def account_key(email: str) -> str:
    """HMAC-SHA256 (hex) of the normalised address under the app's secret."""
    normalised = email.strip().lower().encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), normalised, hashlib.sha256).hexdigest()


def _row(key: str, for_update: bool = False) -> LoginThrottle | None:
    query = select(LoginThrottle).where(LoginThrottle.account_key == key)
    return db.session.scalar(query.with_for_update() if for_update else query)


def seconds_to_wait(email: str) -> tuple[int, bool]:
    """Whole seconds before an attempt for this address is checked again (0: now), and whether
    the address is in its delay (then only one attempt at a time is checked)."""
    row = _row(account_key(email))
    if row is None or row.blocked_until is None:
        return 0, False
    left = (row.blocked_until - clock.utc_now()).total_seconds()
    return max(0, int(left) + (1 if left % 1 else 0)), True


def _delay_seconds(failures: int) -> int:
    config = current_app.config
    over = failures - config["LOGIN_DELAY_AFTER"]
    if over < 0:
        return 0
    return int(min(2 ** min(over, 30), config["LOGIN_DELAY_CAP_SECONDS"]))


def _counter(key: str, now: datetime) -> LoginThrottle:
    """The address's row, locked; a new one (in a savepoint: a parallel first failure may win)."""
    row = _row(key, for_update=True)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = LoginThrottle(account_key=key, failures=0, last_failure_at=now, notified=False)
            db.session.add(row)
        return row
    except IntegrityError:
        found = _row(key, for_update=True)
        assert found is not None
        return found


def record_failure(email: str, user: User | None) -> int:
    """Count a failed sign-in for `email` (user: its active account, if any); returns the wait in seconds."""
    now = clock.utc_now()
    key = account_key(email)
    row = _counter(key, now)
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    if row.failures and row.last_failure_at + window < now:  # an old burst is over: count anew
        row.failures, row.notified = 0, False
    row.failures += 1
    row.last_failure_at = now
    delay = _delay_seconds(row.failures)
    row.blocked_until = now + timedelta(seconds=delay) if delay else None
    if delay:
        record_delay(key, user, row.failures, delay)
    if user is not None and not row.notified and row.failures >= current_app.config["LOGIN_NOTICE_AFTER"]:
        row.notified = True
        repeated_failures(user, row.failures)
    return delay


def record_delay(key: str, user: User | None, failures: int, seconds: int) -> None:
    """Audit the delay with ids only: the account's id when it exists, else a prefix of the key."""
    detail = f"failures={failures} delay={seconds}s" + ("" if user is not None else f" key={key[:16]}")
    record_security_event("login.delayed", user, detail=detail)


def record_success(email: str) -> None:
    """A successful sign-in ends the burst."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.account_key == account_key(email)))
