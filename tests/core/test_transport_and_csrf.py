"""Issue 10, point 20: Strict-Transport-Security in production (a setting), and CSRF tokens
that end with the session instead of never."""

import itsdangerous.timed
import pytest

from app import create_app
from config import Config, ProductionConfig, TestConfig
from incidents.extensions import db
from tests.helpers import TEST_PASSWORD

HSTS = "max-age=31536000; includeSubDomains"


def test_production_sends_strict_transport_security(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "PUBLIC_URL", "https://meldpunt.school.example")
    config = ProductionConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.sqlite'}"
    app = create_app(config)
    with app.app_context():
        db.create_all()  # the login page lists the schools' SSO buttons
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_no_strict_transport_security_outside_production(client):
    assert Config.STRICT_TRANSPORT_SECURITY is None and TestConfig.STRICT_TRANSPORT_SECURITY is None
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_the_header_follows_the_setting(client, configure):
    configure(STRICT_TRANSPORT_SECURITY="max-age=300")
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=300"
    assert client.get("/no-such-page").headers["Strict-Transport-Security"] == "max-age=300"


def test_a_csrf_token_lives_as_long_as_the_session():
    assert Config.WTF_CSRF_TIME_LIMIT is not None
    assert Config.WTF_CSRF_TIME_LIMIT == Config.PERMANENT_SESSION_LIFETIME.total_seconds() == 12 * 3600


@pytest.fixture
def later(monkeypatch):
    """`later(seconds)`: every signature (session cookie, CSRF token) is checked that much later."""
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    offset = {"seconds": 0}
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: real(self) + offset["seconds"]
    )
    return lambda seconds: offset.update(seconds=seconds)


@pytest.mark.parametrize("elapsed,accepted", [(60, True), (12 * 3600 - 60, True), (12 * 3600 + 60, False)])
def test_a_form_posted_after_the_session_ended_is_refused(
    client, configure, make_school, make_user, later, elapsed, accepted
):
    configure(WTF_CSRF_ENABLED=True)
    user = make_user("mentor", make_school())
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    later(elapsed)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert (response.status_code == 302) is accepted
