"""Enrolment, the code after the password, step-up, and the administrator's reset.

`second_factor.verify` and `second_factor.step_up` are the code checks (throttled by their own
endpoint names); a wrong code re-renders the form with its message, and its audit row commits.
"""

import segno
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.forms import ConfirmForm
from incidents.auth.models import Membership
from incidents.auth.policy import get_for_school_or_404, roles, signed_in
from incidents.auth.sessions.current import current_session, rotate_current_session
from incidents.auth.totp import codes, crypto, remember
from incidents.auth.totp.forms import CodeForm, EnrolForm, StepUpForm
from incidents.auth.totp.operations import (
    AlreadyEnrolled,
    enrol,
    mark_passed,
    remember_browser,
    reset_second_factor,
    verify,
)
from incidents.auth.totp.requirement import has_second_factor
from incidents.auth.totp.state import pending_step, safe_next
from incidents.limits.limiter import failed_code_attempts, failed_code_attempts_per_account

bp = Blueprint("second_factor", __name__)


def _qr_svg(secret: str) -> str:
    uri = codes.provisioning_uri(secret, current_user.email, current_app.config["TOTP_ISSUER"])
    # Inline SVG made here: no external service sees the secret, and the CSP needs no exception.
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def _sealed_secret(form: EnrolForm) -> str:
    """The secret this enrolment started with (from the form), or a new one."""
    if form.sealed_secret.data:
        try:
            return crypto.decrypt(form.sealed_secret.data.encode())
        except crypto.InvalidToken:
            pass
    secret = codes.new_secret()
    form.sealed_secret.data = crypto.encrypt(secret).decode()
    return secret


def _passed() -> None:
    record = current_session()
    assert record is not None  # @signed_in
    mark_passed(record, fresh=True)
    rotate_current_session()  # a new session id at a privilege change


@bp.route("/second-factor/enrol", methods=["GET", "POST"], endpoint="enrol")
@signed_in
@failed_code_attempts  # per client address (incidents/limits/limiter.py)
@failed_code_attempts_per_account
def enrol_page():
    form = EnrolForm(next=request.args.get("next", ""))
    next_url = safe_next(form.next.data)
    if has_second_factor(current_user):
        return redirect(next_url)
    secret = _sealed_secret(form)
    if form.validate_on_submit():
        try:
            recovery = enrol(current_user, secret, form.code.data)
        except AlreadyEnrolled:
            return redirect(next_url)
        if recovery is not None:
            _passed()
            response = current_app.make_response(
                render_template("second_factor/recovery_codes.html", codes=recovery, next_url=next_url)
            )
            response.headers["Cache-Control"] = "private, no-store"
            return response
        form.code.errors.append(_("This code is not right. Enter the code the app shows now."))
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render_template("second_factor/enrol.html", form=form, qr_svg=_qr_svg(secret), secret=grouped)


@bp.route("/second-factor", methods=["GET", "POST"], endpoint="verify")
@signed_in
@failed_code_attempts  # per client address (incidents/limits/limiter.py)
@failed_code_attempts_per_account
def verify_page():
    form = CodeForm(next=request.args.get("next", ""))
    next_url = safe_next(form.next.data)
    record = current_session()
    if record is None or pending_step(current_user, record) != "verify":
        return redirect(next_url)
    if form.validate_on_submit():
        result = verify(current_user, form.code.data)
        if result is not None:
            _passed()
            if result.by_recovery_code:
                flash(_("Recovery code used. Codes left: %(left)d.", left=result.recovery_codes_left), "info")
            response = redirect(next_url)
            if form.remember.data:
                remember.set_cookie(response, current_user, remember_browser(current_user))
            return response
        form.code.errors.append(_("This code is not right or was used already."))
    return render_template("second_factor/verify.html", form=form)


@bp.route("/second-factor/step-up", methods=["GET", "POST"], endpoint="step_up")
@signed_in
@failed_code_attempts  # per client address (incidents/limits/limiter.py)
@failed_code_attempts_per_account
def step_up_page():
    form = StepUpForm(next=request.args.get("next", ""))
    next_url = safe_next(form.next.data)
    if form.validate_on_submit():
        if verify(current_user, form.code.data) is not None:
            _passed()
            return redirect(next_url)
        form.code.errors.append(_("This code is not right or was used already."))
    return render_template("second_factor/step_up.html", form=form)


@bp.route("/admin/users/<int:membership_id>/second-factor/reset", methods=["POST"])
@roles("admin")
def reset(membership_id: int):
    membership = get_for_school_or_404(Membership, membership_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if membership.user_id == current_user.id:
        flash(_("Ask another administrator to reset your own second factor."), "error")
    elif reset_second_factor(membership.user, current_user, g.school.id):
        flash(_("The second factor has been reset. The person sets it up again at their next sign-in."), "success")
    return redirect(url_for("admin.users"))
