"""The account holder's own pages: accept an invitation, choose, change or reset a password;
and the directors' page where roles that open case work are approved (four eyes).

Links with a token (`/invitation/<token>`, `/reset/<token>`) render their form on GET and
change something only on POST; an unknown, used, withdrawn or expired link gets one page.
"""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.accounts.operations import NotAllowed, NotPending, approve, awaiting_approval, refuse, request_reset
from incidents.auth.account import (
    InvalidLink,
    WrongPassword,
    accept,
    accept_with_password,
    change_password,
    decline,
    invitation_for,
    reset_password,
    reset_target,
)
from incidents.auth.forms import ChangePasswordForm, ConfirmForm, ForgotPasswordForm, NewPasswordForm
from incidents.auth.models import Membership
from incidents.auth.policy import get_for_school_or_404, public, roles, signed_in
from incidents.auth.sessions.current import begin_session, current_session_id
from incidents.auth.totp.requirement import must_use_second_factor
from incidents.core import clock
from incidents.core.vocabulary import ROLE_LABELS
from incidents.limits.limiter import reset_requests, token_links

bp = Blueprint("account", __name__)


def _invalid_link():
    return render_template("account/invalid_link.html"), 404


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@token_links
def invitation(token):
    try:
        membership = invitation_for(token)
    except InvalidLink:
        return _invalid_link()
    user = membership.user
    if user.password_hash is not None:
        # The holder already has a password: they accept after signing in, as themselves.
        return render_template("account/sign_in_to_accept.html", membership=membership)
    form = NewPasswordForm()
    form.holder = (user.name, user.email)
    if form.validate_on_submit():
        accept_with_password(token, form.password.data)
        if must_use_second_factor(user):
            # The role needs a second factor: enrol now, signed in by the link and the new password;
            # the session grants nothing until the enrolment is confirmed.
            begin_session(user)
            flash(_("Your password has been set. Now set up your second factor."), "success")
            return redirect(url_for("second_factor.enrol"))
        flash(_("Your password has been set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("account/invitation.html", form=form, membership=membership, role_labels=ROLE_LABELS)


@bp.route("/account/invitations")
@signed_in
def invitations():
    now = clock.utc_now()
    pending = [m for m in current_user.memberships if m.invitation_status(now) == "pending"]
    waiting = [m for m in current_user.memberships if m.invitation == "accepted" and m.approval == "pending"]
    return render_template(
        "account/invitations.html", pending=pending, waiting=waiting, role_labels=ROLE_LABELS, form=ConfirmForm()
    )


@bp.route("/account/invitations/<int:membership_id>/<any(accept, decline):what>", methods=["POST"])
@signed_in
def answer_invitation(membership_id, what):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        (accept if what == "accept" else decline)(current_user, membership_id)
    except InvalidLink:
        abort(404)
    flash(_("Invitation accepted.") if what == "accept" else _("Invitation declined."), "success")
    return redirect(url_for("account.invitations"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def password():
    form = ChangePasswordForm()
    form.holder = (current_user.name, current_user.email)
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.password.data, keep_session_id=current_session_id())
        except WrongPassword:
            form.current.errors.append(_("This is not your current password."))
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("account.password"))
    return render_template("account/password.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@reset_requests
def forgot():
    form = ForgotPasswordForm()
    sent = False
    if form.validate_on_submit():
        request_reset(form.email.data)
        sent = True  # the same answer whether or not the address has an account
    return render_template("account/forgot.html", form=form, sent=sent)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@token_links
def reset(token):
    try:
        user = reset_target(token)
    except InvalidLink:
        return _invalid_link()
    form = NewPasswordForm()
    form.holder = (user.name, user.email)
    if form.validate_on_submit():
        reset_password(token, form.password.data)
        flash(_("Your password has been changed. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("account/reset.html", form=form)


@bp.route("/approvals")
@roles("director")
def approvals():
    return render_template(
        "account/approvals.html", pending=awaiting_approval(g.school.id), role_labels=ROLE_LABELS, form=ConfirmForm()
    )


@bp.route("/approvals/<int:membership_id>/<any(approve, refuse):what>", methods=["POST"])
@roles("director")
def decide_role(membership_id, what):
    membership = get_for_school_or_404(Membership, membership_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        (approve if what == "approve" else refuse)(membership, current_user)
    except NotAllowed:
        flash(_("You cannot approve your own role or a role you granted."), "error")
    except NotPending:
        flash(_("This role was approved or withdrawn meanwhile."), "error")
    else:
        flash(_("The role has been approved.") if what == "approve" else _("The role has been refused."), "success")
    return redirect(url_for("account.approvals"))
