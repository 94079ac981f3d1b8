"""The sessions page: where a user is signed in, signing one session or all others out, audited."""

import re

import pytest
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.sessions.operations import hash_session_id
from incidents.extensions import db
from tests.auth.sessions_helpers import open_sessions_of, payload_of, sessions_of, signed_in
from tests.helpers import EN, TEST_PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def mentor(make_school, make_user, frozen_clock):
    return make_user("mentor", make_school(), name="Mentor Mies")


def browser(app, user, agent=FIREFOX, address="127.0.0.1"):
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    return client


def record_id(app, client):
    return hash_session_id(payload_of(app, client)["sid"])


def audit_rows(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_page_lists_where_the_user_is_signed_in(app, mentor, make_user):
    laptop = browser(app, mentor, FIREFOX, "192.0.2.10")
    browser(app, mentor, SAFARI_IPHONE, "198.51.100.20")
    browser(app, make_user("mentor", mentor.memberships[0].school), FIREFOX, "203.0.113.99")  # someone else
    page = laptop.get("/account/sessions", headers=EN).get_data(as_text=True)
    rows = re.findall(r"<tr.*?</tr>", page.split("<tbody>")[1], re.S)
    assert len(rows) == 2
    current = next(row for row in rows if 'aria-current="true"' in row)
    assert "Firefox" in current and "Windows" in current and "192.0.2.10" in current and "This session" in current
    other = next(row for row in rows if row is not current)
    assert "Safari" in other and "iOS" in other and "198.51.100.20" in other
    assert "203.0.113.99" not in page
    assert "Sign out everywhere else" in page


def test_the_user_menu_links_to_the_page(app, mentor):
    page = browser(app, mentor).get("/account/sessions", headers=EN).get_data(as_text=True)
    assert 'href="/account/sessions"' in page.split("<main>")[0]


def test_the_page_is_for_signed_in_users(client):
    assert client.get("/account/sessions").headers["Location"].startswith("/login")


def test_signing_out_another_session(app, mentor):
    laptop, phone = browser(app, mentor), browser(app, mentor, SAFARI_IPHONE)
    response = laptop.post("/account/sessions/end", data={"session_id": record_id(app, phone)})
    assert response.status_code == 302 and response.headers["Location"] == "/account/sessions"
    assert not signed_in(phone) and signed_in(laptop)
    [row] = audit_rows("session_revoked")
    assert (row.user_id, row.object_type, row.object_id, row.detail) == (mentor.id, "users", mentor.id, None)
    assert [s.end_reason for s in sessions_of(mentor) if s.ended_at] == ["revoked"]


def test_signing_out_this_session_from_the_page(app, mentor):
    laptop = browser(app, mentor)
    response = laptop.post("/account/sessions/end", data={"session_id": record_id(app, laptop)})
    assert response.headers["Location"] == "/login"
    assert not signed_in(laptop)
    assert len(audit_rows("logout")) == 1


def test_another_users_session_cannot_be_signed_out(app, mentor, make_user):
    other_user = make_user("mentor", mentor.memberships[0].school)
    theirs = browser(app, other_user)
    mine = browser(app, mentor)
    assert mine.post("/account/sessions/end", data={"session_id": record_id(app, theirs)}).status_code == 404
    assert mine.post("/account/sessions/end", data={"session_id": "x"}).status_code == 400
    assert signed_in(theirs)


def test_sign_out_everywhere_else(app, mentor):
    laptop = browser(app, mentor)
    others = [browser(app, mentor, SAFARI_IPHONE), browser(app, mentor)]
    response = laptop.post("/account/sessions/end-others", headers=EN)
    assert response.status_code == 302
    assert "Other sessions signed out: 2." in laptop.get("/account/sessions", headers=EN).get_data(as_text=True)
    assert signed_in(laptop) and not any(signed_in(c) for c in others)
    assert [s.id for s in open_sessions_of(mentor)] == [record_id(app, laptop)]
    [row] = audit_rows("signed_out_elsewhere")
    assert (row.user_id, row.object_id, row.detail) == (mentor.id, mentor.id, "2")


def test_logout_is_audited_with_ids_only(app, mentor):
    laptop = browser(app, mentor, address="192.0.2.10")
    laptop.post("/logout")
    [row] = audit_rows("logout")
    assert (row.user_id, row.object_type, row.object_id, row.detail) == (mentor.id, "users", mentor.id, None)
    assert row.school_id == mentor.memberships[0].school_id


def test_the_sign_out_forms_need_a_csrf_token(app, mentor, configure):
    laptop, phone = browser(app, mentor), browser(app, mentor)
    configure(WTF_CSRF_ENABLED=True)
    assert laptop.post("/account/sessions/end", data={"session_id": record_id(app, phone)}).status_code == 400
    assert laptop.post("/account/sessions/end-others").status_code == 400
    assert signed_in(phone)
    page = laptop.get("/account/sessions").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.split("<main>")[1]).group(1)
    assert laptop.post("/account/sessions/end-others", data={"csrf_token": token}).status_code == 302
    assert not signed_in(phone)
