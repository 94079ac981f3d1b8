"""Roster import for the functional administrator: upload -> preview (dry run) -> confirm."""

import secrets

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from incidents.auth.policy import roles
from incidents.roster import pending
from incidents.roster.apply import apply_plan
from incidents.roster.forms import ConfirmForm, RosterUploadForm
from incidents.roster.plan import FIELD_LABELS, build_plan

bp = Blueprint("roster", __name__, url_prefix="/admin/roster")
SESSION_KEY = "roster_upload"
LIST_LIMIT = 200  # rows per list on the preview page; the counts are always complete


def _is_xhr():
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _pending_upload():
    """(session data, file bytes) of this school's upload awaiting confirmation, or (None, None)."""
    data = session.get(SESSION_KEY)
    if not data or data.get("school_id") != g.school.id:
        return None, None
    raw = pending.read(data.get("token"))
    if raw is None:
        session.pop(SESSION_KEY, None)
        return None, None
    return data, raw


def _forget_upload():
    data = session.pop(SESSION_KEY, None)
    if data:
        pending.discard(data.get("token"))


def _render_preview(plan, data, status=200):
    return render_template(
        "roster/preview.html",
        plan=plan,
        form=ConfirmForm(token=data["token"]),
        limit=LIST_LIMIT,
        error_text=lambda e: _(e.message, **e.params),
        field_label=lambda f: _(FIELD_LABELS.get(f, f)),
    ), status


@bp.route("", methods=["GET", "POST"])
@roles("admin")
def upload():
    form = RosterUploadForm()
    if form.validate_on_submit():
        _forget_upload()
        token = pending.save(form.file.data.stream)
        session[SESSION_KEY] = {"token": token, "school_id": g.school.id, "complete": bool(form.complete.data)}
        target = url_for("roster.preview")
        return jsonify(next=target) if _is_xhr() else redirect(target)
    if request.method == "POST" and _is_xhr():
        return jsonify(errors=[str(e) for errors in form.errors.values() for e in errors]), 400
    data, _raw = _pending_upload()
    return render_template("roster/upload.html", form=form, has_pending=data is not None)


@bp.route("/preview")
@roles("admin")
def preview():
    data, raw = _pending_upload()
    if raw is None:
        flash(_("Upload a file first."), "info")
        return redirect(url_for("roster.upload"))
    return _render_preview(build_plan(g.school, raw, complete=data["complete"]), data)


@bp.route("/import", methods=["POST"])
@roles("admin")
def confirm():
    form = ConfirmForm()
    data, raw = _pending_upload()
    if raw is None or not form.validate_on_submit() or not secrets.compare_digest(form.token.data, data["token"]):
        flash(_("This upload is no longer available or was replaced; check the preview again."), "error")
        return redirect(url_for("roster.preview" if raw is not None else "roster.upload"))
    # Planned again: the database may have changed since the preview.
    plan = build_plan(g.school, raw, complete=data["complete"])
    if not plan.ok:
        return _render_preview(plan, data, status=422)
    counts = apply_plan(g.school, plan)
    session.pop(SESSION_KEY, None)
    flash(
        _(
            "Roster imported: %(added)s added, %(changed)s changed, %(unchanged)s unchanged, %(left)s marked as left.",
            **counts,
        ),
        "success",
    )
    response = redirect(url_for("roster.upload"))
    # The file goes once the response is done, i.e. after the request's commit.
    response.call_on_close(pending.remover(data["token"]))
    return response


@bp.route("/cancel", methods=["POST"])
@roles("admin")
def cancel():
    if ConfirmForm().validate_on_submit():
        _forget_upload()
        flash(_("The upload has been discarded; nothing was imported."), "info")
    return redirect(url_for("roster.upload"))
