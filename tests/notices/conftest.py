import pytest

from incidents.extensions import db
from incidents.people.models import Guardianship, Person


@pytest.fixture
def world(make_world):
    """The shared school (tests/conftest.py) with a case about two pupils: Femke de Vries (two
    parents with e-mail) and Sem Bakker (one parent with e-mail, and `paper_parent` without: a
    letter)."""
    w = make_world(involved=[("femke", "target"), ("sem", "perpetrator")])
    w.paper_parent = Person(school_id=w.school.id, kind="parent", first_name="Piet", last_name="Bakker")
    db.session.add(Guardianship(pupil=w.sem, parent=w.paper_parent, parental_authority=True))
    db.session.commit()
    return w
