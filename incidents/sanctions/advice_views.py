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


def _with_section(sanction, render):
    """The page with the reasons by the section's forms; on a sanction without the section
    (a suspension, say) the reasons are flashed on its page instead."""
    return render if GC.applies(sanction.subject_kind, sanction.measure) else None


@bp.route("/sanctions/<int:sanction_id>/geschillencommissie/request", methods=["POST"])
@roles(*MANAGERS)
def request_received(sanction_id):
    sanction = load_sanction(sanction_id)
    form = AdviceRequestForm()
    if not form.validate_on_submit():
        return render_sanction(sanction, status=422, request_form=form)
    back = url_for("sanctions.show", sanction_id=sanction_id)
    step_page(
        back,
        render=_with_section(
            sanction, lambda errors: render_sanction(sanction, request_form=form, advice_errors=errors)
        ),
    )
    record_advice_request(sanction, current_user, form.version.data, form.requested_on.data)
    flash(_("The request to the Geschillencommissie has been recorded."), "success")
    return redirect(back)


@bp.route("/sanctions/<int:sanction_id>/geschillencommissie/advice", methods=["POST"])
@roles(*MANAGERS)
def advice_received(sanction_id):
    sanction = load_sanction(sanction_id)
    form = AdviceForm()
    if not form.validate_on_submit():
        return render_sanction(sanction, status=422, advice_form=form)
    back = url_for("sanctions.show", sanction_id=sanction_id)
    step_page(
        back,
        render=_with_section(
            sanction, lambda errors: render_sanction(sanction, advice_form=form, advice_errors=errors)
        ),
    )
    record_commission_advice(
        sanction, current_user, form.version.data, form.advice_received_on.data, form.advice_outcome.data
    )
    flash(_("The Geschillencommissie's advice has been recorded."), "success")
    return redirect(back)
