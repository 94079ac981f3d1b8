"""Police reports inside a case (directors; coordinators record support for a victim)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth import can
from incidents.auth.policy import MANAGERS, get_for_school_or_404, roles
from incidents.auth.totp.state import step_up
from incidents.cases.access import get_visible_case_or_404
from incidents.core.reasons import describe
from incidents.core.steps import step_page
from incidents.extensions import db
from incidents.police.forms import OpenReportForm, PoliceStepForm, SuspicionForm
from incidents.police.models import PoliceReport
from incidents.police.operations import (
    InvalidOpening,
    VictimNotInCase,
    open_police_report,
    police_options,
    record_suspicion,
    transition_police_report,
)
from workflows import police as flow

bp = Blueprint("police", __name__)


def _victims(case):
    return [(0, "—")] + [(i.person.id, i.person.full_name) for i in case.involvements if i.role == "target"]


@bp.route("/cases/<int:case_id>/police-reports/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def open_report(case_id):
    case = get_visible_case_or_404(case_id)
    form = OpenReportForm()
    form.victim_id.choices = _victims(case)
    if form.validate_on_submit():
        victim = next((i.person for i in case.involvements if i.person_id == form.victim_id.data), None)
        try:
            report, _outcome = open_police_report(case, current_user, form.offence.data, victim, form.known_on.data)
        except VictimNotInCase:
            db.session.rollback()
            form.victim_id.errors.append(_("Choose a person involved in this case."))
        except InvalidOpening as invalid:
            db.session.rollback()
            for name, code in invalid.errors.items():
                getattr(form, name).errors.append(describe(code))
        else:
            flash(_("The police report is being considered."), "success")
            return redirect(url_for("police.show", report_id=report.id))
    return render_template("police/open.html", case=case, form=form)


def _load(report_id):
    report = get_for_school_or_404(PoliceReport, report_id)
    get_visible_case_or_404(report.case_id)
    if not can.manage_case(current_user, report.case):
        abort(403)
    return report


def _render(report, form=None, errors=(), status=200, suspicion_form=None):
    return render_template(
        "police/show.html",
        report=report,
        options=police_options(report, g.role),
        form=form or PoliceStepForm(),
        errors=errors,
        suspicion_form=suspicion_form or SuspicionForm(),
        OFFENCE_STAFF=flow.SEXUAL_OFFENCE_STAFF,
    ), status


@bp.route("/police-reports/<int:report_id>")
@roles(*MANAGERS)
def show(report_id):
    report = _load(report_id)
    return step_up() or _render(report)  # a police report: a fresh second factor (incidents/auth/totp)


@bp.route("/police-reports/<int:report_id>/step", methods=["POST"])
@roles(*MANAGERS)
def step(report_id):
    report = _load(report_id)
    form = PoliceStepForm()
    if not form.validate_on_submit():
        return _render(report, form, status=422)
    params = {
        name: getattr(form, name).data
        for name in ("police_unit", "report_number", "filed_on", "outcome", "reason", "filed_by")
    }
    step_page(url_for("police.show", report_id=report_id), render=lambda errors: _render(report, form, errors))
    transition_police_report(
        report,
        current_user,
        g.role,
        form.event.data,
        form.version.data,
        **{k: v for k, v in params.items() if v not in (None, "")},
    )
    flash(_("The police report has been updated."), "success")
    return redirect(url_for("police.show", report_id=report_id))


@bp.route("/police-reports/<int:report_id>/suspicion", methods=["POST"])
@roles("director")
def suspicion(report_id):
    report = _load(report_id)
    form = SuspicionForm()
    if report.offence != flow.SEXUAL_OFFENCE_STAFF or report.state != "considered":
        abort(409)
    if not form.validate_on_submit():
        return _render(report, suspicion_form=form, status=422)
    step_page(url_for("police.show", report_id=report_id))
    record_suspicion(report, current_user, form.reasonable_suspicion.data == "yes", form.version.data)
    flash(_("The conclusion of the confidential inspector has been recorded."), "success")
    return redirect(url_for("police.show", report_id=report_id))
