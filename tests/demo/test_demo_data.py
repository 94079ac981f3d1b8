"""`flask demo-data`: one foundation, two schools, people and the six demo accounts."""

import pytest
from sqlalchemy import select

from incidents.auth.models import Membership, User
from incidents.extensions import db
from incidents.people.models import Guardianship, Person
from incidents.schools.models import Foundation, Group, Location, School
from tests.helpers import count

ACCOUNTS = {
    "mentor@demo.meldpunt.nl": "mentor",
    "coordinator@demo.meldpunt.nl": "coordinator",
    "director@demo.meldpunt.nl": "director",
    "admin@demo.meldpunt.nl": "admin",
    "mentor2@demo.meldpunt.nl": "mentor",
    "director2@demo.meldpunt.nl": "director",
}
FIRST_SCHOOL = {"mentor@", "coordinator@", "director@", "admin@"}


@pytest.fixture
def run_demo(app, monkeypatch):
    monkeypatch.delenv("MELDPUNT_ENV", raising=False)
    runner = app.test_cli_runner()

    def run(*args):
        result = runner.invoke(args=["demo-data", *args])
        db.session.expire_all()
        return result

    return run


def snapshot():
    return {m.__name__: count(m) for m in (Foundation, School, Location, Group, Person, Guardianship, User, Membership)}


def test_demo_data_builds_the_foundation(run_demo):
    result = run_demo()
    assert result.exit_code == 0, result.output
    for email in ACCOUNTS:
        assert email in result.output

    schools = db.session.scalars(select(School)).all()
    assert len(schools) == 2
    assert count(Foundation) == 1
    assert len({s.foundation_id for s in schools}) == 1
    by_kind = {s.kind: s for s in schools}
    assert set(by_kind) == {"primary", "secondary"}
    assert count(Location, Location.school_id == by_kind["secondary"].id) == 2
    assert count(Location, Location.school_id == by_kind["primary"].id) == 0
    for school in schools:
        assert count(Group, Group.school_id == school.id) >= 2

    pupils = db.session.scalars(select(Person).where(Person.kind == "pupil")).all()
    assert 35 <= len(pupils) <= 45
    assert all(p.group_id is not None for p in pupils)
    for pupil in pupils:
        parents = pupil.parents
        assert parents, f"{pupil.full_name} has no parent"
        assert all(p.kind == "parent" and p.school_id == pupil.school_id for p in parents)
    assert 8 <= count(Person, Person.kind == "staff") <= 12
    for school in schools:
        assert count(Person, Person.school_id == school.id, Person.kind == "pupil") > 0
        assert count(Person, Person.school_id == school.id, Person.kind == "staff") > 0


def test_demo_accounts_have_their_roles_at_the_right_schools(run_demo):
    assert run_demo().exit_code == 0
    memberships = {}
    for email, role in ACCOUNTS.items():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        assert [(m.role) for m in user.memberships] == [role], email
        memberships[email] = user.memberships[0].school_id
    first = {memberships[e] for e in memberships if e.split("@")[0] + "@" in FIRST_SCHOOL}
    second = {memberships[e] for e in memberships if e.split("@")[0] + "@" not in FIRST_SCHOOL}
    assert len(first) == 1 and len(second) == 1 and first != second
    # The demo mentors have groups at their own school, so their case lists are not empty by design.
    for email in ("mentor@demo.meldpunt.nl", "mentor2@demo.meldpunt.nl"):
        user = db.session.scalar(select(User).where(User.email == email))
        groups = db.session.scalars(select(Group).where(Group.mentors.contains(user))).all()
        assert groups and {g.school_id for g in groups} == {memberships[email]}


@pytest.mark.parametrize("email", list(ACCOUNTS))
def test_demo_password_works(run_demo, client, email):
    assert run_demo().exit_code == 0
    refused = client.post("/login", data={"email": email, "password": "wrong"})
    assert refused.status_code == 200
    response = client.post("/login", data={"email": email, "password": "demo"})
    assert response.status_code == 302
    if ACCOUNTS[email] != "admin":
        assert client.get("/").status_code == 200  # signed in, with a role at a school


def test_second_run_refuses_and_if_empty_does_nothing(run_demo):
    assert run_demo().exit_code == 0
    before = snapshot()
    again = run_demo()
    assert again.exit_code != 0
    assert "not empty" in again.output
    assert snapshot() == before
    quiet = run_demo("--if-empty")
    assert quiet.exit_code == 0
    assert snapshot() == before


def test_if_empty_loads_into_an_empty_database(run_demo):
    assert count(School) == 0
    assert run_demo("--if-empty").exit_code == 0
    assert count(School) == 2


def test_refuses_in_production(run_demo, monkeypatch):
    monkeypatch.setenv("MELDPUNT_ENV", "production")
    result = run_demo()
    assert result.exit_code != 0
    assert "production" in result.output
    assert count(School) == 0
