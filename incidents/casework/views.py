"""Case list, incident report form and case page."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from incidents.audit.record import audit
from incidents.auth import can
from incidents.auth.policy import CASE_ROLES, roles
from incidents.cases.access import get_visible_case_or_404
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.cases.queries import CaseFilters, case_page
from incidents.casework.forms import CaseForm
from incidents.casework.operations import NewCase, UnknownPeople, involvable_people, report_case
from incidents.casework.transitions import case_options
from incidents.casework.workflow_forms import TransitionForm
from incidents.core import clock
from incidents.core.clock import local_to_utc
from incidents.core.vocabulary import CATEGORIES, STATES
from incidents.correspondence.access import readable_correspondence
from incidents.correspondence.models import Correspondence, Filing, ParentContactWaiver
from incidents.evidence.models import Evidence
from incidents.evidence.storage import RefusedFile, store_stream
from incidents.extensions import db
from incidents.followups.forms import followup_form
from incidents.followups.models import Followup
from incidents.followups.operations import assignable_users
from incidents.notices.models import Notice, NoticeRecipient
from incidents.people.models import Person
from incidents.sanctions.models import Sanction
from incidents.sanctions.operations import finalizes_soon
from incidents.schools.models import Group

bp = Blueprint("cases", __name__)


def _int_arg(name):
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/")
@roles(*CASE_ROLES)
def index():
    filters = CaseFilters(
        state=request.args.get("state") if request.args.get("state") in STATES else None,
        category=request.args.get("category") if request.args.get("category") in CATEGORIES else None,
        group_id=_int_arg("group"),
        person_id=_int_arg("person"),
    )
    cases, next_cursor = case_page(
        current_user,
        g.school.id,
        g.role,
        filters,
        cursor=request.args.get("after"),
        per_page=current_app.config["CASES_PER_PAGE"],
    )
    groups = db.session.scalars(select(Group).where(Group.school_id == g.school.id).order_by(Group.name)).all()
    person = db.session.get(Person, filters.person_id) if filters.person_id else None
    if person is not None and person.school_id != g.school.id:
        person = None
    return render_template(
        "cases/index.html", cases=cases, filters=filters, next_cursor=next_cursor, groups=groups, person=person
    )


def _chosen_people(form):
    ids = {entry.person_id.data for entry in form.involved.entries if entry.person_id.data}
    return involvable_people(g.school.id, ids)


@bp.route("/cases/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new():
    form = CaseForm()
    if form.validate_on_submit():
        try:
            stored = [
                (store_stream(f.stream, current_app.config["MAX_UPLOAD_BYTES"]), f.filename)
                for f in form.uploaded_files()[: current_app.config["MAX_UPLOAD_FILES"]]
            ]
            data = NewCase(
                category=form.category.data,
                platform=form.platform.data,
                occurred_at=local_to_utc(form.occurred_at.data),
                severity=form.severity.data,
                description=form.description.data.strip(),
                involved=[(e.person_id.data, e.role.data) for e in form.involved.entries],
                files=stored,
                links=form.link_list(),
                captured_at=local_to_utc(form.captured_at.data) if form.captured_at.data else None,
                source_url=(form.source_url.data or "").strip() or None,
            )
            case = report_case(g.school, current_user, data)
        except RefusedFile:
            db.session.rollback()
            form.files.errors.append(
                _("Only images (PNG, JPEG, GIF, WebP), PDF and MP4 files can be added; choose the files again.")
            )
        except UnknownPeople:
            db.session.rollback()
            form.involved.errors.append(_("Choose people of this school from the list."))
        else:
            flash(_("Incident %(reference)s has been registered.", reference=case.reference), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    elif form.is_submitted() and form.uploaded_files():
        form.files.errors.append(_("Files are not kept when the form has errors; choose them again."))
    return render_template("cases/new.html", form=form, people=_chosen_people(form))


@bp.route("/cases/<int:case_id>")
@roles(*CASE_ROLES)
def show(case_id):
    case = get_visible_case_or_404(
        case_id,
        selectinload(Case.involvements).joinedload(Involvement.person).joinedload(Person.group),
        selectinload(Case.events).joinedload(CaseEvent.actor),
        selectinload(Case.evidence).joinedload(Evidence.added_by),
        joinedload(Case.reported_by),
        joinedload(Case.handler),
        # The workflow section and its guards read all of these; load each in one query.
        selectinload(Case.sanctions).joinedload(Sanction.subject),
        selectinload(Case.police_reports),
        selectinload(Case.followups).joinedload(Followup.assignee),
        selectinload(Case.correspondence).selectinload(Correspondence.filings).joinedload(Filing.person),
        selectinload(Case.correspondence).selectinload(Correspondence.attachments),
        selectinload(Case.parent_contact_waivers).joinedload(ParentContactWaiver.pupil),
        selectinload(Case.notices).options(
            joinedload(Notice.pupil),
            joinedload(Notice.letter_task),
            selectinload(Notice.recipients).options(
                joinedload(NoticeRecipient.parent), joinedload(NoticeRecipient.outbox_message)
            ),
        ),
    )
    audit("case.view", case)
    today = clock.today()
    return render_template(
        "cases/show.html",
        case=case,
        options=case_options(case, g.role),
        today=today,
        now=clock.utc_now(),
        finalizing={s.id for s in case.sanctions if finalizes_soon(s, today)},
        correspondence=readable_correspondence(case, g.role),
        transition_form=TransitionForm(),
        followup_form=(
            followup_form(assignable_users(case), current_user) if can.manage_case(current_user, case) else None
        ),
    )
