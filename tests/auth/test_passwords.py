"""Password hashes: strong argon2id parameters outside tests, any stored hash still verifies."""

import argon2
import pytest
from argon2.profiles import RFC_9106_LOW_MEMORY
from flask import Flask

from config import Config, DevelopmentConfig, ProductionConfig, TestConfig
from incidents.auth.passwords import check_password, hash_password, needs_rehash
from incidents.extensions import db

STRONG = RFC_9106_LOW_MEMORY  # argon2id, t=3, m=64 MiB, p=4


def bare_app(config_class):
    """A Flask app with only the settings of `config_class` (no database, no blueprints)."""
    app = Flask(__name__)
    app.config.from_object(config_class)
    return app


@pytest.mark.parametrize("config_class", [Config, DevelopmentConfig, ProductionConfig])
def test_production_and_default_configs_hash_with_the_strong_parameters(config_class):
    assert (
        config_class.PASSWORD_HASH_TIME_COST,
        config_class.PASSWORD_HASH_MEMORY_COST,
        config_class.PASSWORD_HASH_PARALLELISM,
    ) == (3, 64 * 1024, 4)
    with bare_app(config_class).app_context():
        made = hash_password("s3cret wachtwoord")
        assert check_password(made, "s3cret wachtwoord")
        assert not needs_rehash(made)
    assert argon2.extract_parameters(made) == STRONG
    assert made.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_outside_an_app_the_strong_parameters_apply():
    assert argon2.extract_parameters(hash_password("x")) == STRONG


def test_a_hash_verifies_whatever_the_configured_parameters():
    with bare_app(ProductionConfig).app_context():
        strong = hash_password("wachtwoord")
    with bare_app(TestConfig).app_context():
        cheap = hash_password("wachtwoord")
        assert argon2.extract_parameters(cheap).memory_cost == TestConfig.PASSWORD_HASH_MEMORY_COST
        assert check_password(strong, "wachtwoord") and not check_password(strong, "fout")
        assert needs_rehash(strong) and not needs_rehash(cheap)
    with bare_app(ProductionConfig).app_context():
        assert check_password(cheap, "wachtwoord") and not check_password(cheap, "fout")
        assert needs_rehash(cheap) and not needs_rehash(strong)
        assert not check_password("not-a-hash", "wachtwoord")


def test_sign_in_rehashes_a_hash_made_with_other_parameters(client, app, make_school, make_user):
    from incidents.auth.models import User

    user = make_user("mentor", make_school())
    with bare_app(ProductionConfig).app_context():
        strong = hash_password("wachtwoord")
    db.session.get(User, user.id).password_hash = strong
    db.session.commit()
    assert client.post("/login", data={"email": user.email, "password": "wachtwoord"}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id).password_hash
    assert argon2.extract_parameters(stored).time_cost == TestConfig.PASSWORD_HASH_TIME_COST
    assert check_password(stored, "wachtwoord")
