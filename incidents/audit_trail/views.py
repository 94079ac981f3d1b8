"""The audit trail screen for directors and privacy officers: filters, keyset pages, CSV export.

Both the screen and the export are audited themselves. They show ids, codes, user names and
the keyed digest of an unknown sign-in address; never an e-mail address or case content.
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from incidents.audit.models import AuditEvent
from incidents.audit.security import record_security_event
from incidents.audit_trail.forms import TrailFilterForm
from incidents.audit_trail.queries import (
    TrailFilters,
    case_id_for,
    school_members,
    trail_for_export,
    trail_page,
    user_names,
)
from incidents.auth import can
from incidents.auth.policy import roles
from incidents.core.vocabulary import READ_ACTION_LABELS, SECURITY_EVENT_LABELS

bp = Blueprint("audit_trail", __name__)
KIND_LABELS = {**READ_ACTION_LABELS, **SECURITY_EVENT_LABELS}
CSV_COLUMNS = ("id", "at", "school_id", "user_id", "user", "kind", "object_type", "object_id", "detail")


def _read_filters(school_id: int) -> tuple[TrailFilterForm, TrailFilters | None]:
    """The form from the query string and its filters; None (with messages on the form) when invalid."""
    form = TrailFilterForm(request.args)
    form.user.choices = [("", _("Every user"))] + [(str(uid), name) for uid, name in school_members(school_id)]
    if not form.validate():
        return form, None
    case_id = None
    if form.case.data and form.case.data.strip():
        case_id = case_id_for(school_id, form.case.data)
        if case_id is None:
            form.case.errors = [_("No case with this reference at this school.")]
            return form, None
    filters = TrailFilters(
        person_id=form.person.data,
        case_id=case_id,
        user_id=int(form.user.data) if form.user.data else None,
        kind=form.kind.data or None,
        since=form.since.data,
        until=form.until.data,
    )
    return form, filters


def _cursor() -> int | None:
    value = request.args.get("before", "")
    return int(value) if value.isdigit() else None


@bp.route("/audit")
@roles(*can.AUDIT_TRAIL_ROLES)
def index() -> tuple[str, int]:
    form, filters = _read_filters(g.school.id)
    rows: list[AuditEvent] = []
    next_before = None
    if filters is not None:
        per_page = current_app.config["AUDIT_TRAIL_PER_PAGE"]
        rows, next_before = trail_page(g.school.id, filters, _cursor(), per_page)
        record_security_event(
            "audit_trail.viewed", user=current_user, school_id=g.school.id, detail=filters.audit_detail()
        )
    names = user_names({r.user_id for r in rows if r.user_id is not None})
    args = {k: v for k, v in request.args.items() if k != "before"}
    return render_template(
        "audit_trail/index.html",
        form=form,
        rows=rows,
        names=names,
        kind_labels=KIND_LABELS,
        next_before=next_before,
        args=args,
    ), (200 if filters is not None else 422)


def _csv_lines(school_id: int, filters: TrailFilters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    batch: list[AuditEvent] = []
    for row in trail_for_export(school_id, filters):
        batch.append(row)
        if len(batch) == 500:
            yield from _write(writer, buffer, batch)
            batch = []
    yield from _write(writer, buffer, batch)


def _write(writer: Any, buffer: io.StringIO, rows: list[AuditEvent]) -> Iterator[str]:
    names = user_names({r.user_id for r in rows if r.user_id is not None})
    for r in rows:
        user = names.get(r.user_id, "") if r.user_id is not None else ""
        writer.writerow(
            (
                r.id,
                r.at.isoformat(),
                r.school_id,
                r.user_id or "",
                user,
                r.action,
                r.object_type,
                r.object_id if r.object_id is not None else "",
                r.detail or "",
            )
        )
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()


@bp.route("/audit/export.csv")
@roles(*can.AUDIT_TRAIL_ROLES)
def export() -> Response | tuple[str, int]:
    form, filters = _read_filters(g.school.id)
    if filters is None:
        return index()
    school_id = g.school.id
    lines = list(_csv_lines(school_id, filters))
    record_security_event("audit_trail.exported", user=current_user, school_id=school_id, detail=filters.audit_detail())
    response = Response(lines, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response
