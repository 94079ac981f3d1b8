"""The access-request export (AVG art. 15): a pupil's (or staff member's own) file as one PDF.

Every other pupil's name becomes "pupil A", "pupil B" ..., their parents "parent of pupil A",
in structured fields and inside free text alike. The document is built from already
pseudonymised strings, so the template cannot print a raw name by accident.
"""

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from incidents.cases.access import visibility_clause
from incidents.cases.models import Case, CaseEvent, Involvement
from incidents.core.pdf import render_pdf
from incidents.core.vocabulary import (
    CATEGORIES,
    CORRESPONDENCE_KINDS,
    DIRECTIONS,
    EVENT_LABELS,
    INVOLVEMENT_ROLES,
    STATES,
)
from incidents.correspondence.models import Correspondence, Filing
from incidents.correspondence.pseudonyms import Named, Pseudonymiser
from incidents.correspondence.queries import file_entries
from incidents.correspondence.withheld import LeftOut, left_out
from incidents.extensions import db
from incidents.people.models import Guardianship, Person


def pupil_label(letter):
    # The translated word "pupil" ("leerling") plus the letter: Dutch without a new message id.
    return f"{_('pupil')} {letter}"


def parent_label(label):
    return _("parent of %(pupil)s", pupil=label)


def _named(person):
    return Named(person.id, person.first_name, person.last_name)


def _subject_cases(pupil, user, school_id, role):
    filed = select(Correspondence.case_id).join(Filing).where(Filing.person_id == pupil.id)
    involved = select(Involvement.case_id).where(Involvement.person_id == pupil.id)
    return db.session.scalars(
        select(Case)
        .where(visibility_clause(user, school_id, role), or_(Case.id.in_(involved), Case.id.in_(filed)))
        .options(
            selectinload(Case.involvements).joinedload(Involvement.person),
            selectinload(Case.events).joinedload(CaseEvent.actor),
        )
        .order_by(Case.occurred_at, Case.id)
    ).all()


class _Names:
    """Display names for people: the subject, their parents and staff as they are; others
    as pseudonyms."""

    def __init__(self, pupil, school_id, cases, entries):
        own_parents = pupil.parents
        self.keep_ids = {pupil.id} | {p.id for p in own_parents}
        connected = {i.person_id for c in cases for i in c.involvements}
        connected |= {f.person_id for record, _case in entries for f in record.filings}
        roster = db.session.execute(
            select(Person.id, Person.first_name, Person.last_name).where(
                Person.school_id == school_id, Person.kind == "pupil"
            )
        ).all()
        links = db.session.execute(
            select(Guardianship.pupil_id, Person.id, Person.first_name, Person.last_name)
            .join(Person, Person.id == Guardianship.parent_id)
            .where(Guardianship.pupil_id.in_(connected), Guardianship.pupil_id != pupil.id)
            .order_by(Guardianship.id)
        ).all()
        self.child_of = {}
        for pupil_id, parent_id, *_rest in links:
            self.child_of.setdefault(parent_id, pupil_id)
        self.pseudonyms = Pseudonymiser(
            _named(pupil),
            pupils=[Named(*row) for row in roster],
            connected=connected,
            parents=[(Named(pid, first, last), child) for child, pid, first, last in links if pid not in self.keep_ids],
            keep=[_named(p) for p in own_parents],
            pupil_label=pupil_label,
            parent_label=parent_label,
        )

    def of(self, person):
        if person.id in self.keep_ids or person.kind == "staff":
            return person.full_name
        if person.kind == "pupil":
            return self.pseudonyms.pupil(person.id)
        child = self.child_of.get(person.id)
        # A parent of a pupil outside the connected set cannot be pointed at without a name.
        return self.pseudonyms.parent(child) if child else _("a parent")

    def text(self, value):
        return self.pseudonyms.text(value)


def _case_view(case, pupil, names):
    roles = [INVOLVEMENT_ROLES[i.role] for i in case.involvements if i.person_id == pupil.id]
    others = [(names.of(i.person), INVOLVEMENT_ROLES[i.role]) for i in case.involvements if i.person_id != pupil.id]
    timeline = [
        {
            "at": e.at,
            "what": EVENT_LABELS.get(e.kind, e.kind),
            "who": e.actor.name if e.actor else "",
            # Sanction and police notes (names, decision reasons) are not the pupil's data to hand out.
            "note": None if e.kind.startswith(("sanction.", "police.")) else names.text(e.note),
        }
        for e in case.events
    ]
    return {
        "id": case.id,
        "reference": case.reference,
        "category": CATEGORIES[case.category],
        "state": STATES[case.state],
        "occurred_at": case.occurred_at,
        "reported_at": case.reported_at,
        "roles": roles,
        "others": others,
        "description": names.text(case.description),
        "timeline": timeline,
    }


def _record_view(record, case, names):
    return {
        "id": record.id,
        "date": record.occurred_on,
        "kind": CORRESPONDENCE_KINDS[record.kind],
        "direction": DIRECTIONS[record.direction],
        "case": case.reference,
        "sender": names.text(record.sender),
        "recipient": names.text(record.recipient),
        "subject": names.text(record.subject),
        "body": names.text(record.body),
        "filed_for": [names.of(f.person) for f in record.filings],
        "attachments": [names.text(a.filename) for a in record.attachments],
        "withdrawn_at": record.withdrawn_at,
        "pending_dispatch": record.pending_dispatch,
    }


def _left_out_view(omitted: LeftOut):
    """The first page's list of what was left out, with labels (counts by kind)."""
    return {
        "complete": omitted.complete,
        "records": [(CORRESPONDENCE_KINDS[kind], n) for kind, n in omitted.records.items()],
        "hidden_cases": omitted.hidden_cases,
        "step_notes": omitted.step_notes,
    }


def build_export(pupil, user, school_id, role, now):
    """(PDF bytes, case ids, record ids, LeftOut) for the access request about `pupil` (the
    file's owner: a pupil, or a staff member asking for their own file)."""
    pupil = db.session.scalar(
        select(Person)
        .where(Person.id == pupil.id)
        .options(joinedload(Person.group), selectinload(Person.guardianships).joinedload(Guardianship.parent))
    )
    cases = _subject_cases(pupil, user, school_id, role)
    entries = file_entries(pupil, user, school_id, role)
    names = _Names(pupil, school_id, cases, entries)
    # Structured names first, in document order, so letters follow the order of reading.
    case_views = [_case_view(c, pupil, names) for c in cases]
    record_views = [_record_view(r, c, names) for r, c in entries]
    omitted = left_out(pupil, user, school_id, role)
    html = render_template(
        "correspondence/export.html",
        pupil=pupil,
        cases=case_views,
        records=record_views,
        now=now,
        left_out=_left_out_view(omitted),
    )
    return render_pdf(html), [c.id for c in cases], [r.id for r, _c in entries], omitted


def export_audit_detail(case_ids, record_ids, omitted):
    """Ids and counts only; `left_out` says how many records the user's role could not include."""
    detail = "cases={};records={}".format(",".join(map(str, case_ids)), ",".join(map(str, record_ids)))
    return detail if omitted.complete else f"{detail};left_out={omitted.record_count}+{omitted.hidden_cases}"


def pdf_response(pdf, filename):
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
