"""Sign in through the school's identity provider, and the admin page that configures it.

`/sso/callback` is a GET (the provider redirects the browser there) that signs in: like the
password login it writes the session record, the audit row and possibly an accepted invitation.
Without a valid state from this browser's own `/sso/start` it refuses and writes nothing but audit.
"""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from incidents.auth.policy import public, roles
from incidents.auth.sessions.current import begin_session
from incidents.auth.totp.operations import mark_passed
from incidents.auth.totp.state import after_password
from incidents.sso.forms import ProviderForm, domain_list
from incidents.sso.operations import (
    UNVERIFIED,
    ProviderSettings,
    SignInRefused,
    match_account,
    provider_of,
    record_refusal,
    record_sso_sign_in,
    save_provider,
)
from incidents.sso.protocols import ProviderRefused
from incidents.sso.queries import enabled_provider, login_buttons
from incidents.sso.registry import protocol_for

bp = Blueprint("sso", __name__)

PENDING_SCHOOL_KEY = "sso_school"
# True when the provider asserted MFA (`idp_asserted_mfa`): the second-factor step reads this
# after sign-in and asks for TOTP only when it is False.
IDP_MFA_KEY = "sso_idp_mfa"


@bp.app_context_processor
def sso_login_buttons() -> dict[str, object]:
    return {"sso_login_buttons": login_buttons}


def _back_to_login(message: str) -> Response:
    flash(message, "error")
    return redirect(url_for("auth.login"))


@bp.route("/sso/start")
@public
def start() -> Response:
    provider = enabled_provider(request.args.get("school", ""))
    if provider is None:
        abort(404)
    session[PENDING_SCHOOL_KEY] = provider.school_id
    try:
        return protocol_for(provider).start(provider, url_for("sso.callback", _external=True))
    except ProviderRefused:
        return _back_to_login(_("Your school's sign-in service cannot be reached. Please try again later."))


@bp.route("/sso/callback")
@public
def callback() -> Response:
    school_id = session.pop(PENDING_SCHOOL_KEY, None)
    provider = provider_of(school_id) if isinstance(school_id, int) else None
    if provider is None or not provider.enabled:
        return _back_to_login(_("The sign-in with your school account failed. Please try again."))
    try:
        assertion = protocol_for(provider).finish(provider)
        user = match_account(provider, assertion)
    except ProviderRefused:
        record_refusal(provider, "provider")
        return _back_to_login(_("The sign-in with your school account failed. Please try again."))
    except SignInRefused as refused:
        record_refusal(provider, refused.reason)
        if refused.reason == UNVERIFIED:
            return _back_to_login(_("Your school account has no verified e-mail address."))
        return _back_to_login(
            _("This school account has no access to Meldpunt at this school. Ask the administrator for an invitation.")
        )
    record = begin_session(user)  # a new server-side session and a fresh cookie
    record.school_id = provider.school_id  # a brand-new session id: no rotation needed
    session[IDP_MFA_KEY] = assertion.mfa
    record_sso_sign_in(provider, user, assertion)
    if assertion.mfa:  # the provider did multi-factor authentication: no TOTP asked (issue 10, point 7)
        mark_passed(record, fresh=True)
    if user.role_at(provider.school_id) is None:  # e.g. a role still waiting for a director's approval
        return redirect(after_password(user, record, url_for("account.invitations")))
    # Otherwise the second factor as after a password: the code or the enrolment page while pending.
    return redirect(after_password(user, record, url_for("cases.index")))


@bp.route("/admin/sso", methods=["GET", "POST"])
@roles("admin")
def admin() -> str | Response:
    provider = provider_of(g.school.id)
    form = ProviderForm(obj=provider if request.method == "GET" else None)
    if request.method == "GET" and provider is not None:
        form.allowed_domains.data = provider.allowed_domains
    if form.validate_on_submit():
        if not form.client_secret.data and (provider is None or not provider.has_secret):
            form.client_secret.errors.append(_("Enter the client secret."))
        else:
            save_provider(g.school, _settings(form), current_user)
            flash(_("The sign-in settings have been saved."), "success")
            return redirect(url_for("sso.admin"))
    return render_template("sso/admin.html", form=form, provider=provider, callback_url=_callback_url())


def _settings(form: ProviderForm) -> ProviderSettings:
    return ProviderSettings(
        label=form.label.data or "",
        issuer=form.issuer.data or "",
        client_id=form.client_id.data or "",
        client_secret=form.client_secret.data,
        allowed_domains=domain_list(form.allowed_domains.data),
        enabled=bool(form.enabled.data),
        local_passwords_off=bool(form.local_passwords_off.data),
    )


def _callback_url() -> str:
    return url_for("sso.callback", _external=True)
