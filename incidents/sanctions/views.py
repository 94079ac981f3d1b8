"""Proposing, hearing, deciding and following a sanction."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth import can
from incidents.auth.policy import MANAGERS, get_for_school_or_404, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.core import clock
from incidents.core.reasons import describe
from incidents.core.steps import step_page
from incidents.core.vocabulary import HEARING_PARTIES, PERSON_KIND_LABELS
from incidents.correspondence.operations import people_of_case
from incidents.correspondence.uploads import save_uploads
from incidents.extensions import db
from incidents.sanctions.advice_forms import advice_section
from incidents.sanctions.forms import (
    EmployeeResponseForm,
    HearingForm,
    IntentDeliveryForm,
    ProposeForm,
    SanctionDetailsForm,
    SanctionStepForm,
)
from incidents.sanctions.models import Sanction
from incidents.sanctions.operations import (
    DETAIL_FIELDS,
    DateInFuture,
    NotASubject,
    earlier_sanctions,
    file_hearing_report,
    finalizes_soon,
    hearings_of,
    propose_sanction,
    sanction_followups,
    sanction_options,
    subject_is_adult,
    suspension_length,
    transition_sanction,
    update_sanction_details,
)
from incidents.sanctions.staff_operations import (
    InvalidEntry,
    court_deadline,
    file_employee_response,
    intent_of,
    needs_intent,
    record_intent_delivery,
)

bp = Blueprint("sanctions", __name__)

# Follow-ups a letter completes when it is filed (its `completes` in incidents/letters/registry.py):
# the task links to the letter form with that letter and this sanction chosen.
LETTER_TASKS = {
    "inform_inspectie": "inspectie",
    "inform_leerplichtambtenaar": "leerplicht",
    "file_timeout_report": "timeout_report",
}


@bp.route("/cases/<int:case_id>/sanctions/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def propose(case_id):
    case = get_visible_case_or_404(case_id)
    # A staff member is offered to directors only: the form refuses any other choice.
    subjects = {p.id: p for p in people_of_case(case).values() if can.propose_sanction(current_user, p)}
    form = ProposeForm()
    form.subject_id.choices = [(p.id, f"{p.full_name} ({PERSON_KIND_LABELS[p.kind]})") for p in subjects.values()]

    def page(errors=()):
        history = {pid: earlier_sanctions(pid, case.school_id) for pid in subjects}
        return render_template(
            "sanctions/propose.html", case=case, form=form, errors=errors, history=history, subjects=subjects
        )

    if form.validate_on_submit():
        step_page(url_for("cases.show", case_id=case.id), render=page)
        try:
            sanction, _outcome = propose_sanction(
                case,
                current_user,
                g.role,
                subjects.get(form.subject_id.data),
                form.measure.data,
                form.justification.data,
                start_date=form.start_date.data,
                end_date=form.end_date.data,
                start_time=form.start_time.data,
                grounds=form.grounds.data or None,
                urgent_reason_known_on=form.urgent_reason_known_on.data,
                in_personnel_file=bool(form.in_personnel_file.data),
            )
        except NotASubject:
            db.session.rollback()
            form.subject_id.errors.append(_("Choose a person involved in this case."))
        else:
            flash(_("The sanction has been proposed."), "success")
            return redirect(url_for("sanctions.show", sanction_id=sanction.id))
    return page()


def _load(sanction_id):
    sanction = get_for_school_or_404(Sanction, sanction_id)
    get_visible_case_or_404(sanction.case_id)
    if not can.open_sanction(current_user, sanction):
        abort(404)  # a staff sanction, like a staff file, does not exist for non-directors
    return sanction


def _staff_forms(sanction, delivery=None, response=None):
    """The intended measure's forms for a staff sanction (templates/sanctions/_staff_intent.html)."""
    if sanction.subject_kind != "staff":
        return None
    intent = intent_of(sanction)
    if delivery is None:
        delivery = IntentDeliveryForm(formdata=None, obj=intent)
    return {
        "intent": intent,
        "delivery": delivery,
        "response": response or EmployeeResponseForm(formdata=None),
        "court_deadline": court_deadline(sanction),
        "needs_intent": needs_intent(sanction),
    }


def _render(sanction, step_form=None, errors=(), status=200, hearing=None, details=None, staff=None, **advice):
    if details is None:
        details = SanctionDetailsForm(obj=sanction) if request.method == "GET" or step_form else SanctionDetailsForm()
    hearing = hearing or HearingForm()
    if hearing.occurred_on.data is None:
        hearing.occurred_on.data = clock.today()
    return render_template(
        "sanctions/show.html",
        sanction=sanction,
        staff=staff or _staff_forms(sanction),
        options=sanction_options(sanction, g.role),
        step_form=step_form or SanctionStepForm(),
        errors=errors,
        details=details,
        hearing=hearing,
        history=earlier_sanctions(sanction.subject_id, sanction.school_id),
        finalizes_soon=finalizes_soon(sanction),
        school_days=suspension_length(sanction),
        hearings=hearings_of(sanction),
        tasks=[f for f in sanction_followups(sanction) if f.status == "open"],
        letter_tasks=LETTER_TASKS,
        adult=subject_is_adult(sanction),
        today=clock.today(),
        advice=advice_section(sanction, **advice),
    ), status


