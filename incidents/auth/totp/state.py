"""The second factor in this request's session: "password ok, second factor pending" keeps the
user on the enrolment or code page; sensitive records ask for a code again after 15 minutes.

`guard_second_factor` runs before every request (after `load_current_school`): a signed-in user
whose session still lacks its second factor is redirected, and nothing grants a role meanwhile.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from incidents.auth.models import User
from incidents.auth.sessions.current import current_session
from incidents.auth.sessions.models import UserSession
from incidents.auth.totp import remember
from incidents.auth.totp.operations import mark_passed
from incidents.auth.totp.requirement import has_second_factor, must_use_second_factor
from incidents.core import clock

# What a session with its second factor pending may still open.
OPEN_ENDPOINTS = frozenset(
    {"second_factor.enrol", "second_factor.verify", "auth.logout", "auth.login", "static", "health.healthz"}
)


def safe_next(target: str | None) -> str:
    """Only a path on this site (no open redirect); the case list otherwise."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("cases.index")


def _here() -> str:
    return request.full_path.rstrip("?")


def pending_step(user: User, record: UserSession) -> str | None:
    """ "enrol", "verify" or None: what the session still needs before it grants anything."""
    if record.second_factor_ok:
        return None
    if has_second_factor(user):
        return "verify"
    if must_use_second_factor(user):
        return "enrol"
    return None


def _step_url(step: str, next_url: str | None) -> str:
    return url_for(f"second_factor.{step}", next=next_url or None)


def after_password(user: User, record: UserSession, next_url: str) -> str:
    """Where the login sends a user whose password was right: the code page (unless this browser
    is remembered), the enrolment page, or `next_url`."""
    step = pending_step(user, record)
    if step == "verify" and remember.remembers(user, clock.utc_now()):
        mark_passed(record, fresh=False)
        return next_url
    return _step_url(step, next_url) if step else next_url


def guard_second_factor() -> Response | None:
    if not current_user.is_authenticated or request.endpoint in OPEN_ENDPOINTS:
        return None
    record = current_session()
    if record is None:
        return None
    step = pending_step(current_user, record)
    if step is None:
        return None
    g.school = None  # nothing of the role applies until the second factor is given
    g.role = None
    return redirect(_step_url(step, _here() if request.method == "GET" else None))


def step_up_window() -> timedelta:
    return timedelta(minutes=current_app.config["STEP_UP_MINUTES"])


def needs_step_up() -> bool:
    """An account with a second factor gives it again when the last code was longer ago than
    STEP_UP_MINUTES (or a remembered browser stood in for it). An account without one, at a school
    that does not require it, has nothing to give."""
    record = current_session()
    if record is None or not has_second_factor(current_user):
        return False
    at = record.second_factor_at
    return at is None or clock.utc_now() - at > step_up_window()


def step_up(back: str | None = None) -> Response | None:
    """A redirect to the step-up page when this sensitive page needs a fresh code, else None.
    `back`: where to return afterwards (default: this page; a POST passes the page it came from)."""
    if not needs_step_up():
        return None
    return redirect(url_for("second_factor.step_up", next=back or _here()))
