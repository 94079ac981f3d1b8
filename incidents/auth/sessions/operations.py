"""Starting, rotating and ending sign-in sessions, and purging old records. Flush, never commit.

Other features end sessions through `end_sessions` (a password change or reset keeps the
session it was made in, disabling an account ends all) and `end_all_for_user`. Either also
forgets the account's remembered browsers (incidents/auth/totp).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, update

from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.auth.sessions.models import END_REASONS, UserSession
from incidents.auth.totp.operations import forget_browsers
from incidents.core import clock
from incidents.extensions import db

# last_seen_at is written at most this often: a GET writes nothing else.
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class Origin:
    """Where a sign-in comes from: the address the trusted proxy reports, and the browser summary."""

    ip_address: str | None
    browser: str
    os: str


def hash_session_id(session_id: str) -> str:
    """The stored key of a session id (the cookie's value is never stored)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def _new_record(**columns: Any) -> tuple[UserSession, str]:
    session_id = secrets.token_urlsafe(32)
    record = UserSession(id=hash_session_id(session_id), **columns)
    db.session.add(record)
    db.session.flush()
    return record, session_id


def start_session(user: User, *, school_id: int | None, origin: Origin, lifetime: timedelta) -> tuple[UserSession, str]:
    """A new session for `user` (at sign-in); returns the record and the id for the cookie."""
    now = clock.utc_now()
    return _new_record(
        user_id=user.id,
        school_id=school_id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        ip_address=origin.ip_address,
        browser=origin.browser,
        os=origin.os,
    )


def rotate_session(record: UserSession, *, school_id: int | None) -> tuple[UserSession, str]:
    """A new id for the same sign-in at a privilege change: the old record ends ('rotated'); the
    sign-in time and the absolute expiry carry over, so rotating never lengthens a session."""
    end_session(record, "rotated")
    return _new_record(
        user_id=record.user_id,
        school_id=school_id,
        created_at=record.created_at,
        last_seen_at=clock.utc_now(),
        expires_at=record.expires_at,
        ip_address=record.ip_address,
        browser=record.browser,
        os=record.os,
        second_factor_ok=record.second_factor_ok,
        second_factor_at=record.second_factor_at,
    )


def touch(record: UserSession, now: datetime) -> None:
    """Note that the session is in use, at most once per TOUCH_INTERVAL."""
    if now - record.last_seen_at >= TOUCH_INTERVAL:
        record.last_seen_at = now


def _check_reason(reason: str) -> None:
    if reason not in END_REASONS:
        raise ValueError(f"unknown end reason {reason!r}")


def end_session(record: UserSession, reason: str) -> None:
    _check_reason(reason)
    if record.ended_at is None:
        record.ended_at = clock.utc_now()
        record.end_reason = reason


def end_sessions(user_id: int, *, except_session_id: str | None = None, reason: str) -> int:
    """End every open session of the account, except `except_session_id` (a record id, e.g. the
    session a password was changed in). Returns how many ended; their next request is signed out."""
    _check_reason(reason)
    query = (
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=clock.utc_now(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    if except_session_id is not None:
        query = query.where(UserSession.id != except_session_id)
    forget_browsers(user_id)  # a remembered browser would otherwise skip the second factor afterwards
    result = cast(CursorResult[Any], db.session.execute(query))
    return result.rowcount


def end_all_for_user(user_id: int, *, reason: str) -> int:
    """Sign the account out everywhere (an account disabled, or its holder's choice)."""
    return end_sessions(user_id, reason=reason)


def sign_out(record: UserSession) -> None:
    """Logout: the session ends on the server, so a copy of its cookie opens nothing afterwards."""
    end_session(record, "logout")
    audit("logout", record.user, user=record.user, school_id=record.school_id)


def revoke_session(user: User, record: UserSession) -> None:
    """The user signs one of their other sessions out from the sessions page."""
    end_session(record, "revoked")
    audit("session_revoked", user, user=user, school_id=record.school_id)


def sign_out_elsewhere(user: User, current: UserSession) -> int:
    """'Sign out everywhere else': every session of the user but this one ends."""
    ended = end_sessions(user.id, except_session_id=current.id, reason="signed_out_elsewhere")
    audit("signed_out_elsewhere", user, user=user, school_id=current.school_id, detail=str(ended))
    return ended


def purge_sessions(older_than: timedelta) -> int:
    """Delete records unused for `older_than`: ended, expired or idle long ago (the scheduler's job)."""
    cutoff = clock.utc_now() - older_than
    result = cast(CursorResult[Any], db.session.execute(delete(UserSession).where(UserSession.last_seen_at < cutoff)))
    return result.rowcount
