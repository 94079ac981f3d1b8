"""A school with a mentor, coordinator, director and admin; pupils with parents, a staff member,
and two cases, one of which the mentor cannot see."""
import io
from datetime import date

import pytest
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db

EN = {"Accept-Language": "en"}


class World:
    pass


@pytest.fixture
def world(make_school, make_user, make_group, make_person, make_case, frozen_clock):
    w = World()
    w.school = make_school()
    w.other_school = make_school()
    w.mentor = make_user("mentor", w.school, name="Mentor Mies")
    w.coordinator = make_user("coordinator", w.school, name="Coordinator Cor")
    w.director = make_user("director", w.school, name="Director Dirk")
    w.admin = make_user("admin", w.school, name="Admin Ad")
    w.other_director = make_user("director", w.other_school, name="Director Elders")
    w.group = make_group(w.school, "1A", mentors=[w.mentor])
    w.group_b = make_group(w.school, "2B")
    w.femke = make_person(w.school, first_name="Femke", last_name="de Vries", group=w.group, parents=1)
    w.sem = make_person(w.school, first_name="Sem", last_name="Bakker", group=w.group_b, parents=1)
    w.noah = make_person(w.school, first_name="Noah", last_name="Visser", group=w.group_b)
    w.teacher = make_person(w.school, kind="staff", first_name="Karin", last_name="Smit")
    # Visible to the mentor: Femke is in the mentor's group.
    w.case = make_case(w.school, w.mentor, [(w.femke, "target"), (w.sem, "perpetrator"), (w.teacher, "witness")])
    # Not visible to the mentor: reported by the director, about pupils of another group.
    w.hidden_case = make_case(w.school, w.director, [(w.sem, "perpetrator"), (w.noah, "target")])
    w.other_pupil = make_person(w.other_school, first_name="Elders", last_name="Kind")
    w.other_case = make_case(w.other_school, w.other_director, [(w.other_pupil, "target")])
    return w


def upload(data, name):
    return (io.BytesIO(data), name)


def record(case, user, concerns, **fields):
    """Record correspondence through the operation, committed."""
    from incidents.correspondence.operations import record_correspondence

    defaults = dict(kind="letter", direction="out", occurred_on=date(2026, 11, 2), subject="Brief")
    defaults.update(fields)
    item = record_correspondence(case, user, concerns=[p.id for p in concerns], **defaults)
    db.session.commit()
    return item


def audits(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()
