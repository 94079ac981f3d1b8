"""The Geschillencommissie steps on a removal: request received, advice received."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.policy import MANAGERS, roles
from incidents.core.steps import step_page
from incidents.sanctions.advice_forms import AdviceForm, AdviceRequestForm
from incidents.sanctions.advice_operations import record_advice_request, record_commission_advice
from incidents.sanctions.views import load_sanction, render_sanction
from workflows import geschillencommissie as GC

bp = Blueprint("geschillencommissie", __name__)


def _record_step(sanction_id, form, form_name, record, message):
    """One Geschillencommissie step: the form's own errors, then the workflow's reasons by the
    section's forms (flashed on the page of a sanction without the section, a suspension say)."""
    sanction = load_sanction(sanction_id)
    if not form.validate_on_submit():
        return render_sanction(sanction, status=422, **{form_name: form})
    back = url_for("sanctions.show", sanction_id=sanction_id)
    with_section = GC.applies(sanction.subject_kind, sanction.measure)
    step_page(
        back,
        render=(lambda errors: render_sanction(sanction, advice_errors=errors, **{form_name: form}))
        if with_section
        else None,
    )
    record(sanction)
    flash(message, "success")
    return redirect(back)


@bp.route("/sanctions/<int:sanction_id>/geschillencommissie/request", methods=["POST"])
@roles(*MANAGERS)
def request_received(sanction_id):
    form = AdviceRequestForm()
    return _record_step(
        sanction_id,
        form,
        "request_form",
        lambda sanction: record_advice_request(sanction, current_user, form.version.data, form.requested_on.data),
        _("The request to the Geschillencommissie has been recorded."),
    )


@bp.route("/sanctions/<int:sanction_id>/geschillencommissie/advice", methods=["POST"])
@roles(*MANAGERS)
def advice_received(sanction_id):
    form = AdviceForm()
    return _record_step(
        sanction_id,
        form,
        "advice_form",
        lambda sanction: record_commission_advice(
            sanction, current_user, form.version.data, form.advice_received_on.data, form.advice_outcome.data
        ),
        _("The Geschillencommissie's advice has been recorded."),
    )
