"""ASVS 6.2: at least 12 characters, not one of the shipped common passwords, not the holder's
name or e-mail; no composition rules."""

import pytest
from flask_babel import force_locale

from incidents.auth.password_policy import common_passwords, password_problem

NAME, EMAIL = "Petra van den Berg", "p.vandenberg@school.example"


def test_the_shipped_list_holds_at_least_the_10000_most_common_passwords():
    passwords = common_passwords()
    assert len(passwords) >= 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= passwords
    assert all(p == p.lower() for p in passwords)


@pytest.mark.parametrize(
    "password,refused",
    [
        ("elf tekens!", "at least 12"),
        ("x" * 201, "at most 200"),
        ("qwertyuiop123", "most common"),
        ("QWERTYUIOP123", "most common"),  # the list is compared case-insensitively
        ("1qaz2wsx3edc", "most common"),
        ("petra houdt van fietsen", "name or e-mail"),
        ("mijn vandenberg wachtwoord", "name or e-mail"),
        ("PETRAVANDENBERG1", "name or e-mail"),
    ],
)
def test_refused_passwords_say_why(app, password, refused):
    with force_locale("en"):
        assert refused in str(password_problem(password, NAME, EMAIL))


@pytest.mark.parametrize(
    "password",
    [
        "paard batterij nietje",  # only lowercase letters and spaces: no composition rules
        "123498761234987",  # only digits, but long and not a common one
        "de van het tuinhek",  # short name parts (van, den) are not held against it
    ],
)
def test_long_uncommon_passwords_pass_whatever_their_characters(app, password):
    assert password_problem(password, NAME, EMAIL) is None
