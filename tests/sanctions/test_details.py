"""The facts that gate a sanction's decision and finality (Inspectie consulted, admitting
school): recorded by an operation, with a version check, an audit row and a timeline entry that
names no one. A staff sanction's intended measure has its own steps (test_staff_intent.py)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from incidents.audit.models import AuditEvent
from incidents.cases.models import CaseEvent
from incidents.extensions import db
from incidents.sanctions.models import Sanction
from incidents.sanctions.operations import propose_sanction, transition_sanction, update_sanction_details

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


@pytest.fixture
def world(make_school, make_user, make_person, make_case, frozen_clock):
    class World:
        pass

    w = World()
    w.school = make_school()
    w.mentor = make_user("mentor", w.school)
    w.coordinator = make_user("coordinator", w.school)
    w.director = make_user("director", w.school, name="Director Dirk")
    w.pupil = make_person(w.school, first_name="Bram", last_name="Visser", parents=1)
    w.staff = make_person(w.school, kind="staff", first_name="Tom", last_name="Leraar")
    w.case = make_case(w.school, w.mentor, [(w.pupil, "perpetrator"), (w.staff, "perpetrator")])
    w.removal, _ = propose_sanction(
        w.case, w.director, "director", w.pupil, "removal", justification="Ernstig en herhaald geweld."
    )
    db.session.commit()
    return w


def fresh(sanction):
    db.session.expire_all()
    return db.session.get(Sanction, sanction.id)


def post_details(client, sanction, **fields):
    data = {"version": str(fresh(sanction).version)}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/sanctions/{sanction.id}/details", data=data, headers=EN)


def entries(kind):
    return db.session.scalars(select(CaseEvent).where(CaseEvent.kind == kind).order_by(CaseEvent.id)).all()


def audits(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_removal_details_record_only_what_changed(client, login, world):
    login(world.coordinator)  # the care coordinator keeps these facts too
    assert (
        post_details(
            client, world.removal, inspectie_consulted_on=date(2026, 11, 13), admitting_school="  Het Nieuwe Lyceum "
        ).status_code
        == 302
    )
    assert (
        post_details(
            client,
            world.removal,
            inspectie_consulted_on=date(2026, 11, 13),
            admitting_school="Het Nieuwe Lyceum",
            admitting_school_agreed_on=date(2026, 11, 16),
        ).status_code
        == 302
    )
    sanction = fresh(world.removal)
    assert (sanction.inspectie_consulted_on, sanction.admitting_school, sanction.admitting_school_agreed_on) == (
        date(2026, 11, 13),
        "Het Nieuwe Lyceum",
        date(2026, 11, 16),
    )
    assert [row.detail for row in audits("sanction.details")] == [
        "inspectie_consulted_on=2026-11-13; admitting_school=Het Nieuwe Lyceum",
        "admitting_school_agreed_on=2026-11-16",
    ]
    assert len(entries("sanction.details")) == 2

    # The same values again: nothing to record, the version stays.
    version = sanction.version
    assert (
        post_details(
            client,
            world.removal,
            inspectie_consulted_on=date(2026, 11, 13),
            admitting_school="Het Nieuwe Lyceum",
            admitting_school_agreed_on=date(2026, 11, 16),
        ).status_code
        == 302
    )
    assert fresh(world.removal).version == version
    assert len(audits("sanction.details")) == 2 and len(entries("sanction.details")) == 2

    # Clearing a date is a change as well.
    assert (
        post_details(
            client, world.removal, inspectie_consulted_on=date(2026, 11, 13), admitting_school="Het Nieuwe Lyceum"
        ).status_code
        == 302
    )
    assert fresh(world.removal).admitting_school_agreed_on is None
    assert audits("sanction.details")[-1].detail == "admitting_school_agreed_on="


def test_details_of_a_closed_sanction_are_refused(client, login, world):
    login(world.director)
    transition_sanction(world.removal, world.director, "director", "revoke", world.removal.version, reason="Vergissing")
    db.session.commit()
    response = post_details(client, world.removal, admitting_school="Elders")
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "This step is not possible in the current state." in page
    assert fresh(world.removal).admitting_school is None
    assert audits("sanction.details") == [] and entries("sanction.details") == []


def test_only_managers_record_details(client, login, world):
    login(world.mentor)
    assert post_details(client, world.removal, admitting_school="Elders").status_code == 403
    assert fresh(world.removal).admitting_school is None
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "sanction.details")) == 0


def test_the_operation_knows_only_the_detail_fields(app, world):
    with pytest.raises(TypeError):
        update_sanction_details(world.removal, world.director, world.removal.version, reasons="Overschreven")
    assert (
        update_sanction_details(
            world.removal, world.director, world.removal.version, admitting_school="", inspectie_consulted_on=None
        )
        == []
    )
