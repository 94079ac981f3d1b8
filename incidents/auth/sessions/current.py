"""The session of this request: read from the cookie, checked against its record, written at
sign-in, rotation and sign-out.

The cookie (Flask's signed cookie, as transport) holds only the random session id under
SESSION_KEY; everything else about the session lives in its record. `load_signed_in_user` is
Flask-Login's request loader: a missing, ended, expired or idle record, a disabled account or
(with SESSION_BIND_IP) another client address or browser means signed out.
"""

from datetime import timedelta

from flask import current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from incidents.auth.models import User
from incidents.auth.sessions.models import UserSession
from incidents.auth.sessions.operations import (
    Origin,
    hash_session_id,
    rotate_session,
    sign_out,
    start_session,
    touch,
)
from incidents.auth.sessions.queries import find_session
from incidents.auth.sessions.useragent import summarize
from incidents.core import clock

SESSION_KEY = "sid"


def idle_timeout() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def _origin() -> Origin:
    client = summarize(request.headers.get("User-Agent"))
    # remote_addr is the proxy-reported client only when TRUSTED_PROXIES says so (incidents/core/proxies.py).
    return Origin(ip_address=request.remote_addr, browser=client.browser, os=client.os)


def _same_client(record: UserSession) -> bool:
    if not current_app.config["SESSION_BIND_IP"]:
        return True
    origin = _origin()
    return (record.ip_address, record.browser, record.os) == (origin.ip_address, origin.browser, origin.os)


def load_signed_in_user(_request: object) -> User | None:
    """Flask-Login's request loader: the user of a valid session, else None (signed out)."""
    session_id = session.get(SESSION_KEY)
    if not isinstance(session_id, str):
        return None
    record = find_session(hash_session_id(session_id))
    now = clock.utc_now()
    if (
        record is None
        or not record.is_valid(now, idle_timeout())
        or not record.user.is_active
        or not _same_client(record)
    ):
        session.pop(SESSION_KEY, None)
        flash(_("Your session has ended. Please sign in again."), "info")
        return None
    touch(record, now)
    g.user_session = record
    user: User = record.user
    return user


def current_session() -> UserSession | None:
    """This request's session record, or None when signed out."""
    if not current_user.is_authenticated:  # loads the user, and with it g.user_session
        return None
    record: UserSession | None = g.get("user_session")
    return record


def current_session_id() -> str | None:
    """The record id of this request's session: `except_session_id` for `end_sessions`."""
    record = current_session()
    return record.id if record is not None else None


def current_school_id() -> int | None:
    record = current_session()
    return record.school_id if record is not None else None


def _put_in_cookie(record: UserSession, session_id: str) -> None:
    session[SESSION_KEY] = session_id
    g.user_session = record


def begin_session(user: User) -> UserSession:
    """Sign `user` in: a fresh cookie (nothing of the old one survives) with a new session id, at
    their first school."""
    session.clear()
    schools = sorted(m.school_id for m in user.memberships)
    record, session_id = start_session(
        user,
        school_id=schools[0] if schools else None,
        origin=_origin(),
        lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"],
    )
    _put_in_cookie(record, session_id)
    return record


def rotate_current_session(school_id: int | None = None) -> UserSession:
    """A new session id at a privilege change (school switch, step-up); `school_id` None keeps the
    school. The CSRF token is renewed with it."""
    record = current_session()
    if record is None:
        raise RuntimeError("no session to rotate")
    new, session_id = rotate_session(record, school_id=record.school_id if school_id is None else school_id)
    session.pop("csrf_token", None)
    _put_in_cookie(new, session_id)
    return new


def end_current_session() -> None:
    """Logout: the record ends on the server and the cookie is emptied."""
    record = current_session()
    if record is not None:
        sign_out(record)
    logout_user()  # this request goes on signed out
    session.clear()
    g.pop("user_session", None)
