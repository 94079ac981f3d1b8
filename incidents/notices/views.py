"""Composing notices from a case, printing letters, and the parents' public notice page."""

import secrets
from datetime import timedelta

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from incidents.audit.record import audit
from incidents.auth.policy import MANAGERS, get_for_school_or_404, public, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.cases.models import Case, Involvement
from incidents.core import clock
from incidents.correspondence.models import Attachment
from incidents.evidence.download import send_stored
from incidents.extensions import db
from incidents.limits.limiter import token_links
from incidents.notices.cancel import cancel_notice
from incidents.notices.forms import CancelForm, ComposeForm, PublicNoticeForm
from incidents.notices.models import Notice, NoticeRecipient
from incidents.notices.operations import (
    Draft,
    NamesOtherPupil,
    acknowledge,
    default_drafts,
    notice_pupils,
    record_read,
    send_composed,
    sent_with,
)
from incidents.notices.tokens import ExpiredLink, InvalidLink, read_token
from incidents.people.models import Guardianship, Person

bp = Blueprint("notices", __name__)


def _compose_form(case, pupils):
    form = ComposeForm()
    if not form.is_submitted():
        form.compose_token.data = secrets.token_urlsafe(32)
        form.next_followup_on.data = clock.today() + timedelta(days=case.school.monitoring_checkin_days)
        form.contact_person.data = current_user.name
        for draft in default_drafts(case, pupils, form.next_followup_on.data, form.contact_person.data):
            form.entries.append_entry(
                {"pupil_id": str(draft.pupil.id), "send": True, "subject": draft.subject, "body": draft.body}
            )
    return form


