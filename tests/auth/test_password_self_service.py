"""Changing one's own password (asks the current one) and resetting a forgotten one by e-mail
(a single-use link valid one hour; the same answer whether or not the address exists)."""

from datetime import timedelta

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.models import User
from incidents.auth.tokens import token_hash
from incidents.extensions import db
from tests.auth.mail import last_link, mails_to, new_password
from tests.helpers import EN, TEST_PASSWORD

NEW = "een heel nieuw wachtwoord"


def actions():
    return [row.action for row in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def change(client, current, new, repeat=None):
    data = {"current": current, "password": new, "repeat": repeat or new}
    return client.post("/account/password", data=data, headers=EN)


def test_change_password_asks_the_current_one(client, login, make_school, make_user):
    user = make_user("mentor", make_school())
    login(user)
    page = change(client, "niet mijn wachtwoord", NEW).get_data(as_text=True)
    assert "This is not your current password." in page
    assert "Use at least 12 characters." in change(client, TEST_PASSWORD, "kort").get_data(as_text=True)
    assert change(client, TEST_PASSWORD, NEW).status_code == 302
    assert "password.changed" in actions()
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 200
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302


def test_change_password_needs_a_signed_in_user(client, app):
    assert client.get("/account/password").status_code == 302


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client, make_school, make_user):
    user = make_user("mentor", make_school())
    known = client.post("/forgot-password", data={"email": user.email}, headers=EN).get_data(as_text=True)
    unknown = client.post("/forgot-password", data={"email": "niemand@example.org"}, headers=EN).get_data(as_text=True)
    assert "If this address belongs to an account" in known
    assert known.replace(user.email, "X") == unknown.replace("niemand@example.org", "X")
    assert len(mails_to(user.email, "password_reset")) == 1
    assert mails_to("niemand@example.org") == []


def test_a_reset_link_works_once_within_the_hour(client, make_school, make_user, frozen_clock):
    user = make_user("mentor", make_school(), name="Anna Smit")
    client.post("/forgot-password", data={"email": user.email})
    link = last_link(user.email, "password_reset")
    token = link.rsplit("/", 1)[1]
    stored = db.session.get(User, user.id)
    assert stored.reset_token_hash == token_hash(token)
    assert stored.reset_expires_at == frozen_clock.now() + timedelta(hours=1)
    assert "Choose a new password" in client.get(link, headers=EN).get_data(as_text=True)
    assert "Do not use your name" in new_password(client, link, "anna wil dit graag", headers=EN).get_data(as_text=True)
    assert new_password(client, link, NEW).status_code == 302
    assert new_password(client, link, NEW + " opnieuw").status_code == 404  # single use
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302
    assert "password.reset" in actions()


def test_a_reset_link_expires_and_a_newer_one_replaces_it(client, make_school, make_user, frozen_clock):
    user = make_user("mentor", make_school())
    client.post("/forgot-password", data={"email": user.email})
    first = last_link(user.email, "password_reset")
    client.post("/forgot-password", data={"email": user.email})
    second = last_link(user.email, "password_reset")
    assert client.get(first).status_code == 404
    frozen_clock(frozen_clock.now() + timedelta(minutes=61))
    assert client.get(second).status_code == 404
    assert new_password(client, second, NEW).status_code == 404
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302


def test_the_login_page_offers_the_reset(client, app):
    assert 'href="/forgot-password"' in client.get("/login").get_data(as_text=True)
