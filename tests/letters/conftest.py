"""The shared school as a secondary (or primary) school with a case about a pupil (with a
parent) and a staff member; a sanction put straight into the decided state."""

import pytest

from incidents.extensions import db
from incidents.sanctions.models import Sanction
from tests.helpers import TODAY


@pytest.fixture
def world(make_world, make_person, make_case):
    """Factory: `world(kind="secondary")` builds the shared school (tests/conftest.py) as Het
    Merletcollege, with a case the mentor reported about two perpetrators: the pupil Bram
    Visser (2B, one parent: `parent`) and the teacher Tom Leraar (`staff`)."""

    def build(kind="secondary"):
        w = make_world(kind=kind, name="Het Merletcollege", involved=None)
        w.school.foundation.name = "Stichting Voortgezet Onderwijs Test"
        w.director.name = "Directeur Dirk"  # the letters' signature
        w.group_b.mentors.append(w.mentor)
        db.session.commit()
        w.pupil = make_person(w.school, first_name="Bram", last_name="Visser", group=w.group_b, parents=1)
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
            school_id=w.school.id,
            case_id=w.case.id,
            subject_id=subject.id,
            subject_kind=subject.kind,
            measure=measure,
            state=fields.pop("state", "decided"),
            proposed_by_id=w.coordinator.id,
            decided_on=fields.pop("decided_on", TODAY),
            decided_by_id=w.director.id,
            reasons=fields.pop("reasons", "Bram heeft een filmpje van een klasgenoot zonder toestemming gedeeld."),
            **fields,
        )
        db.session.add(sanction)
        db.session.commit()
        return sanction

    return make
