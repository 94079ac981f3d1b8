"""Sign in, sign out, switch school, switch language."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from incidents.auth import can
from incidents.auth.demo_accounts import DEMO_PASSWORD
from incidents.auth.forms import LoginForm, SwitchSchoolForm
from incidents.auth.models import User
from incidents.auth.operations import record_failed_sign_in, record_sign_in
from incidents.auth.password_gate import password_sign_in_allowed
from incidents.auth.passwords import verify_sign_in
from incidents.auth.policy import public, signed_in
from incidents.auth.sessions.current import begin_session, end_current_session, rotate_current_session
from incidents.auth.throttle.device import posted_address_signed_in_here_before, remember_device
from incidents.auth.throttle.operations import account_key, record_failure, record_success, seconds_to_wait
from incidents.auth.totp.state import after_password
from incidents.extensions import db
from incidents.limits.limiter import claim, failures_per_address, retry_after_seconds

bp = Blueprint("auth", __name__)

# Failed sign-ins per client address; a browser the posted address signed in from before is spared,
# so a flood from a school's shared address does not lock out its staff (incidents/auth/throttle/device.py).
failed_logins = failures_per_address(
    "LIMIT_LOGIN_FAILURES_PER_IP", "login-failures", exempt_when=posted_address_signed_in_here_before
)


def _safe_next(target):
    """Only follow relative paths on this site after login (no open redirect)."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("cases.index")


def _landing(user, form):
    """Where a signed-in user goes: invitations to accept, the audit trail for a privacy officer
    (no case list), else the page asked for."""
    if not user.granting_memberships:  # only invitations to accept (or nothing yet)
        return url_for("account.invitations")
    if all(m.role == can.PRIVACY_OFFICER for m in user.granting_memberships):
        return url_for("audit_trail.index")
    return _safe_next(form.next.data)


def _wait_message(seconds):
    return ngettext(
        "Too many attempts. Try again in %(num)s second.", "Too many attempts. Try again in %(num)s seconds.", seconds
    )


def _refused(form, seconds):
    """A sign-in refused for now: the same words for any address, the e-mail kept (not the password)."""
    form.password.errors = [
        _("Unknown e-mail address or wrong password."),
        _wait_message(seconds),
    ]
    return render_template("auth/login.html", form=form), 429, {"Retry-After": str(seconds)}


def _account_if_password_matches(email, password):
    """The active account whose password this is, or None; always exactly one hash verified."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    usable = user is not None and user.is_active and user.password_hash is not None
    # One hash whatever the address: a dummy one for an unknown or disabled account.
    matches = verify_sign_in(user.password_hash if usable else None, password)
    refused_demo = current_app.config["ENV_NAME"] == "production" and password == DEMO_PASSWORD
    return user if usable and matches and not refused_demo else None, user if usable else None


def _checked_account(form, email):
    """(the account signed in or None, a refusal response or None): the delay per address first,
    then one password check at a time for an address in its delay, then the hash."""
    wait, delayed = seconds_to_wait(email)
    if wait:
        return None, _refused(form, wait)
    # Held until this request has committed its count, so a parallel attempt sees the new delay.
    if not claim(f"login-check:{account_key(email)}") and delayed:
        return None, _refused(form, 1)  # a parallel attempt for this address is being checked
    user, account = _account_if_password_matches(email, form.password.data)
    if user is None:
        form.password.errors.append(_("Unknown e-mail address or wrong password."))
        record_failed_sign_in(account, email)
        wait = record_failure(email, account)
        if wait:
            form.password.errors.append(_wait_message(wait))
    return user, None


@bp.route("/login", methods=["GET", "POST"])
@public
@failed_logins  # per client address, failures only (incidents/limits/limiter.py)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user, refusal = _checked_account(form, email)
        if refusal is not None:
            return refusal
        if user is not None and not password_sign_in_allowed(user):  # told only after the right password
            form.password.errors.append(_("Your school signs you in with your school account: use the button below."))
        elif user is not None:
            record_success(email)
            record = begin_session(user)  # a new server-side session and a fresh cookie
            record_sign_in(user, form.password.data)
            # The code or the enrolment page first while the second factor is pending.
            return remember_device(redirect(after_password(user, record, _landing(user, form))), email)
    return render_template("auth/login.html", form=form)


@bp.errorhandler(429)
def too_many_sign_ins(error):
    """The per-address limit on failures (Flask-Limiter; only the login is limited in this
    blueprint) answers with the login page, the input kept."""
    return _refused(LoginForm(), retry_after_seconds())


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    end_current_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/switch-school", methods=["POST"])
@signed_in
def switch_school():
    form = SwitchSchoolForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.role_at(form.school_id.data) is None:
        abort(404)
    rotate_current_session(school_id=form.school_id.data)  # a new session id at a privilege change
    return redirect(url_for("cases.index"))
