"""Point 13: security events are rows of the append-only audit trail, with no password, plain
address, token or query string in them; refused record URLs (403/404) are recorded although the
request itself is rolled back."""

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from incidents.audit.security import SECURITY_KINDS, email_digest, record_security_event
from incidents.core.vocabulary import SECURITY_EVENT_LABELS
from incidents.extensions import db
from tests.audit.helpers import events
from tests.helpers import TEST_PASSWORD


def _all_text():
    return " ".join(f"{e.object_type} {e.detail or ''}" for e in events())


def test_a_sign_in_is_recorded_for_every_school_of_the_account(client, make_school, make_user):
    first, second = make_school(), make_school()
    user = make_user("mentor", first, second)
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    rows = events("login")
    assert sorted(r.school_id for r in rows) == sorted([first.id, second.id])
    assert {(r.user_id, r.object_type, r.object_id) for r in rows} == {(user.id, "users", user.id)}


def test_a_wrong_password_is_recorded_about_the_account_without_the_password(client, world):
    response = client.post("/login", data={"email": world.mentor.email, "password": "wrong password 123"})
    assert response.status_code == 200
    [row] = events("login.failed")
    assert (row.user_id, row.school_id, row.object_id) == (world.mentor.id, world.school.id, world.mentor.id)
    assert "wrong password" not in _all_text() and world.mentor.email not in _all_text()
    assert not events("login")


def test_an_unknown_address_is_kept_only_as_a_keyed_digest(client, configure, world):
    address = "Nobody.Here@Example.org"
    client.post("/login", data={"email": address, "password": "whatever it is"})
    [row] = events("login.failed")
    assert row.user_id is None and row.school_id is None
    assert row.detail == f"email_hmac={email_digest(address)}"
    assert "nobody" not in _all_text().lower() and "example.org" not in _all_text().lower()
    # The digest is keyed: without the server's key it cannot be recomputed from a guess.
    configure(AUDIT_EMAIL_KEY="another key")
    assert email_digest(address) != row.detail.removeprefix("email_hmac=")


def test_logout_is_recorded(client, login, world):
    login(world.coordinator)
    client.post("/logout")
    [row] = events("logout")
    assert row.user_id == world.coordinator.id


def test_a_password_change_is_recorded_per_school(client, login, make_school, make_user):
    first, second = make_school(), make_school()
    user = make_user("coordinator", first, second)
    login(user)
    new = "a brand new passphrase for me"
    response = client.post("/account/password", data={"current": TEST_PASSWORD, "password": new, "repeat": new})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert sorted(r.school_id for r in events("password.changed")) == sorted([first.id, second.id])


def test_every_kind_has_a_label_and_unknown_kinds_are_refused(app):
    assert set(SECURITY_KINDS) == set(SECURITY_EVENT_LABELS)
    for kind in ("second_factor.enrolled", "second_factor.failed", "sso.login", "login.delayed", "role.granted"):
        assert kind in SECURITY_KINDS  # the kinds the parallel features record
    with pytest.raises(ValueError):
        record_security_event("login.succeeded_maybe")


def test_another_schools_case_answers_404_and_is_recorded_without_the_query(client, login, world):
    login(world.director)
    assert client.get(f"/cases/{world.other_case.id}?q=Femke+de+Vries").status_code == 404
    [row] = events("access.not_found")
    assert (row.user_id, row.school_id) == (world.director.id, world.school.id)
    assert (row.object_type, row.object_id) == ("cases", world.other_case.id)
    assert row.detail == "status=404;endpoint=cases.show"
    assert not events("case.view")  # the refused request's own writes are still rolled back


def test_a_forbidden_step_is_recorded_with_its_record(client, login, world):
    login(world.mentor)
    assert client.get(f"/cases/{world.case.id}/sanctions/new").status_code == 403
    [row] = events("access.forbidden")
    assert (row.user_id, row.object_type, row.object_id) == (world.mentor.id, "cases", world.case.id)


def test_a_staff_file_refused_to_a_coordinator_is_recorded(client, login, world):
    login(world.coordinator)
    assert client.get(f"/people/{world.teacher.id}/file").status_code == 403
    [row] = events("access.forbidden")
    assert (row.object_type, row.object_id) == ("people", world.teacher.id)
    assert row.detail == "status=403;endpoint=correspondence.personal_file"


def test_a_404_elsewhere_is_not_a_security_event(client, login, world):
    login(world.director)
    assert client.get("/no-such-page/12").status_code == 404
    assert client.get(f"/admin/holidays/{10**6}/edit").status_code in (403, 404)
    assert not events("access.not_found") and not events("access.forbidden")


def test_security_events_are_append_only(app, client, world):
    client.post("/login", data={"email": world.mentor.email, "password": "wrong password 123"})
    [row] = events("login.failed")
    row.detail = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.postgresql_only
def test_the_database_refuses_to_change_security_events(app, client, world, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the trigger is PostgreSQL's")
    client.post("/login", data={"email": "x@example.org", "password": "whatever it is"})
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET detail = 'gone' WHERE action = 'login.failed'"))
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("DELETE FROM audit_events WHERE action = 'login.failed'"))
    db.session.rollback()


def test_account_events_written_with_audit_are_listed_kinds():
    """The account features record some security events with `audit(...)` directly: their kinds
    are in the one list too, so the screen labels and filters them."""
    root = Path(__file__).resolve().parents[2] / "incidents"
    prefixes = ("login", "logout", "password.", "invitation.", "role.", "account.", "session", "signed_out")
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r'\baudit\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    account_kinds = {kind for kind in used if kind.startswith(prefixes)}
    assert {"invitation.sent", "role.granted", "account.disabled", "logout"} <= account_kinds
    assert account_kinds <= set(SECURITY_KINDS)