@bp.route("/cases/<int:case_id>/notices/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def compose(case_id):
    case = get_visible_case_or_404(
        case_id,
        joinedload(Case.involvements)
        .joinedload(Involvement.person)
        .selectinload(Person.guardianships)
        .joinedload(Guardianship.parent),
    )
    pupils = {p.id: p for p in notice_pupils(case)}
    form = _compose_form(case, list(pupils.values()))
    entries = _entries_with_pupils(form, pupils)
    if form.is_submitted() and form.compose_token.validate(form) is False:
        abort(400)  # not a form this page made
    if form.validate_on_submit():
        response = _send_from_form(case, form, entries)
        if response is not None:
            return response
    status = 422 if form.is_submitted() else 200
    return render_template("notices/compose.html", case=case, form=form, entries=entries), status


def _entries_with_pupils(form, pupils):
    """(pupil, entry) for each entry of the form."""
    entries = []
    for entry in form.entries:
        pupil = pupils.get(int(entry.pupil_id.data)) if (entry.pupil_id.data or "").isdigit() else None
        if pupil is None:
            abort(400)  # a pupil not offered on the page
        entries.append((pupil, entry))
    return entries


def _send_from_form(case, form, entries):
    """Send the chosen notices: a redirect, or None to show the form again with its errors."""
    token = form.compose_token.data
    if sent_with(case, token):
        return _already_sent(case)
    chosen = [(p, e) for p, e in entries if e.send.data]
    _require_texts(chosen)
    if not chosen:
        flash(_("Choose at least one notice to send."), "error")
        return None
    if any(e.errors for _p, e in chosen):
        return None
    drafts = [Draft(p, e.subject.data, e.body.data) for p, e in chosen]
    try:
        notices = send_composed(
            case,
            current_user,
            drafts,
            form.next_followup_on.data,
            form.contact_person.data.strip(),
            compose_token=token,
        )
    except IntegrityError:
        # The same form sent twice at once: the other request's notices won the token.
        if not sent_with(case, token):
            raise
        return _already_sent(case)
    except NamesOtherPupil as refused:
        _show_names_other_pupil(chosen, refused)
        return None
    return _queued(case, notices)


def _require_texts(chosen):
    for _pupil, entry in chosen:
        for field in (entry.subject, entry.body):
            if not (field.data or "").strip():
                field.errors.append(_("This field is required."))


def _show_names_other_pupil(chosen, refused):
    for pupil, entry in chosen:
        for field_name, names in refused.problems.get(pupil.id, {}).items():
            getattr(entry, field_name).errors.append(
                _(
                    "This text names another pupil of the case (%(names)s). A notice to the parents "
                    "of one pupil may not name other pupils.",
                    names=", ".join(names),
                )
            )


def _queued(case, notices):
    # Nothing has left yet: e-mails wait in the outbox, letters for the coordinator.
    flash(
        ngettext(
            "%(num)s notice to the parents queued for sending.",
            "%(num)s notices to the parents queued for sending.",
            len(notices),
        ),
        "success",
    )
    if any(n.letter_task is not None for n in notices):
        flash(
            _(
                "Print and post the letters, then mark the task to post them done: until then "
                "they do not count as sent."
            ),
            "info",
        )
    return redirect(url_for("cases.show", case_id=case.id) + "#notices")


def _already_sent(case):
    flash(_("You already sent this form; the notices were not made a second time."), "info")
    return redirect(url_for("cases.show", case_id=case.id) + "#notices")


@bp.route("/notices/<int:notice_id>/cancel", methods=["POST"])
@roles(*MANAGERS)
def cancel(notice_id):
    notice = get_for_school_or_404(Notice, notice_id)
    case = get_visible_case_or_404(notice.case_id)
    if not CancelForm().validate_on_submit():
        abort(400)
    if cancel_notice(notice, current_user, "manual"):
        flash(_("The notice has been cancelled; what had not been sent yet will not be sent."), "success")
    else:
        flash(_("Nothing left to cancel: this notice has already been sent."), "error")
    return redirect(url_for("cases.show", case_id=case.id) + "#notices")


@bp.route("/notices/recipients/<int:recipient_id>/letter")
@roles(*MANAGERS)
def letter(recipient_id):
    recipient = db.session.get(NoticeRecipient, recipient_id)
    if recipient is None or recipient.attachment_id is None:
        abort(404)
    notice = get_for_school_or_404(Notice, recipient.notice_id)
    get_visible_case_or_404(notice.case_id)
    attachment = db.session.get(Attachment, recipient.attachment_id)
    response = send_stored(attachment.sha256, "application/pdf", attachment.filename)
    audit("notice.letter_download", recipient, school_id=notice.school_id, detail=f"notice={notice.id}")
    return response


def _public_response(body, status=200):
    response = body if status is None else make_response(body, status)
    # The page holds a personal message reached by a secret link: never cached, never
    # indexed, and the link never leaks to another site through the Referer header.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _recipient_for(token):
    """The recipient of a valid link, or a finished error response."""
    try:
        recipient_id, nonce = read_token(token)
    except ExpiredLink:
        return None, _public_response(render_template("notices/public_invalid.html", expired=True), 410)
    except InvalidLink:
        recipient_id, nonce = None, None
    recipient = db.session.get(NoticeRecipient, recipient_id) if recipient_id else None
    # A cancelled notice never went out: its link (should it exist anywhere) shows nothing.
    if (
        recipient is None
        or recipient.nonce != nonce
        or recipient.channel != "email"
        or recipient.cancelled_at is not None
    ):
        return None, _public_response(render_template("notices/public_invalid.html", expired=False), 404)
    return recipient, None


@bp.route("/n/<token>", methods=["GET", "POST"])
@public
@token_links
def public_notice(token):
    """GET shows only a landing page and records nothing: mail security scanners fetch links
    before the parent does. The message is shown, and read, only after a POST from a browser,
    and only until it is acknowledged."""
    recipient, error = _recipient_for(token)
    if error is not None:
        return error
    notice = recipient.notice
    form = PublicNoticeForm()
    if request.method == "POST" and not form.validate_on_submit():
        abort(400)
    # Once acknowledged, the link no longer opens the message (whoever holds the link or the
    # e-mail later): only when it was acknowledged and whom to contact at the school.
    if recipient.acknowledged_at is not None or (request.method == "POST" and form.action.data == "acknowledge"):
        just_acknowledged = recipient.acknowledged_at is None
        if just_acknowledged:
            acknowledge(recipient)
        return _public_response(
            render_template(
                "notices/public_acknowledged.html",
                notice=notice,
                recipient=recipient,
                school=notice.school,
                just_acknowledged=just_acknowledged,
            )
        )
    if request.method == "GET":
        return _public_response(render_template("notices/public_landing.html", school=notice.school, form=form))
    record_read(recipient)
    # Rendered in the POST's answer, not redirected to a GET: the message never appears on a GET.
    return _public_response(
        render_template("notices/public.html", notice=notice, recipient=recipient, school=notice.school, form=form)
    )
