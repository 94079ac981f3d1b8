"""Recording correspondence on a case, downloading attachments, personal files and the
access-request export."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.audit.record import audit
from incidents.auth import can
from incidents.auth.policy import CASE_ROLES, MANAGERS, get_for_school_or_404, roles
from incidents.auth.totp.state import step_up
from incidents.cases.access import get_visible_case_or_404
from incidents.core import clock
from incidents.core.vocabulary import CORRESPONDENCE_KINDS, PERSON_KIND_LABELS
from incidents.correspondence.access import may_read, staff_sanction_ids
from incidents.correspondence.export import build_export, export_audit_detail, pdf_response
from incidents.correspondence.forms import CorrespondenceForm
from incidents.correspondence.models import Attachment, Correspondence
from incidents.correspondence.operations import people_of_case, record_correspondence
from incidents.correspondence.queries import (
    FileFilters,
    file_cases,
    file_entries,
    has_visible_case,
    mentor_may_open,
)
from incidents.correspondence.uploads import chosen_files, save_uploads
from incidents.evidence.download import send_stored
from incidents.extensions import db
from incidents.people.models import Person

bp = Blueprint("correspondence", __name__)


def _text(field):
    return (field.data or "").strip() or None


def _person_choice(person, case):
    involved = {i.person_id: i for i in case.involvements}
    if person.id in involved:
        return f"{person.full_name} ({PERSON_KIND_LABELS[person.kind]})"
    children = [i.person.full_name for i in case.involvements if person in i.person.parents]
    return f"{person.full_name} ({_('parent of %(pupil)s', pupil=', '.join(children))})"


@bp.route("/cases/<int:case_id>/correspondence/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new(case_id):
    case = get_visible_case_or_404(case_id)
    people = people_of_case(case)
    form = CorrespondenceForm()
    form.concerns.choices = [(pid, _person_choice(p, case)) for pid, p in people.items()]
    if request.method == "GET":
        form.occurred_on.data = clock.today()
        form.concerns.data = [
            pid for pid, p in people.items() if p.kind == "pupil" and any(i.person_id == pid for i in case.involvements)
        ]
    if form.validate_on_submit():
        stored = save_uploads(form.files)
        if stored is not None:
            record_correspondence(
                case,
                current_user,
                kind=form.kind.data,
                direction=form.direction.data,
                occurred_on=form.occurred_on.data,
                subject=form.subject.data.strip(),
                body=_text(form.body),
                sender=_text(form.sender),
                recipient=_text(form.recipient),
                concerns=form.concerns.data,
                attachments=stored,
            )
            flash(_("The correspondence has been filed."), "success")
            return redirect(url_for("cases.show", case_id=case.id) + "#correspondence")
    elif form.is_submitted() and chosen_files(form.files.data):
        form.files.errors = [*form.files.errors, _("Files are not kept when the form has errors; choose them again.")]
    status = 422 if form.is_submitted() else 200
    return render_template("correspondence/new.html", case=case, form=form), status


@bp.route("/correspondence/attachments/<int:attachment_id>")
@roles(*CASE_ROLES)
def download(attachment_id):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    record = get_for_school_or_404(Correspondence, attachment.correspondence_id)
    case = get_visible_case_or_404(record.case_id)
    if not may_read(record, g.role, staff_sanction_ids(case)):
        abort(403)
    response = send_stored(attachment.sha256, attachment.content_type, attachment.filename)
    audit("attachment.downloaded", attachment, school_id=record.school_id, detail=f"correspondence={record.id}")
    return response


def _load_file_owner(person_id):
    """The person whose file is opened, if this user may open it (403 / 404 otherwise)."""
    person = get_for_school_or_404(Person, person_id)
    if not can.open_person(current_user, person):
        abort(403)  # personnel files are for directors only
    return person


@bp.route("/people/<int:person_id>/file")
@roles(*CASE_ROLES)
def personal_file(person_id):
    person = _load_file_owner(person_id)
    if person.kind == "staff" and (asked := step_up()) is not None:  # a personnel file: a fresh second factor
        return asked
    filters = FileFilters.from_args(request.args)
    cases = file_cases(person, current_user, g.school.id, g.role)
    if not (
        can.see_whole_school(current_user, person)
        or cases
        or mentor_may_open(person, current_user, g.school.id)
        or has_visible_case(person, current_user, g.school.id, g.role)
    ):
        abort(404)
    entries = file_entries(person, current_user, g.school.id, g.role, filters)
    audit("file.viewed", person, detail=filters.audit_detail())
    return render_template(
        "correspondence/file.html",
        person=person,
        entries=entries,
        cases=cases,
        filters=filters,
        kinds=CORRESPONDENCE_KINDS,
    )


@bp.route("/people/<int:person_id>/file/export", methods=["POST"])
@roles(*MANAGERS)
def export(person_id):
    person = _load_file_owner(person_id)
    if person.kind != "pupil":
        abort(404)
    pdf, case_ids, record_ids, omitted = build_export(person, current_user, g.school.id, g.role, clock.utc_now())
    audit("file.exported", person, detail=export_audit_detail(case_ids, record_ids, omitted))
    return pdf_response(pdf, f"inzageverzoek-{person.id}.pdf")
