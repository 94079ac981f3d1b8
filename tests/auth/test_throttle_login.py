"""Issue 10, point 11: failed sign-ins per account address get a growing delay (never a lockout),
the holder is told after 10, and the per-address limit counts failures only. The app clock is
frozen (frozen_clock): nothing sleeps."""

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.throttle.operations import account_key
from incidents.extensions import db
from incidents.limits.limiter import claim
from incidents.outbox.models import OutboxMessage
from tests.auth.mail import mails_to
from tests.auth.throttle_helpers import GENERIC, IP_A, IP_B, attempt, fail_until_delayed, wait_message
from tests.helpers import TEST_PASSWORD, count

WRONG = "helemaal verkeerd wachtwoord"


@pytest.fixture
def hashes(monkeypatch):
    """How many password hashes were verified."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, hash, password):
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def test_thirty_wrong_passwords_are_throttled_while_another_account_signs_in(app, world, frozen_clock, hashes):
    attacker, colleague = app.test_client(), app.test_client()
    statuses = []
    for n in range(30):
        statuses.append(attempt(attacker, world.director.email, WRONG, IP_A).status_code)
        if n in (10, 29):  # meanwhile a colleague signs in from another address, normally
            assert attempt(colleague, world.mentor.email, TEST_PASSWORD, IP_B).status_code == 302
            colleague.post("/logout")
    assert statuses == [200] * 5 + [429] * 25
    assert len(hashes) == 5 + 2, "a refused attempt costs no hash"

    refused = attempt(attacker, world.director.email, TEST_PASSWORD, IP_A)
    assert refused.status_code == 429, "the right password is refused during the delay too"
    assert refused.headers["Retry-After"] == "1"
    # After the delay the right password signs in, and the count starts again.
    frozen_clock(frozen_clock.now() + timedelta(seconds=1))
    assert attempt(attacker, world.director.email, TEST_PASSWORD, IP_A).status_code == 302
    attacker.post("/logout")
    assert attempt(attacker, world.director.email, WRONG, IP_A).status_code == 200


def test_the_delay_doubles_from_the_fifth_failure_up_to_the_cap(client, world, frozen_clock, configure):
    configure(LOGIN_DELAY_CAP_SECONDS=10)
    seen = []
    for _ in range(9):
        page = attempt(client, world.coordinator.email, WRONG).get_data(as_text=True)
        match = re.search(r"Try again in (\d+) seconds?\.", page)
        seen.append(int(match.group(1)) if match else 0)
        frozen_clock(frozen_clock.now() + timedelta(seconds=seen[-1]))  # exactly the wait, no more
    assert seen == [0, 0, 0, 0, 1, 2, 4, 8, 10]
    # Within the wait: refused with the wait left; when it is over, the right password works.
    frozen_clock(frozen_clock.now() - timedelta(seconds=4))
    refused = attempt(client, world.coordinator.email, TEST_PASSWORD)
    assert refused.status_code == 429 and wait_message(4) in refused.get_data(as_text=True)
    frozen_clock(frozen_clock.now() + timedelta(seconds=4))
    assert attempt(client, world.coordinator.email, TEST_PASSWORD).status_code == 302


def _without_token(page, email):
    return re.sub(r'(name="csrf-token" content|name="csrf_token" type="hidden" value)="[^"]*"', "", page).replace(
        email, ""
    )


def test_an_unknown_address_is_delayed_and_answered_exactly_like_a_known_one(app, world, frozen_clock):
    answers = {}
    for label, email, ip in (("known", world.director.email, IP_A), ("unknown", "niemand-hier@example.org", IP_B)):
        client = app.test_client()
        responses = [attempt(client, email, WRONG, ip) for _ in range(7)]
        answers[label] = [(r.status_code, _without_token(r.get_data(as_text=True), email)) for r in responses]
    assert [status for status, _ in answers["known"]] == [200] * 5 + [429] * 2
    assert answers["known"] == answers["unknown"]
    assert GENERIC in answers["unknown"][-1][1] and wait_message(1) in answers["unknown"][-1][1]


def test_the_refused_login_page_is_dutch_and_keeps_the_address_not_the_password(client, world, frozen_clock):
    for _ in range(5):
        attempt(client, world.director.email, WRONG)
    response = attempt(client, world.director.email, "geheim-wachtwoord-123", headers={})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Probeer het over 1 seconde opnieuw" in page
    assert f'value="{world.director.email}"' in page
    assert "geheim-wachtwoord-123" not in page


def test_the_holder_is_told_once_per_burst_after_ten_failures(client, world, frozen_clock):
    assert fail_until_delayed(client, frozen_clock, world.director.email, 9) == [200] * 9
    assert mails_to(world.director.email, "failed_logins") == []
    fail_until_delayed(client, frozen_clock, world.director.email, 3)
    (notice,) = mails_to(world.director.email, "failed_logins")
    assert notice.recipient_user_id == world.director.id and notice.school_id == world.school.id
    assert "niet geblokkeerd" in notice.body_text

    # A sign-in ends the burst; the next ten failures tell the holder again.
    assert attempt(client, world.director.email, TEST_PASSWORD).status_code == 302
    client.post("/logout")
    fail_until_delayed(client, frozen_clock, world.director.email, 10)
    assert len(mails_to(world.director.email, "failed_logins")) == 2


def test_an_unknown_address_mails_nobody_and_the_audit_names_nobody(client, world, frozen_clock):
    email = "niemand-hier@example.org"
    fail_until_delayed(client, frozen_clock, email, 11)
    assert count(OutboxMessage, OutboxMessage.kind == "failed_logins") == 0
    delays = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.delayed")).all()
    assert len(delays) == 11 - 4
    assert all(e.object_id is None and e.user_id is None and email not in (e.detail or "") for e in delays)


def test_a_delay_of_a_known_account_is_audited_with_its_id(client, world, frozen_clock):
    fail_until_delayed(client, frozen_clock, world.mentor.email, 5)
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.delayed")).all()
    assert (event.object_type, event.object_id) == ("users", world.mentor.id)
    assert world.mentor.email not in event.detail


def test_an_old_burst_is_forgotten(client, world, frozen_clock):
    for n in range(8):  # each more than the burst window (an hour) after the one before
        assert attempt(client, world.director.email, WRONG, f"192.0.2.{n + 1}").status_code == 200
        frozen_clock(frozen_clock.now() + timedelta(minutes=61))
    for _ in range(4):
        assert attempt(client, world.director.email, WRONG).status_code == 200
    assert attempt(client, world.director.email, WRONG).status_code == 200  # the fifth in this burst
    assert attempt(client, world.director.email, WRONG).status_code == 429


def test_the_address_limit_counts_failures_not_other_accounts_successes(app, world, frozen_clock, configure):
    configure(LIMIT_LOGIN_FAILURES_PER_IP="3 per minute")
    school_network, elsewhere = app.test_client(), app.test_client()
    for n in range(2):  # two wrong passwords, each for another address
        assert attempt(school_network, f"raden-{n}@example.org", WRONG).status_code == 200
    for _ in range(6):  # colleagues behind the same address keep signing in
        assert attempt(school_network, world.mentor.email, TEST_PASSWORD).status_code == 302
        school_network.post("/logout")
    assert attempt(school_network, "raden-2@example.org", WRONG).status_code == 200  # the third failure

    refused = attempt(school_network, world.coordinator.email, TEST_PASSWORD, headers={})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Probeer het over" in page and f'value="{world.coordinator.email}"' in page
    assert int(refused.headers["Retry-After"]) > 0
    # Another address is not affected.
    assert attempt(elsewhere, world.coordinator.email, TEST_PASSWORD, IP_B).status_code == 302


def test_a_sign_in_clears_the_count_of_its_address(client, world, frozen_clock):
    for _ in range(4):
        attempt(client, world.director.email, WRONG)
    assert attempt(client, world.director.email, TEST_PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert attempt(client, world.director.email, WRONG).status_code == 200


def test_an_address_in_its_delay_is_checked_one_attempt_at_a_time(app, client, world, frozen_clock, hashes):
    for _ in range(5):
        attempt(client, world.director.email, WRONG)
    frozen_clock(frozen_clock.now() + timedelta(seconds=1))  # the delay is over
    hashes.clear()
    with app.test_request_context():  # a parallel request, checking the director's address now
        assert claim(f"login-check:{account_key(world.director.email)}")
        parallel = attempt(client, world.director.email, TEST_PASSWORD)
        assert parallel.status_code == 429 and wait_message(1) in parallel.get_data(as_text=True)
        assert hashes == [], "refused without a hash"
    # An address that is not in a delay is not held up by a parallel check (a double click signs in).
    with app.test_request_context():
        assert claim(f"login-check:{account_key(world.mentor.email)}")
        assert attempt(client, world.mentor.email, TEST_PASSWORD).status_code == 302
        client.post("/logout")
    assert attempt(client, world.director.email, TEST_PASSWORD).status_code == 302


def test_a_flood_from_the_school_address_spares_browsers_that_signed_in_before(app, world, frozen_clock, configure):
    configure(LIMIT_LOGIN_FAILURES_PER_IP="3 per minute")
    staff_room, pupil, new_laptop = app.test_client(), app.test_client(), app.test_client()
    assert attempt(staff_room, world.mentor.email, TEST_PASSWORD).status_code == 302  # signed in here before
    staff_room.post("/logout")
    for n in range(3):  # a pupil on the school network floods the login
        assert attempt(pupil, f"raden-{n}@example.org", WRONG).status_code == 200
    assert attempt(pupil, world.mentor.email, TEST_PASSWORD).status_code == 429
    assert attempt(new_laptop, world.mentor.email, TEST_PASSWORD).status_code == 429
    # The mentor's own browser signs in; its cookie counts only for the mentor's address.
    assert attempt(staff_room, world.coordinator.email, TEST_PASSWORD).status_code == 429
    assert attempt(staff_room, world.mentor.email, TEST_PASSWORD).status_code == 302
    # A copied cookie with another signature counts for nothing.
    cookie = staff_room.get_cookie("meldpunt_device")
    assert cookie is not None and "example.org" not in cookie.value
    new_laptop.set_cookie("meldpunt_device", cookie.value[:-2] + "xx")
    assert attempt(new_laptop, world.mentor.email, TEST_PASSWORD).status_code == 429
