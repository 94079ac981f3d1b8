"""The sessions page: where the user is signed in, and signing sessions out."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from incidents.auth.policy import signed_in
from incidents.auth.sessions.current import current_session, current_session_id, end_current_session, idle_timeout
from incidents.auth.sessions.forms import EndOtherSessionsForm, EndSessionForm
from incidents.auth.sessions.operations import revoke_session, sign_out_elsewhere
from incidents.auth.sessions.queries import open_sessions
from incidents.core import clock

bp = Blueprint("sessions", __name__, url_prefix="/account/sessions")


@bp.route("")
@signed_in
def index() -> str:
    return render_template(
        "auth/sessions.html",
        sessions=open_sessions(current_user.id, clock.utc_now(), idle_timeout()),
        current=current_session(),
    )


@bp.route("/end", methods=["POST"])
@signed_in
def end() -> Response:
    form = EndSessionForm()
    if not form.validate_on_submit():
        abort(400)
    mine = {s.id: s for s in open_sessions(current_user.id, clock.utc_now(), idle_timeout())}
    record = mine.get(form.session_id.data or "")
    if record is None:
        abort(404)
    if record.id == current_session_id():
        end_current_session()
        flash(_("You are signed out."), "info")
        return redirect(url_for("auth.login"))
    revoke_session(current_user, record)
    flash(_("That session is signed out."), "info")
    return redirect(url_for("sessions.index"))


@bp.route("/end-others", methods=["POST"])
@signed_in
def end_others() -> Response:
    form = EndOtherSessionsForm()
    if not form.validate_on_submit():
        abort(400)
    current = current_session()
    if current is None:  # signed_in let the request through, so it has a session
        abort(400)
    ended = sign_out_elsewhere(current_user, current)
    flash(_("Other sessions signed out: %(count)d.", count=ended), "info")
    return redirect(url_for("sessions.index"))
