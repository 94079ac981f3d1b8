"""End to end: the demo coordinator signs in with the school account in Chromium, through the login
page of a real OpenID provider on 127.0.0.1 (tests/oidc), with passwords off at the school."""

import re

import pytest
from sqlalchemy import select

from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, PASSWORD, running_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def school_with_sso(live_app, live_server):
    from incidents.auth.models import User
    from incidents.extensions import db
    from incidents.schools.models import School
    from incidents.sso.operations import ProviderSettings, save_provider

    with running_provider([f"{live_server}/sso/callback"]) as issuer:
        with live_app.app_context():
            school = db.session.scalar(select(School).where(School.code == "DEMO-VO"))
            admin = db.session.scalar(select(User).where(User.email == "admin@demo.meldpunt.nl"))
            settings = ProviderSettings(
                label="Schoolaccount Demo",
                issuer=issuer,
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                allowed_domains=["demo.meldpunt.nl"],
                enabled=True,
                local_passwords_off=True,
            )
            save_provider(school, settings, admin)
            db.session.commit()
            db.session.remove()
        yield issuer


def test_sign_in_through_the_providers_login_page(chromium_page, live_server, school_with_sso):
    page = chromium_page
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "coordinator@demo.meldpunt.nl")
    page.fill("input[name=password]", "demo")
    page.click("form button[type=submit]")
    assert "Uw school laat u inloggen met uw schoolaccount" in page.inner_text("main")

    page.click("a:has-text('Schoolaccount Demo')")
    page.wait_for_url(re.compile(r"^" + re.escape(school_with_sso) + r"/interaction/"))
    page.fill("input[name=login]", "coordinator")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r"^" + re.escape(live_server) + r"/$"))
    assert "Karin Coördinator" in page.inner_text("header")
