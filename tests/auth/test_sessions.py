"""Server-side sessions: a record per sign-in, checked on every request, ended on the server.

The cookie carries only a random id whose SHA-256 is the record's key; logout, the idle timeout,
the absolute timeout and `end_sessions` all make a copy of the cookie worthless."""

from datetime import timedelta

import pytest

from incidents.auth.sessions.operations import end_all_for_user, end_sessions, hash_session_id
from incidents.extensions import db
from tests.auth.sessions_helpers import (
    COOKIE,
    copy_cookie,
    open_sessions_of,
    payload_of,
    sessions_of,
    signed_cookie,
    signed_in,
)
from tests.helpers import EN, FROZEN_NOW, TEST_PASSWORD, count_statements


@pytest.fixture
def mentor(make_school, make_user, frozen_clock):
    return make_user("mentor", make_school())


def test_sign_in_makes_a_record_and_the_cookie_carries_only_its_id(app, client, login, mentor):
    login(mentor)
    payload = payload_of(app, client)
    assert set(payload) == {"sid"}
    [record] = sessions_of(mentor)
    assert record.id == hash_session_id(payload["sid"]) != payload["sid"]
    assert (record.created_at, record.last_seen_at) == (FROZEN_NOW, FROZEN_NOW)
    assert record.expires_at == FROZEN_NOW + timedelta(hours=12)
    assert record.ip_address == "127.0.0.1" and record.ended_at is None
    assert record.school_id == mentor.memberships[0].school_id


def test_every_sign_in_gets_a_new_session_id(app, client, login, mentor):
    client.get("/login")
    login(mentor)
    first = payload_of(app, client)["sid"]
    login(mentor)  # signs out, then in again
    second = payload_of(app, client)["sid"]
    assert first != second
    assert [s.end_reason for s in sessions_of(mentor) if s.ended_at] == ["logout"]


def test_a_cookie_copied_before_logout_gets_the_login_page_afterwards(app, client, login, world):
    login(world.mentor)
    thief = copy_cookie(app, client)
    case_page = f"/cases/{world.case.id}"
    assert thief.get(case_page).status_code == 200  # the copy works while the session lives
    assert client.post("/logout").status_code == 302
    response = thief.get(case_page)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert thief.get("/").headers["Location"].startswith("/login")
    [record] = sessions_of(world.mentor)
    assert record.end_reason == "logout"


def test_a_refused_session_says_so_on_the_login_page(app, client, login, mentor):
    login(mentor)
    thief = copy_cookie(app, client)
    client.post("/logout")
    thief.get("/", headers=EN)
    assert "Your session has ended. Please sign in again." in thief.get("/login", headers=EN).get_data(as_text=True)


def test_idle_for_thirty_minutes_ends_the_session(app, client, login, mentor, frozen_clock):
    login(mentor)
    frozen_clock(FROZEN_NOW + timedelta(minutes=29))
    assert signed_in(client)
    frozen_clock(FROZEN_NOW + timedelta(minutes=29 + 30))
    assert not signed_in(client)


def test_use_keeps_the_session_until_the_absolute_limit(app, client, login, mentor, frozen_clock):
    login(mentor)
    for minutes in range(25, 12 * 60, 25):  # never idle for long
        frozen_clock(FROZEN_NOW + timedelta(minutes=minutes))
        assert signed_in(client), minutes
    frozen_clock(FROZEN_NOW + timedelta(hours=12))
    assert not signed_in(client)


def test_the_timeouts_are_settings(app, client, login, mentor, frozen_clock, configure):
    configure(SESSION_IDLE_MINUTES=5, PERMANENT_SESSION_LIFETIME=timedelta(hours=1))
    login(mentor)
    [record] = sessions_of(mentor)
    assert record.expires_at == FROZEN_NOW + timedelta(hours=1)
    frozen_clock(FROZEN_NOW + timedelta(minutes=6))
    assert not signed_in(client)


def test_a_cookie_re_signed_after_thirty_days_idle_is_refused(app, client, login, mentor, frozen_clock):
    login(mentor)
    payload = payload_of(app, client)
    frozen_clock(FROZEN_NOW + timedelta(days=30))
    replay = app.test_client()
    replay.set_cookie(COOKIE, signed_cookie(app, payload))  # a fresh signature: only the record can say no
    assert not signed_in(replay)


def test_a_cookie_signed_thirty_days_ago_is_refused(app, client, login, mentor):
    login(mentor)
    replay = app.test_client()
    replay.set_cookie(COOKIE, signed_cookie(app, payload_of(app, client), age_seconds=30 * 24 * 3600))
    assert not signed_in(replay)
    assert signed_in(client)


