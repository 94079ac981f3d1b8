"""Issue 10, point 12: the login cannot tell known from unknown addresses, neither by its
answer nor by its time. Time is counted as work done: exactly one password hash verified,
whether the address is known, unknown or disabled (a dummy hash with the configured
parameters stands in for a missing account)."""

import pytest
from argon2 import PasswordHasher, extract_parameters

from incidents.auth import passwords
from incidents.extensions import db
from tests.helpers import EN, TEST_PASSWORD

MESSAGE = "Unknown e-mail address or wrong password."


@pytest.fixture
def verify_calls(monkeypatch):
    """Every PasswordHasher.verify call, as the hash it was asked about."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, hash, password):
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password}, headers=EN)


def test_every_wrong_sign_in_verifies_one_hash_and_gets_the_same_answer(client, make_school, make_user, verify_calls):
    school = make_school()
    known = make_user("director", school)
    disabled = make_user("mentor", school)
    disabled.active = False
    db.session.commit()

    answers = {}
    for label, email in (
        ("unknown", "nobody-here@example.org"),
        ("disabled", disabled.email),
        ("known", known.email),
    ):
        verify_calls.clear()
        response = _login(client, email, "wrong password entirely")
        assert response.status_code == 200
        assert len(verify_calls) == 1, f"{label}: {len(verify_calls)} hashes verified"
        answers[label] = response.get_data(as_text=True).replace(email, "")
    assert MESSAGE in answers["unknown"]
    assert answers["unknown"] == answers["disabled"] == answers["known"]


def test_a_disabled_account_is_refused_even_with_its_right_password(client, make_school, make_user, verify_calls):
    user = make_user("mentor", make_school())
    user.active = False
    db.session.commit()
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)
    assert len(verify_calls) == 1 and verify_calls[0] != user.password_hash


def test_the_dummy_hash_has_the_configured_parameters(app, client, verify_calls):
    _login(client, "nobody-here@example.org", "whatever it is")
    (dummy,) = verify_calls
    made = extract_parameters(dummy)
    assert (made.time_cost, made.memory_cost, made.parallelism) == (
        app.config["PASSWORD_HASH_TIME_COST"],
        app.config["PASSWORD_HASH_MEMORY_COST"],
        app.config["PASSWORD_HASH_PARALLELISM"],
    )
    assert not passwords.verify_sign_in(None, "whatever it is")
