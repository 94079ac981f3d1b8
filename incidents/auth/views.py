"""Sign in, sign out, switch school, switch language."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
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
from incidents.auth.totp.state import after_password
from incidents.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target):
    """Only follow relative paths on this site after login (no open redirect)."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("cases.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        usable = user is not None and user.is_active and user.password_hash is not None
        # One hash whatever the address: a dummy one for an unknown or disabled account.
        matches = verify_sign_in(user.password_hash if usable else None, form.password.data)
        refused_demo = current_app.config["ENV_NAME"] == "production" and form.password.data == DEMO_PASSWORD
        if refused_demo or not usable or not matches:
            form.password.errors.append(_("Unknown e-mail address or wrong password."))
            record_failed_sign_in(user, email)
        elif not password_sign_in_allowed(user):  # told only after the right password: no enumeration
            form.password.errors.append(_("Your school signs you in with your school account: use the button below."))
        else:
            record = begin_session(user)  # a new server-side session and a fresh cookie
            record_sign_in(user, form.password.data)
            if not user.granting_memberships:  # only invitations to accept (or nothing yet)
                return redirect(after_password(user, record, url_for("account.invitations")))
            if all(m.role == can.PRIVACY_OFFICER for m in user.granting_memberships):
                # No case list to land on; the code or the enrolment page first while pending.
                return redirect(after_password(user, record, url_for("audit_trail.index")))
            # The code or the enrolment page while the second factor is pending.
            return redirect(after_password(user, record, _safe_next(form.next.data)))
    return render_template("auth/login.html", form=form)


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
