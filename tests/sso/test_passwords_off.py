"""Local passwords off: the school's members sign in only through the provider."""

from urllib.parse import urlsplit

import requests

from incidents.extensions import db
from tests.helpers import EN, TEST_PASSWORD
from tests.sso.flow import sign_in

PASSWORDS_OFF = "Your school signs you in with your school account"


def password_login(client, user, password=TEST_PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password}, headers=EN)


def switch_passwords_off(sso):
    sso.provider.local_passwords_off = True
    db.session.commit()


def test_a_member_cannot_sign_in_with_a_password_but_can_through_the_provider(sso, client):
    switch_passwords_off(sso)
    refused = password_login(client, sso.world.coordinator)
    assert refused.status_code == 200 and PASSWORDS_OFF in refused.get_data(as_text=True)
    assert client.get("/", headers=EN).status_code == 302  # not signed in

    http, page = sign_in(sso.base, sso.world.school.code, "anna")
    assert "Coordinator Cor" in page.text


def test_a_wrong_password_does_not_reveal_that_passwords_are_off(sso, client):
    switch_passwords_off(sso)
    page = password_login(client, sso.world.coordinator, "wrong password!").get_data(as_text=True)
    assert PASSWORDS_OFF not in page and "Unknown e-mail address or wrong password." in page


def test_an_account_in_two_schools_is_held_to_the_stricter_one(sso, client, make_user):
    switch_passwords_off(sso)
    both = make_user("mentor", sso.world.other_school, sso.world.school)
    assert PASSWORDS_OFF in password_login(client, both).get_data(as_text=True)
    # A member of only the other school keeps the password.
    assert password_login(client, sso.world.other_director).status_code == 302


def test_passwords_stay_on_while_sso_is_on_but_not_switched_off(sso, client):
    assert password_login(client, sso.world.coordinator).status_code == 302


def test_the_login_page_offers_the_school_account(sso):
    page = requests.get(f"{sso.base}/login", headers=EN, timeout=10)
    assert "Het Baken (test)" in page.text
    assert f"/sso/start?school={sso.world.school.code}" in page.text
    assert urlsplit(page.url).path == "/login"
