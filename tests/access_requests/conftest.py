from datetime import date

import pytest


@pytest.fixture
def world(make_world, make_person):
    """The shared school (tests/conftest.py) with another school beside it; its visible case is
    about Femke (target, 14) and the teacher Karin Smit (witness). Added: Lotte, 15 on the frozen
    day (2026-11-16), and Daan, 16 that day, each with a parent with parental authority."""
    w = make_world(involved=[("femke", "target"), ("teacher", "witness")], other_school=True)
    w.lotte = make_person(w.school, first_name="Lotte", last_name="Mulder", born=date(2010, 11, 17), parents=1)
    w.daan = make_person(w.school, first_name="Daan", last_name="Smits", born=date(2010, 11, 16), parents=1)
    return w
