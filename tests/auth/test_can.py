"""The role rules in `incidents.auth.can`: each predicate for the right role, a wrong role, and
a record of another school; the role is the user's role at the record's school, not `g.role`."""

import pytest
from flask import Flask, g
from sqlalchemy import event

import incidents.setup  # noqa: F401  (every model, so the mappers configure)
from incidents.access_requests.models import AccessRequest
from incidents.auth import can
from incidents.auth.models import Membership, User
from incidents.cases.models import Case
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.people.models import Person
from incidents.police.models import PoliceReport
from incidents.sanctions.models import Sanction
from incidents.schools.models import School

HERE, THERE = 1, 2
ROLES = ("mentor", "coordinator", "director", "admin")


def user_with(*memberships, user_id=10, active=True):
    """A user with (school_id, role) memberships, never stored: the predicates only read them."""
    user = User(id=user_id, email="u@example.org", name="U", password_hash="x", active=active)
    user.memberships.extend(Membership(school_id=school_id, role=role) for school_id, role in memberships)
    return user


def person(kind, school_id=HERE):
    return Person(school_id=school_id, kind=kind, first_name="A", last_name="B")


def sanction(kind, school_id=HERE):
    return Sanction(school_id=school_id, subject_kind=kind, measure="warning")


def access_request(kind, school_id=HERE):
    return AccessRequest(school_id=school_id, subject=person(kind, school_id))


# predicate, record at HERE, record at THERE, the roles at HERE that answer True
RECORD_RULES = [
    ("manage_case", Case(school_id=HERE), Case(school_id=THERE), {"coordinator", "director"}),
    ("read_staff_file", person("staff"), person("staff", THERE), {"director"}),
    ("open_person", person("pupil"), person("pupil", THERE), {"mentor", "coordinator", "director"}),
    ("open_person", person("parent"), person("parent", THERE), {"mentor", "coordinator", "director"}),
    ("open_person", person("staff"), person("staff", THERE), {"director"}),
    ("open_sanction", sanction("pupil"), sanction("pupil", THERE), {"coordinator", "director"}),
    ("open_sanction", sanction("parent"), sanction("parent", THERE), {"coordinator", "director"}),
    ("open_sanction", sanction("staff"), sanction("staff", THERE), {"director"}),
    ("see_sanction", sanction("pupil"), sanction("pupil", THERE), {"mentor", "coordinator", "director"}),
    ("see_sanction", sanction("staff"), sanction("staff", THERE), {"director"}),
    ("propose_sanction", person("pupil"), person("pupil", THERE), {"coordinator", "director"}),
    ("propose_sanction", person("parent"), person("parent", THERE), {"coordinator", "director"}),
    ("propose_sanction", person("staff"), person("staff", THERE), {"director"}),
    ("export_file", person("pupil"), person("pupil", THERE), {"coordinator", "director"}),
    ("record_suspicion", PoliceReport(school_id=HERE), PoliceReport(school_id=THERE), {"director"}),
    ("keep_access_register", School(id=HERE), School(id=THERE), {"coordinator", "director"}),
    ("see_staff_access_requests", School(id=HERE), School(id=THERE), {"director"}),
    ("register_access_request", person("pupil"), person("pupil", THERE), {"coordinator", "director"}),
    ("register_access_request", person("staff"), person("staff", THERE), {"director"}),
    ("register_access_request", person("parent"), person("parent", THERE), set()),
    ("open_access_request", access_request("pupil"), access_request("pupil", THERE), {"coordinator", "director"}),
    ("open_access_request", access_request("staff"), access_request("staff", THERE), {"director"}),
    ("export_for_access_request", access_request("pupil"), access_request("pupil", THERE), {"director"}),
    # The privacy officer reads the register (a pupil's requests) and the audit trail, nothing of cases.
    ("read_access_register", School(id=HERE), School(id=THERE), {"coordinator", "director", "privacy_officer"}),
    (
        "read_access_request",
        access_request("pupil"),
        access_request("pupil", THERE),
        {"coordinator", "director", "privacy_officer"},
    ),
    ("read_access_request", access_request("staff"), access_request("staff", THERE), {"director"}),
    ("read_audit_trail", School(id=HERE), School(id=THERE), {"director", "privacy_officer"}),
    ("see_whole_school", person("pupil"), person("pupil", THERE), {"coordinator", "director"}),
    ("use_cases", School(id=HERE), School(id=THERE), {"mentor", "coordinator", "director"}),
    ("see_outbox", School(id=HERE), School(id=THERE), {"coordinator", "director"}),
    ("administer", School(id=HERE), School(id=THERE), {"admin"}),
    ("approve_roles", School(id=HERE), School(id=THERE), {"director"}),
    # A follow-up for the role "mentor", with no named assignee.
    (
        "complete_followup",
        Followup(school_id=HERE, assignee_role="mentor"),
        Followup(school_id=THERE, assignee_role="mentor"),
        {"mentor", "director"},
    ),
]
CASES = [(name, here, there, role, role in allowed) for name, here, there, allowed in RECORD_RULES for role in ROLES]


