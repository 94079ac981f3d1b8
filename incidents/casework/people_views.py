"""Finding people by part of their name, and a person's page."""

from flask import Blueprint, abort, g, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from incidents.access_requests.queries import requests_of
from incidents.auth import can
from incidents.auth.policy import CASE_ROLES, get_for_school_or_404, roles
from incidents.auth.totp.state import step_up
from incidents.cases.queries import CaseFilters, case_page
from incidents.core import clock
from incidents.extensions import db
from incidents.limits.limiter import person_search
from incidents.people.models import Person

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.route("/search", methods=["POST"])
@roles(*CASE_ROLES)
@person_search
def search():
    """POST, so that names typed never end up in URLs or access logs."""
    payload = request.get_json(silent=True) or {}
    text = str(payload.get("q", "")).strip().lower()[:100]
    if len(text) < 2:
        return jsonify([])
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.session.scalars(
        select(Person)
        .where(
            Person.school_id == g.school.id,
            Person.kind.in_(("pupil", "staff")),
            Person.left_on.is_(None),
            Person.search_name.like(f"%{escaped}%", escape="\\"),
        )
        .options(joinedload(Person.group))
        .order_by(Person.last_name, Person.first_name)
        .limit(12)
    )
    return jsonify(
        [
            {
                "id": p.id,
                "name": p.full_name,
                "kind": p.kind,
                "group": p.group.name if p.group else None,
            }
            for p in rows
        ]
    )


@bp.route("/<int:person_id>")
@roles(*CASE_ROLES)
def show(person_id):
    person = get_for_school_or_404(Person, person_id)
    # Staff matters are HR matters: directors only.
    if not can.open_person(current_user, person):
        abort(404)
    if person.kind == "staff" and (asked := step_up()) is not None:  # a personnel file: a fresh second factor
        return asked
    cases, _next = case_page(current_user, g.school.id, g.role, CaseFilters(person_id=person.id), per_page=50)
    # A mentor sees pupils of their own groups, and pupils in cases they may see.
    if not (
        can.see_whole_school(current_user, person)
        or cases
        or person.group_id in {grp.id for grp in current_user.mentor_groups}
    ):
        abort(404)
    access_requests = requests_of(person) if can.register_access_request(current_user, person) else []
    return render_template(
        "people/show.html", person=person, cases=cases, access_requests=access_requests, today=clock.today()
    )
