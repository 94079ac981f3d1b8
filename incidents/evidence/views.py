"""Evidence: adding to a case, downloading (always as an attachment), exporting a case's evidence."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from incidents.audit.record import audit
from incidents.auth.policy import CASE_ROLES, MANAGERS, get_for_school_or_404, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.cases.models import Case
from incidents.core import clock
from incidents.core.clock import local_to_utc
from incidents.evidence.download import send_stored
from incidents.evidence.export import build_export
from incidents.evidence.forms import EvidenceForm
from incidents.evidence.models import Evidence
from incidents.evidence.operations import NewEvidence, add_evidence, record_export
from incidents.evidence.storage import RefusedFile, store_stream
from incidents.extensions import db

bp = Blueprint("evidence", __name__)


def _no_cache(response):
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/cases/<int:case_id>/evidence/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def add(case_id):
    case = get_visible_case_or_404(case_id)
    form = EvidenceForm()
    if not form.is_submitted():
        form.platform.data = case.platform
    if form.validate_on_submit():
        try:
            stored = [
                (store_stream(f.stream, current_app.config["MAX_UPLOAD_BYTES"]), f.filename)
                for f in form.uploaded_files()[: current_app.config["MAX_UPLOAD_FILES"]]
            ]
            add_evidence(
                case,
                current_user,
                NewEvidence(
                    platform=form.platform.data,
                    captured_at=local_to_utc(form.captured_at.data) if form.captured_at.data else None,
                    source_url=(form.source_url.data or "").strip() or None,
                    files=stored,
                    links=form.link_list(),
                ),
            )
        except RefusedFile:
            db.session.rollback()
            form.files.errors.append(
                _("Only images (PNG, JPEG, GIF, WebP), PDF and MP4 files can be added; choose the files again.")
            )
        else:
            flash(_("The evidence has been added."), "success")
            return redirect(url_for("cases.show", case_id=case.id, _anchor="evidence"))
    elif form.is_submitted() and form.uploaded_files():
        form.files.errors.append(_("Files are not kept when the form has errors; choose them again."))
    return render_template("evidence/add.html", case=case, form=form)


@bp.route("/evidence/<int:evidence_id>/download")
@roles(*CASE_ROLES)
def download(evidence_id):
    item = get_for_school_or_404(Evidence, evidence_id)
    get_visible_case_or_404(item.case_id)
    if item.kind != "file":
        abort(404)
    response = send_stored(item.sha256, item.content_type, item.original_name or f"evidence-{item.id}")
    audit("evidence.download", item)
    return response


@bp.route("/cases/<int:case_id>/evidence/export", methods=["POST"])
@roles(*MANAGERS)
def export(case_id):
    """A POST: the export is recorded on the case's timeline, and a GET writes nothing."""
    case = get_visible_case_or_404(
        case_id, selectinload(Case.evidence).joinedload(Evidence.added_by), joinedload(Case.school)
    )
    items = list(case.evidence)
    archive, _manifest = build_export(case, items, current_user)
    record_export(case, current_user, items)
    stamp = clock.utc_now().strftime("%Y%m%dT%H%MZ")
    response = send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"evidence-{g.school.code}-{case.reference}-{stamp}.zip",
        max_age=0,
    )
    return _no_cache(response)
