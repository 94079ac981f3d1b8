"""A password change, a password reset and an account disabled everywhere end sessions on the
server (issue 10 points 2, 3 and 9): whoever copied a cookie or learned the old password is out."""

from sqlalchemy import select

from incidents.auth.models import Membership
from incidents.extensions import db
from tests.auth.mail import last_link, new_password
from tests.auth.sessions_helpers import copy_cookie, open_sessions_of, sessions_of, signed_in
from tests.helpers import EN, TEST_PASSWORD

NEW = "een heel nieuw wachtwoord"


def second_browser(app, user):
    other = app.test_client()
    assert other.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    return other


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(app, client, login, make_school, make_user):
    user = make_user("mentor", make_school())
    login(user)
    elsewhere = second_browser(app, user)
    copied = copy_cookie(app, elsewhere)
    data = {"current": TEST_PASSWORD, "password": NEW, "repeat": NEW}
    assert client.post("/account/password", data=data, headers=EN).status_code == 302
    assert signed_in(client)
    assert not signed_in(elsewhere) and not signed_in(copied)
    [kept] = open_sessions_of(user)
    assert sorted(s.end_reason for s in sessions_of(user) if s.ended_at) == ["password_changed"]
    assert kept.ended_at is None


def test_a_wrong_current_password_ends_nothing(app, client, login, make_school, make_user):
    user = make_user("mentor", make_school())
    login(user)
    elsewhere = second_browser(app, user)
    data = {"current": "niet mijn wachtwoord", "password": NEW, "repeat": NEW}
    assert client.post("/account/password", data=data, headers=EN).status_code == 200
    assert signed_in(client) and signed_in(elsewhere)
    assert len(open_sessions_of(user)) == 2


def test_a_password_reset_ends_every_session(app, client, make_school, make_user):
    user = make_user("mentor", make_school())
    browsers = [second_browser(app, user), second_browser(app, user)]
    client.post("/forgot-password", data={"email": user.email})
    assert new_password(client, last_link(user.email, "password_reset"), NEW).status_code == 302
    assert not any(signed_in(b) for b in browsers)
    assert open_sessions_of(user) == []
    assert {s.end_reason for s in sessions_of(user)} == {"password_reset"}


def test_disabled_at_its_only_school_the_account_is_signed_out_at_once(app, client, login, make_school, make_user):
    school = make_school()
    admin, coordinator = make_user("admin", school), make_user("coordinator", school)
    held = second_browser(app, coordinator)
    login(admin)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == coordinator.id))
    assert client.post(f"/admin/users/{membership.id}/disable").status_code == 302
    assert not signed_in(held)
    assert {s.end_reason for s in sessions_of(coordinator)} == {"account_disabled"}
