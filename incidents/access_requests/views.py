"""The register of access requests: the list, a new request from a person's page, the request's
page with its extension, export and answer."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.access_requests.forms import AnswerForm, ExtendForm, NewRequestForm
from incidents.access_requests.models import AccessRequest
from incidents.access_requests.operations import (
    Refused,
    answer_request,
    details_for_display,
    extend_request,
    record_export,
    register_request,
)
from incidents.access_requests.queries import register_rows
from incidents.audit.record import audit
from incidents.auth import can
from incidents.auth.policy import get_for_school_or_404, roles
from incidents.auth.totp.state import step_up
from incidents.core import clock
from incidents.core.reasons import describe
from incidents.core.steps import step_page
from incidents.core.vocabulary import ACCESS_STATUSES
from incidents.correspondence.export import build_export, export_audit_detail, pdf_response
from incidents.people.models import Person

bp = Blueprint("access_requests", __name__)
REGISTER_ROLES = can.ACCESS_REGISTER_ROLES


def _show_problems(form, problems):
    """The rules' messages next to the fields they concern."""
    for field_name, items in problems.items():
        field = getattr(form, field_name)
        for code, details in items:
            field.errors = [*field.errors, describe(code, {code: details_for_display(details)})]


@bp.route("/access-requests")
@roles(*can.ACCESS_REGISTER_READERS)
def index():
    status = request.args.get("status")
    status = status if status in ACCESS_STATUSES else None
    rows = register_rows(g.school.id, can.see_staff_access_requests(current_user), status, clock.today())
    audit("access_register.viewed", object_type="access_requests", detail=f"status={status}" if status else None)
    return render_template("access_requests/index.html", rows=rows, status=status, today=clock.today())


def _choices(person):
    if person.kind == "staff":
        return [(str(person.id), _("%(name)s (the staff member)", name=person.full_name))]
    parents = [(str(gs.parent.id), _("%(name)s (parent)", name=gs.parent.full_name)) for gs in person.guardianships]
    return [(str(person.id), _("%(name)s (the pupil)", name=person.full_name)), *parents]


def _load_person(person_id):
    person = get_for_school_or_404(Person, person_id)
    if not can.register_access_request(current_user, person):
        abort(404)
    return person


@bp.route("/people/<int:person_id>/access-requests/new", methods=["GET", "POST"])
@roles(*REGISTER_ROLES)
def new(person_id):
    person = _load_person(person_id)
    form = NewRequestForm()
    form.requester.choices = _choices(person)
    if request.method == "GET":
        form.received_on.data = clock.today()
    if form.validate_on_submit():
        requester = get_for_school_or_404(Person, int(form.requester.data))
        try:
            item = register_request(
                person,
                requester,
                current_user,
                received_on=form.received_on.data,
                identity_check=form.identity_check.data,
                identity_note=(form.identity_note.data or "").strip() or None,
            )
        except Refused as refused:
            _show_problems(form, refused.problems)
        else:
            flash(_("The access request has been registered."), "success")
            return redirect(url_for("access_requests.show", request_id=item.id))
    status = 422 if form.is_submitted() else 200
    return render_template("access_requests/new.html", person=person, form=form), status


def _load(request_id, may=can.open_access_request):
    item = get_for_school_or_404(AccessRequest, request_id)
    if not may(current_user, item):
        abort(404)
    return item


def _page(item, extend=None, answer=None, status=200):
    extend = extend or ExtendForm(formdata=None, version=item.version, via="email")
    answer = answer or AnswerForm(formdata=None, version=item.version, answered_on=clock.today())
    return render_template(
        "access_requests/show.html", item=item, today=clock.today(), extend=extend, answer=answer
    ), status


@bp.route("/access-requests/<int:request_id>")
@roles(*can.ACCESS_REGISTER_READERS)
def show(request_id):
    item = _load(request_id, may=can.read_access_request)
    audit("access_request.viewed", item)
    return _page(item)


@bp.route("/access-requests/<int:request_id>/extend", methods=["POST"])
@roles(*REGISTER_ROLES)
def extend(request_id):
    item = _load(request_id)
    form = ExtendForm()
    if form.validate_on_submit():
        step_page(url_for("access_requests.show", request_id=item.id))
        try:
            extend_request(
                item,
                current_user,
                form.version.data,
                extended_to=form.extended_to.data,
                reason=form.reason.data or "",
                via=form.via.data,
                notified_on=form.notified_on.data,
                school_name=g.school.name,
            )
        except Refused as refused:
            _show_problems(form, refused.problems)
        else:
            flash(_("The term has been extended."), "success")
            return redirect(url_for("access_requests.show", request_id=item.id))
    return _page(item, extend=form, status=422)


@bp.route("/access-requests/<int:request_id>/export", methods=["POST"])
@roles(*REGISTER_ROLES)
def export(request_id):
    item = _load(request_id)
    if not can.export_for_access_request(current_user, item):
        abort(403)  # a coordinator's export would leave out what only a director may read
    # The whole file of a person: a fresh second factor, then back to the request's page to export.
    if (asked := step_up(url_for("access_requests.show", request_id=item.id))) is not None:
        return asked
    pdf, case_ids, record_ids, omitted = build_export(item.subject, current_user, g.school.id, g.role, clock.utc_now())
    detail = export_audit_detail(case_ids, record_ids, omitted)
    audit("file.exported", item.subject, detail=detail)
    record_export(item, current_user, omitted, detail)
    return pdf_response(pdf, f"inzageverzoek-{item.reference}.pdf")


@bp.route("/access-requests/<int:request_id>/answer", methods=["POST"])
@roles(*REGISTER_ROLES)
def answer(request_id):
    item = _load(request_id)
    form = AnswerForm()
    if form.validate_on_submit():
        step_page(url_for("access_requests.show", request_id=item.id))
        try:
            answer_request(item, current_user, form.version.data, form.answered_on.data)
        except Refused as refused:
            _show_problems(form, refused.problems)
        else:
            flash(_("The request is recorded as answered."), "success")
            return redirect(url_for("access_requests.show", request_id=item.id))
    return _page(item, answer=form, status=422)
