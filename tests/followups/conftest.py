from datetime import date

import pytest


@pytest.fixture
def world(make_school, make_user, make_group, make_person, make_case, frozen_clock):
    """A school with a mentor (of group 1A), two coordinators, a director; a case about a pupil of
    1A reported by the mentor, and a second case the mentor cannot see."""

    class World:
        pass

    w = World()
    w.school = make_school()
    w.mentor = make_user("mentor", w.school, name="Mentor Mies")
    w.coordinator = make_user("coordinator", w.school, name="Coordinator Cor")
    w.coordinator2 = make_user("coordinator", w.school, name="Coordinator Corrie")
    w.director = make_user("director", w.school, name="Director Dirk")
    w.group = make_group(w.school, "1A", mentors=[w.mentor])
    w.other_group = make_group(w.school, "2B")
    w.pupil = make_person(w.school, first_name="Femke", last_name="de Vries", group=w.group,
                          born=date(2012, 5, 1), parents=1)
    w.stranger = make_person(w.school, first_name="Sem", last_name="Bakker", group=w.other_group)
    w.case = make_case(w.school, w.mentor, [(w.pupil, "target")])
    w.hidden_case = make_case(w.school, w.coordinator, [(w.stranger, "target")])
    return w
