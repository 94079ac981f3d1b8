"""The steps inside a case: transitions, parent contact, follow-ups."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth import can
from incidents.auth.policy import CASE_ROLES, get_for_school_or_404, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.casework.transitions import case_options, transition_case
from incidents.casework.workflow_forms import DoneForm, ParentContactForm, TransitionForm, WaiverForm
from incidents.core import clock
from incidents.core.steps import NotOffered, step_page
from incidents.correspondence.operations import record_parent_contact, waive_parent_contact
from incidents.correspondence.uploads import save_uploads
from incidents.followups.models import Followup
from incidents.followups.operations import complete_followup
from workflows import case as case_flow

bp = Blueprint("case_steps", __name__)

EVENTS_WITH_REASON = ("dismiss", "reopen")


def _refuse_forged(case, event):
    """A step the role may never take, or one the state does not offer, was not on the page:
    answer 403 / 409 rather than a friendly message."""
    if event not in {option.event for option in case_options(case, g.role)}:
        reason = "role_not_allowed" if g.role not in case_flow.ROLES.get(event, ()) else "invalid_state"
        raise NotOffered(event, (reason,))


def _back_url(case, anchor="workflow"):
    return url_for("cases.show", case_id=case.id) + "#" + anchor


def _back(case, anchor="workflow"):
    return redirect(_back_url(case, anchor))


def pupils_of(case):
    return [i.person for i in case.involvements if i.person.kind == "pupil"]


@bp.route("/cases/<int:case_id>/transition", methods=["POST"])
@roles(*CASE_ROLES)
def transition(case_id):
    case = get_visible_case_or_404(case_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    event = form.event.data

    def with_reason(errors=()):
        return render_template("cases/transition.html", case=case, form=form, event=event, errors=errors)

    if event in EVENTS_WITH_REASON and request.form.get("confirm") != "1":
        return with_reason()
    # A dismissal or reopening keeps its reason form; other steps return to the case page.
    step_page(_back_url(case), render=with_reason if event in EVENTS_WITH_REASON else None)
    _refuse_forged(case, event)
    transition_case(case, current_user, g.role, event, form.version.data, reason=form.reason.data)
    flash(_("The case has been updated."), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/parent-contact", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def parent_contact(case_id):
    case = get_visible_case_or_404(case_id)
    pupils = {p.id: p for p in pupils_of(case)}
    form = ParentContactForm()
    form.pupil_id.choices = [(p.id, p.full_name) for p in pupils.values()]
    waiver = WaiverForm(prefix="waiver")
    waiver.pupil_id.choices = form.pupil_id.choices
    if request.method == "GET":
        form.occurred_on.data = clock.today()
    if request.form.get("form") == "contact" and form.validate_on_submit():
        stored = save_uploads(form.files)
        if stored is not None:
            record_parent_contact(
                case,
                current_user,
                pupils[form.pupil_id.data],
                kind=form.kind.data,
                occurred_on=form.occurred_on.data,
                note=form.note.data,
                attachments=stored,
            )
            flash(_("The parent contact has been recorded in the pupil's file."), "success")
            return _back(case)
    if request.form.get("form") == "waiver":
        if not can.manage_case(current_user, case):
            abort(403)
        if waiver.validate_on_submit():
            waive_parent_contact(case, current_user, pupils[waiver.pupil_id.data], waiver.reason.data)
            flash(_("The reason has been recorded."), "success")
            return _back(case)
    return render_template("cases/parent_contact.html", case=case, form=form, waiver=waiver)


@bp.route("/followups/<int:followup_id>/done", methods=["POST"])
@roles(*CASE_ROLES)
def followup_done(followup_id):
    item = get_for_school_or_404(Followup, followup_id)
    case = get_visible_case_or_404(item.case_id)
    if not can.complete_followup(current_user, item):
        abort(403)
    form = DoneForm()
    if form.validate_on_submit() and complete_followup(item, current_user, form.note.data):
        flash(_("The follow-up is done."), "success")
    return _back(case, "followups")
