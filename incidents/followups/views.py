"""Planning and cancelling follow-ups by hand, and the "My tasks" page."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.policy import CASE_ROLES, MANAGERS, get_for_school_or_404, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.core import clock
from incidents.followups.forms import OTHER, CancelForm, followup_form
from incidents.followups.models import Followup
from incidents.followups.operations import NotAssignable, assignable_users, cancel_followup, plan_followup
from incidents.followups.queries import my_tasks

bp = Blueprint("followups", __name__)


def _back(case_id):
    return redirect(url_for("cases.show", case_id=case_id) + "#followups")


@bp.route("/cases/<int:case_id>/followups/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new(case_id):
    case = get_visible_case_or_404(case_id)
    form = followup_form(assignable_users(case), default_user=current_user)
    if form.validate_on_submit():
        user_id, role = form.parsed_assignee()
        try:
            plan_followup(
                case,
                current_user,
                "manual" if form.kind.data == OTHER else form.kind.data,
                form.due_on.data,
                (form.note.data or "").strip() or None,
                assignee_id=user_id,
                assignee_role=role,
            )
        except NotAssignable:
            form.assignee.errors.append(_("Choose someone from the list."))
        else:
            flash(_("The follow-up has been planned."), "success")
            return _back(case.id)
    status = 422 if form.is_submitted() else 200
    return render_template("followups/new.html", case=case, form=form), status


@bp.route("/followups/<int:followup_id>/cancel", methods=["GET", "POST"])
@roles(*MANAGERS)
def cancel(followup_id):
    item = get_for_school_or_404(Followup, followup_id)
    case = get_visible_case_or_404(item.case_id)
    if item.status != "open":
        abort(409)
    form = CancelForm()
    if form.validate_on_submit():
        cancel_followup(item, current_user, form.reason.data.strip())
        flash(_("The follow-up has been cancelled."), "success")
        return _back(case.id)
    status = 422 if form.is_submitted() else 200
    return render_template("followups/cancel.html", case=case, item=item, form=form), status


@bp.route("/tasks")
@roles(*CASE_ROLES)
def tasks():
    today = clock.today()
    items = my_tasks(current_user, g.school.id, g.role, today)
    return render_template("followups/tasks.html", items=items, today=today)
