"""Downloading evidence: access-checked, always as an attachment."""
from flask import Blueprint, abort, send_file

from incidents.audit.record import audit
from incidents.auth.policy import CASE_ROLES, get_for_school_or_404, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.evidence.models import Evidence
from incidents.evidence.storage import path_for

bp = Blueprint("evidence", __name__)


@bp.route("/evidence/<int:evidence_id>/download")
@roles(*CASE_ROLES)
def download(evidence_id):
    item = get_for_school_or_404(Evidence, evidence_id)
    get_visible_case_or_404(item.case_id)
    if item.kind != "file":
        abort(404)
    try:
        path = path_for(item.sha256)
    except FileNotFoundError:
        abort(404)
    if not path.is_file():
        abort(404)
    audit("evidence.download", item)
    response = send_file(
        path,
        mimetype=item.content_type,
        as_attachment=True,
        download_name=item.original_name or f"evidence-{item.id}",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
