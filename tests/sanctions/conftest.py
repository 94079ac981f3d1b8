"""Fixtures of the sanction request tests."""

from datetime import date

import pytest


@pytest.fixture
def setup(make_world, make_person, make_case, frozen_clock, long_sessions):
    """Factory: the shared school (tests/conftest.py, `kind` secondary or primary) with a case the
    coordinator reported about two perpetrators: the pupil Bram Visser (born `born`, one parent:
    `parent`) and the teacher Tom Leraar (`staff`)."""

    def build(kind="secondary", born=date(2012, 5, 1)):
        w = make_world(kind=kind, involved=None)
        w.clock = frozen_clock
        w.pupil = make_person(w.school, first_name="Bram", last_name="Visser", born=born, parents=1)
        w.staff = make_person(w.school, kind="staff", first_name="Tom", last_name="Leraar")
        w.case = make_case(w.school, w.coordinator, [(w.pupil, "perpetrator"), (w.staff, "perpetrator")])
        w.parent = w.pupil.parents[0]
        return w

    return build
