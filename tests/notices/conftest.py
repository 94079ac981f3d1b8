from datetime import date

import pytest

from incidents.extensions import db
from incidents.people.models import Guardianship, Person


@pytest.fixture
def world(make_school, make_user, make_group, make_person, make_case, frozen_clock):
    """A case with two pupils: Femke de Vries (two parents with e-mail) and Sem Bakker (one parent
    with e-mail, one without: a letter)."""

    class World:
        pass

    w = World()
    w.school = make_school(name="Het Baken")
    w.mentor = make_user("mentor", w.school, name="Mentor Mies")
    w.coordinator = make_user("coordinator", w.school, name="Coordinator Cor")
    w.director = make_user("director", w.school, name="Director Dirk")
    group = make_group(w.school, "1A", mentors=[w.mentor])
    w.femke = make_person(w.school, first_name="Femke", last_name="de Vries", group=group, parents=2)
    w.sem = make_person(w.school, first_name="Sem", last_name="Bakker", group=group, parents=1)
    w.paper_parent = Person(school_id=w.school.id, kind="parent", first_name="Piet", last_name="Bakker")
    db.session.add(Guardianship(pupil=w.sem, parent=w.paper_parent, parental_authority=True))
    db.session.commit()
    w.case = make_case(w.school, w.mentor, [(w.femke, "target"), (w.sem, "perpetrator")])
    return w
