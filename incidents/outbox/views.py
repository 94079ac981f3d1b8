"""The outbox: administrators see every message of their school (never the body);
coordinators and directors see the failed and uncertain ones to resend by hand."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth import can
from incidents.auth.policy import MANAGERS, get_for_school_or_404, roles
from incidents.core.vocabulary import OUTBOX_KINDS, OUTBOX_STATUSES
from incidents.outbox.forms import ResendForm
from incidents.outbox.masking import mask_address, mask_addresses_in
from incidents.outbox.models import RESENDABLE, STATUSES, OutboxMessage
from incidents.outbox.operations import (
    PAGE_SIZE,
    NeedsConfirmation,
    NotResendable,
    messages_for_school,
    resend,
    status_counts,
)

bp = Blueprint("outbox", __name__)


def _shown_as_is(text):
    return text or ""


def _render(page, statuses, status_choices, selected):
    """`page` is "admin" (every message; addresses masked, as the administrator reads no case
    content and a parent's address next to "Notice to parents" reveals an incident) or
    "managers" (the coordinators and directors who resend: full addresses)."""
    masked = page == "admin"
    before = request.args.get("before", "")
    if before and not (before.isdigit() and len(before) <= 12):
        abort(400)
    messages, older = messages_for_school(
        g.school.id,
        statuses,
        before=int(before) if before else None,
        limit=current_app.config.get("OUTBOX_PAGE_SIZE", PAGE_SIZE),
    )
    return render_template(
        "outbox/list.html",
        page=page,
        messages=messages,
        older=older,
        paged=bool(before),
        counts=status_counts(g.school.id),
        status_choices=status_choices,
        selected=selected,
        labels=OUTBOX_STATUSES,
        kinds=OUTBOX_KINDS,
        resendable=RESENDABLE,
        form=ResendForm(),
        shown_address=mask_address if masked else _shown_as_is,
        shown_error=mask_addresses_in if masked else _shown_as_is,
    )


@bp.route("/admin/outbox")
@roles("admin")
def admin_list():
    selected = request.args.get("status", "")
    if selected and selected not in STATUSES:
        abort(400)
    return _render("admin", [selected] if selected else None, STATUSES, selected)


@bp.route("/outbox")
@roles(*MANAGERS)
def problems():
    selected = request.args.get("status", "")
    if selected and selected not in RESENDABLE:
        abort(400)
    return _render("managers", [selected] if selected else list(RESENDABLE), RESENDABLE, selected)


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
@roles("admin", *MANAGERS)
def resend_message(message_id):
    message = get_for_school_or_404(OutboxMessage, message_id)
    back = url_for("outbox.admin_list" if can.administer(current_user, message) else "outbox.problems")
    form = ResendForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        resend(message, current_user, confirm_duplicate=form.confirm_duplicate.data)
    except NeedsConfirmation:
        flash(_("This message may already have arrived. Tick the box to confirm it may arrive twice."), "error")
        return redirect(back)
    except NotResendable:
        flash(_("This message can no longer be resent."), "error")
        return redirect(back)
    flash(_("The message will be sent again shortly."), "success")
    return redirect(back)
