"""Letter templates (admin) and writing a letter from a case (coordinator, director)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth import can
from incidents.auth.policy import MANAGERS, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.core.vocabulary import MEASURES, PERSON_KIND_LABELS
from incidents.correspondence.operations import NotInCase, people_of_case
from incidents.extensions import db
from incidents.letters import sandbox
from incidents.letters.context import Extra, sample_context
from incidents.letters.forms import NONE, LetterDraftForm, LetterSetupForm, TemplateForm
from incidents.letters.operations import (
    LetterChoice,
    compose,
    file_letter,
    letter_vars,
    paragraphs,
    restore_default,
    sanction_fits,
    save_template,
    school_overrides,
    template_for,
)
from incidents.letters.registry import FIELDS, KINDS

bp = Blueprint("letters", __name__)


# --- admin: templates ----------------------------------------------------------------


def _kind_or_404(key):
    kind = KINDS.get(key)
    if kind is None:
        abort(404)
    return kind


@bp.route("/admin/letters")
@roles("admin")
def templates():
    return render_template("letters/templates.html", kinds=KINDS.values(), overrides=school_overrides(g.school.id))


@bp.route("/admin/letters/<key>", methods=["GET", "POST"])
@roles("admin")
def edit_template(key):
    kind = _kind_or_404(key)
    subject, body, row = template_for(g.school.id, key)
    form = TemplateForm(data={"subject": subject, "body": body})
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "save":
            save_template(g.school, current_user, key, form.subject.data, form.body.data)
            flash(_("The letter has been saved."), "success")
            return redirect(url_for("letters.edit_template", key=key))
        context = sample_context(g.school.name, g.school.foundation.name, g.school)
        preview = (sandbox.render(form.subject.data, context), sandbox.render(form.body.data, context))
    status = 422 if form.errors else 200
    return render_template(
        "letters/edit_template.html",
        kind=kind,
        form=form,
        row=row,
        preview=preview,
        fields=FIELDS,
        paragraphs=paragraphs,
    ), status


@bp.route("/admin/letters/<key>/restore", methods=["POST"])
@roles("admin")
def restore(key):
    _kind_or_404(key)
    if restore_default(g.school, key):
        flash(_("The default letter is used again."), "success")
    return redirect(url_for("letters.edit_template", key=key))


# --- writing a letter from a case ------------------------------------------------------


def _setup(form, case):
    """Fill the form's choices from the case; returns (people, sanctions) by id."""
    people = people_of_case(case)
    sanctions = {s.id: s for s in case.sanctions if can.open_sanction(current_user, s)}
    dash = [(NONE, "—")]
    form.sanction_id.choices = dash + [
        (s.id, f"{s.subject.full_name}: {MEASURES[s.measure]}") for s in sanctions.values()
    ]
    involved = {inv.person_id: inv.person for inv in case.involvements if inv.person.kind in ("pupil", "staff")}
    form.concerns_id.choices = dash + [(p.id, p.full_name) for p in involved.values()]
    form.recipient_id.choices = dash + [
        (p.id, f"{p.full_name} ({PERSON_KIND_LABELS[p.kind]})") for p in people.values()
    ]
    return people, sanctions, involved


def _choice(form, case):
    """The writer's choice as a LetterChoice, or None with errors on the form."""
    people, sanctions, involved = _setup(form, case)
    kind = KINDS[form.key.data]
    sanction = sanctions.get(form.sanction_id.data)
    if sanction is not None and not sanction_fits(kind, sanction):
        form.sanction_id.errors.append(_("This letter is not for this sanction (or not in its current state)."))
        return None
    if sanction is None and kind.sanction == "none" and form.sanction_id.data != NONE:
        form.sanction_id.errors.append(_("This letter is not about a sanction."))
        return None
    concerns = sanction.subject if sanction is not None else involved.get(form.concerns_id.data)
    if concerns is None:
        form.concerns_id.errors.append(_("Choose who the letter is about."))
        return None
    addressee = people.get(form.recipient_id.data)
    name = addressee.full_name if addressee is not None else ((form.addressee.data or "").strip() or kind.addressee)
    extra = Extra(form.hearing_date.data, form.hearing_time.data, (form.hearing_place.data or "").strip())
    return LetterChoice(kind.key, concerns, addressee, name, sanction, extra)


def _draft_page(case, form, choice, status=200):
    extra = letter_vars(case, choice, form.subject.data or "", form.body.data or "") if choice else {}
    return render_template("letters/draft.html", form=form, **{"case": case, "choice": choice, **extra}), status


@bp.route("/cases/<int:case_id>/letters/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def write(case_id):
    case = get_visible_case_or_404(case_id)
    # A task's link may preselect the letter and its sanction (?key=inspectie&sanction_id=7).
    preset = {"key": request.args.get("key")} if request.args.get("key") in KINDS else {}
    form = LetterSetupForm(sanction_id=request.args.get("sanction_id", NONE, type=int), **preset)
    _setup(form, case)
    if form.validate_on_submit():
        choice = _choice(form, case)
        if choice is not None:
            try:
                subject, body = compose(case, current_user, g.role, choice)
            except sandbox.LetterTemplateError as error:
                form.key.errors.append(
                    _("This school's version of the letter has an error: %(error)s", error=str(error))
                )
            else:
                draft = LetterDraftForm(formdata=None, data={**form.data, "subject": subject, "body": body})
                _setup(draft, case)
                return _draft_page(case, draft, choice)
    status = 422 if form.errors else 200
    return render_template("letters/write.html", case=case, form=form), status


@bp.route("/cases/<int:case_id>/letters/draft", methods=["POST"])
@roles(*MANAGERS)
def draft(case_id):
    """Preview the (edited) letter, or file it. Only "file" writes anything."""
    case = get_visible_case_or_404(case_id)
    form = LetterDraftForm()
    _setup(form, case)
    choice = _choice(form, case) if form.validate_on_submit() else None
    if choice is None:
        return _draft_page(case, form, None, 422)
    if request.form.get("action") != "file":
        return _draft_page(case, form, choice)
    try:
        file_letter(case, current_user, choice, form.subject.data.strip(), form.body.data.strip())
    except NotInCase:
        db.session.rollback()
        abort(400)
    flash(_("The letter has been filed with its PDF."), "success")
    return redirect(url_for("cases.show", case_id=case.id) + "#letters")
