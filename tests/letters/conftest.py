"""A school with a case about a pupil (with a parent) and a staff member, and helpers."""
import io
import re
from datetime import date
from html import unescape

import pytest
from pypdf import PdfReader

from incidents.extensions import db
from incidents.sanctions.models import Sanction

EN = {"Accept-Language": "en"}
TODAY = date(2026, 11, 16)  # the frozen clock's day


class World:
    pass


@pytest.fixture
def world(make_school, make_group, make_user, make_person, make_case, frozen_clock):
    def build(kind="secondary"):
        w = World()
        w.school = make_school(kind=kind, name="Het Merletcollege")
        w.school.foundation.name = "Stichting Voortgezet Onderwijs Test"
        db.session.commit()
        w.admin = make_user("admin", w.school, name="Beheer Bea")
        w.coordinator = make_user("coordinator", w.school, name="Coordinator Cor")
        w.director = make_user("director", w.school, name="Directeur Dirk")
        w.mentor = make_user("mentor", w.school, name="Mentor Mia")
        w.group = make_group(w.school, "2B", mentors=[w.mentor])
        w.pupil = make_person(w.school, first_name="Bram", last_name="Visser", group=w.group, parents=1)
        w.staff = make_person(w.school, kind="staff", first_name="Tom", last_name="Leraar")
        w.case = make_case(w.school, w.mentor, [(w.pupil, "perpetrator"), (w.staff, "perpetrator")])
        w.parent = w.pupil.parents[0]
        return w

    return build


@pytest.fixture
def decided(app):
    """A sanction put straight into the decided state (the workflow is tested elsewhere)."""

    def make(w, subject, measure, **fields):
        sanction = Sanction(
            school_id=w.school.id, case_id=w.case.id, subject_id=subject.id, subject_kind=subject.kind,
            measure=measure, state=fields.pop("state", "decided"), proposed_by_id=w.coordinator.id,
            decided_on=fields.pop("decided_on", TODAY), decided_by_id=w.director.id,
            reasons=fields.pop("reasons", "Bram heeft een filmpje van een klasgenoot zonder toestemming gedeeld."),
            **fields,
        )
        db.session.add(sanction)
        db.session.commit()
        return sanction

    return make


def pdf_text(data):
    """The text of a PDF, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def setup_data(key, sanction=None, concerns=None, recipient=None, **extra):
    data = {"key": key, "sanction_id": str(sanction.id if sanction else 0),
            "concerns_id": str(concerns.id if concerns else 0), "recipient_id": str(recipient.id if recipient else 0),
            "addressee": "", "hearing_date": "", "hearing_time": "", "hearing_place": ""}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in extra.items()})
    return data


def draft_fields(page):
    """Subject and body as pre-filled on the draft page."""
    subject = re.search(r'<input[^>]*id="subject"[^>]*value="([^"]*)"', page) or \
        re.search(r'<input[^>]*value="([^"]*)"[^>]*id="subject"', page)
    body = re.search(r'<textarea[^>]*id="body"[^>]*>\s*(.*?)</textarea>', page, re.S)
    return unescape(subject.group(1)), unescape(body.group(1))