@bp.route("/sanctions/<int:sanction_id>")
@roles(*MANAGERS)
def show(sanction_id):
    return _render(_load(sanction_id))


@bp.route("/sanctions/<int:sanction_id>/step", methods=["POST"])
@roles(*MANAGERS)
def step(sanction_id):
    sanction = _load(sanction_id)
    form = SanctionStepForm()
    if not form.validate_on_submit():
        return _render(sanction, form, status=422)
    params = {
        "reasons": form.reasons.data or None,
        "reason": form.reason.data or None,
        "received_on": form.received_on.data,
        "outcome": form.outcome.data or None,
        "override": bool(form.override.data),
        "override_reason": form.override_reason.data or None,
    }
    step_page(url_for("sanctions.show", sanction_id=sanction_id), render=lambda errors: _render(sanction, form, errors))
    try:
        transition_sanction(
            sanction,
            current_user,
            g.role,
            form.event.data,
            form.version.data,
            **{k: v for k, v in params.items() if v not in (None, False)},
        )
    except DateInFuture:
        db.session.rollback()
        form.received_on.errors.append(_("This date lies in the future."))
        return _render(sanction, form, status=422)
    flash(_("The sanction has been updated."), "success")
    return redirect(url_for("sanctions.show", sanction_id=sanction_id))


@bp.route("/sanctions/<int:sanction_id>/hearings", methods=["POST"])
@roles(*MANAGERS)
def add_hearing(sanction_id):
    sanction = _load(sanction_id)
    form = HearingForm()
    if not form.validate_on_submit():
        return _render(sanction, status=422, hearing=form)
    stored = save_uploads(form.files)
    if stored is None:
        return _render(sanction, status=422, hearing=form)
    attended = not form.did_not_attend.data
    party = HEARING_PARTIES[form.party.data]
    title = _("Hearing: %(party)s", party=party) if attended else _("Hearing not attended: %(party)s", party=party)
    try:
        file_hearing_report(
            sanction,
            current_user,
            party=form.party.data,
            held_on=form.occurred_on.data,
            attended=attended,
            subject=title,
            report=form.report.data,
            attachments=stored,
        )
    except DateInFuture:
        db.session.rollback()
        form.occurred_on.errors.append(_("This date lies in the future: a hearing is filed once it has taken place."))
        return _render(sanction, status=422, hearing=form)
    flash(_("The hearing report has been filed."), "success")
    return redirect(url_for("sanctions.show", sanction_id=sanction_id))


@bp.route("/sanctions/<int:sanction_id>/details", methods=["POST"])
@roles(*MANAGERS)
def update_details(sanction_id):
    sanction = _load(sanction_id)
    form = SanctionDetailsForm()
    if not form.validate_on_submit():
        return _render(sanction, status=422)
    step_page(url_for("sanctions.show", sanction_id=sanction_id))
    try:
        update_sanction_details(
            sanction, current_user, form.version.data, **{name: getattr(form, name).data for name in DETAIL_FIELDS}
        )
    except DateInFuture as late:
        db.session.rollback()
        for name in late.fields:
            getattr(form, name).errors.append(_("This date lies in the future."))
        return _render(sanction, status=422, details=form)
    flash(_("The details have been saved."), "success")
    return redirect(url_for("sanctions.show", sanction_id=sanction_id))


def _field_errors(form, invalid, prefix=""):
    db.session.rollback()
    for name, code in invalid.errors.items():
        getattr(form, prefix + name).errors.append(describe(code))


@bp.route("/sanctions/<int:sanction_id>/intent-delivery", methods=["POST"])
@roles(*MANAGERS)
def intent_delivery(sanction_id):
    sanction = _load(sanction_id)
    form = IntentDeliveryForm()
    if form.validate_on_submit():
        step_page(url_for("sanctions.show", sanction_id=sanction_id))
        try:
            record_intent_delivery(
                sanction,
                current_user,
                form.version.data,
                sent_how=form.sent_how.data or None,
                sent_on=form.sent_on.data,
                received_on=form.received_on.data,
            )
        except InvalidEntry as invalid:
            _field_errors(form, invalid)
        else:
            flash(_("The delivery of the intended measure has been recorded."), "success")
            return redirect(url_for("sanctions.show", sanction_id=sanction_id))
    return _render(sanction, status=422, staff=_staff_forms(sanction, delivery=form))


@bp.route("/sanctions/<int:sanction_id>/response", methods=["POST"])
@roles(*MANAGERS)
def employee_response(sanction_id):
    sanction = _load(sanction_id)
    form = EmployeeResponseForm()
    stored = save_uploads(form.response_files) if form.validate_on_submit() else None
    if stored is not None:
        step_page(url_for("sanctions.show", sanction_id=sanction_id))
        try:
            file_employee_response(
                sanction,
                current_user,
                form.version.data,
                kind=form.response_kind.data,
                received_on=form.response_received_on.data,
                body=form.response_body.data,
                attachments=stored,
            )
        except InvalidEntry as invalid:
            _field_errors(form, invalid, prefix="response_")
        else:
            flash(_("The employee's written response has been filed."), "success")
            return redirect(url_for("sanctions.show", sanction_id=sanction_id))
    return _render(sanction, status=422, staff=_staff_forms(sanction, response=form))


# The Geschillencommissie steps (advice_views.py) load and render the same page.
load_sanction, render_sanction = _load, _render