def test_a_forged_session_id_opens_nothing(app, client, mentor):
    client.set_cookie(COOKIE, signed_cookie(app, {"sid": "made-up", "_user_id": str(mentor.id)}))
    assert not signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(app, client, login, mentor, frozen_clock):
    login(mentor)
    frozen_clock(FROZEN_NOW + timedelta(seconds=59))
    client.get("/account/sessions")
    assert sessions_of(mentor)[0].last_seen_at == FROZEN_NOW
    frozen_clock(FROZEN_NOW + timedelta(seconds=61))
    client.get("/account/sessions")
    assert sessions_of(mentor)[0].last_seen_at == FROZEN_NOW + timedelta(seconds=61)


def test_a_disabled_account_is_signed_out_at_its_next_request(app, client, login, mentor):
    login(mentor)
    mentor.active = False
    db.session.commit()
    assert not signed_in(client)


def test_switching_school_gives_a_new_session_id_with_the_same_expiry(
    app, client, login, make_school, make_user, frozen_clock
):
    first, second = make_school(), make_school()
    user = make_user("coordinator", first, second)
    login(user)
    before = payload_of(app, client)["sid"]
    thief = copy_cookie(app, client)
    frozen_clock(FROZEN_NOW + timedelta(minutes=10))
    assert client.post("/switch-school", data={"school_id": second.id}).status_code == 302
    after = payload_of(app, client)["sid"]
    assert after != before
    old, new = sorted(sessions_of(user), key=lambda s: s.ended_at is None)
    assert (old.end_reason, old.school_id, new.school_id) == ("rotated", first.id, second.id)
    assert (new.created_at, new.expires_at) == (old.created_at, old.expires_at)
    assert new.id == hash_session_id(after)
    assert signed_in(client) and not signed_in(thief)


def test_the_session_keeps_its_school(app, client, login, make_school, make_user):
    first, second = make_school(name="Eerste School"), make_school(name="Tweede School")
    login(make_user("coordinator", first, second))
    client.post("/switch-school", data={"school_id": second.id})
    assert "Tweede School" in client.get("/").get_data(as_text=True).split("<main>")[1]
    assert set(payload_of(app, client)) == {"sid", "csrf_token"}  # the school is in the record, not the cookie


def test_end_sessions_ends_all_but_the_one_kept(app, mentor):
    clients = [app.test_client() for _ in range(3)]
    for c in clients:
        assert c.post("/login", data={"email": mentor.email, "password": TEST_PASSWORD}).status_code == 302
    keep = hash_session_id(payload_of(app, clients[0])["sid"])
    assert end_sessions(mentor.id, except_session_id=keep, reason="password_changed") == 2
    db.session.commit()
    assert [signed_in(c) for c in clients] == [True, False, False]
    assert {s.end_reason for s in sessions_of(mentor) if s.id != keep} == {"password_changed"}
    assert end_all_for_user(mentor.id, reason="account_disabled") == 1
    db.session.commit()
    assert not signed_in(clients[0]) and open_sessions_of(mentor) == []


def test_end_sessions_leaves_other_accounts_alone(app, make_school, make_user, frozen_clock):
    school = make_school()
    one, other = make_user("mentor", school), make_user("mentor", school)
    clients = {}
    for user in (one, other):
        clients[user.id] = app.test_client()
        clients[user.id].post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    end_all_for_user(one.id, reason="account_disabled")
    db.session.commit()
    assert not signed_in(clients[one.id]) and signed_in(clients[other.id])


def test_an_unknown_end_reason_is_refused(app, mentor):
    with pytest.raises(ValueError):
        end_sessions(mentor.id, reason="because")


def test_login_user_elsewhere_grants_nothing_without_a_record(app, client, mentor):
    """A `_user_id` in the cookie (Flask-Login's login_user) is not a session."""
    client.set_cookie(COOKIE, signed_cookie(app, {"_user_id": str(mentor.id), "_fresh": True}))
    assert not signed_in(client)


def test_the_check_is_one_lookup_by_primary_key_with_the_user(app, client, login, mentor):
    login(mentor)
    client.get("/account/sessions")  # warm up
    with count_statements() as statements:
        client.get("/account/sessions")
    lookups = [s for s in statements if "FROM user_sessions" in s and "user_sessions.id = " in s]
    assert len(lookups) == 1 and "JOIN users" in lookups[0]
    assert not any("FROM users" in s and "FROM user_sessions" not in s for s in statements)
    assert not any(s.lstrip().upper().startswith(("UPDATE", "INSERT")) for s in statements)