@pytest.mark.parametrize(
    "name,here,there,role,expected",
    CASES,
    ids=[
        f"{c[0]}-{c[1].__class__.__name__}-{getattr(c[1], 'kind', None) or getattr(c[1], 'subject_kind', '')}-{c[3]}"
        for c in CASES
    ],
)
def test_role_at_the_records_school_decides(name, here, there, role, expected):
    predicate = getattr(can, name)
    assert predicate(user_with((HERE, role)), here) is expected
    # Another school's record: not a member there, so never.
    assert predicate(user_with((HERE, role)), there) is False
    # A member of both schools answers with the role at the record's school.
    assert predicate(user_with((HERE, "mentor"), (THERE, role)), there) is expected


@pytest.mark.parametrize("name,here", [(name, here) for name, here, _there, _allowed in RECORD_RULES])
def test_signed_out_and_deactivated_users_may_nothing(name, here):
    from flask_login import AnonymousUserMixin

    predicate = getattr(can, name)
    assert predicate(AnonymousUserMixin(), here) is False
    assert predicate(None, here) is False
    assert predicate(user_with((HERE, "director"), (HERE + 10, "admin"), active=False), here) is False


def test_staff_predicates_are_about_staff():
    director = user_with((HERE, "director"))
    assert can.read_staff_file(director, person("pupil")) is False
    assert can.export_file(director, person("staff")) is False
    assert can.export_file(director, person("parent")) is False


def test_followups_for_a_named_person_are_theirs_or_a_managers():
    task = Followup(school_id=HERE, assignee_id=10)
    assert can.complete_followup(user_with((HERE, "mentor"), user_id=10), task)
    assert not can.complete_followup(user_with((HERE, "mentor"), user_id=11), task)
    assert can.complete_followup(user_with((HERE, "coordinator"), user_id=11), task)
    assert not can.complete_followup(user_with((THERE, "coordinator"), user_id=10), task)
    # An admin never ticks off case work, not even a task for nobody in particular.
    assert not can.complete_followup(user_with((HERE, "admin")), Followup(school_id=HERE))


@pytest.mark.parametrize("role", ROLES)
def test_screen_predicates_default_to_the_school_the_user_works_in(role):
    user = user_with((HERE, role), (THERE, "admin"))
    with Flask(__name__).test_request_context():
        g.school = School(id=HERE)
        assert can.use_cases(user) is (role in ("mentor", "coordinator", "director"))
        assert can.see_outbox(user) is (role in ("coordinator", "director"))
        assert can.administer(user) is (role == "admin")
        g.school = School(id=THERE)
        assert (can.use_cases(user), can.see_outbox(user), can.administer(user)) == (False, False, True)
        g.school = None  # no school (no membership at all): nothing
        assert (can.use_cases(user), can.see_outbox(user), can.administer(user)) == (False, False, False)


def test_every_predicate_is_documented_and_tested():
    public = {
        name
        for name, value in vars(can).items()
        if callable(value) and not name.startswith("_") and value.__module__ == can.__name__
    }
    assert all(getattr(can, name).__doc__ for name in public)
    assert public - {"role_at"} == {name for name, *_rest in RECORD_RULES}


def test_predicates_ask_the_database_nothing(app, make_school, make_user, make_person):
    """On a loaded user (as after `load_current_school`), no predicate issues a query: a list page
    may call them per row."""
    school, other = make_school(), make_school()
    user = make_user("coordinator", school)
    pupil, staff = make_person(school), make_person(other, kind="staff")
    # Loaded as a request has them: the user's memberships (load_current_school), the records shown.
    assert [m.role for m in user.memberships] == ["coordinator"]
    assert (pupil.kind, staff.kind, school.id) == ("pupil", "staff", school.id)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        for _ in range(3):
            assert can.open_person(user, pupil) and can.export_file(user, pupil) and can.see_whole_school(user, pupil)
            assert not can.open_person(user, staff) and not can.read_staff_file(user, staff)
            assert can.use_cases(user, school) and not can.administer(user, school)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert statements == []
