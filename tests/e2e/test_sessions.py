"""End to end: a session cookie copied out of Chromium stops working once its session ends on the
server, by logout or by "sign out everywhere else" on the sessions page."""

import re

import pytest

from tests.e2e.browser import sign_in

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@demo.meldpunt.nl"


def second_browser(page):
    context = page.context.browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    return context


def with_copied_cookie(page, base):
    """Another browser holding a copy of `page`'s session cookie."""
    [cookie] = [c for c in page.context.cookies() if c["name"] == "session"]
    context = second_browser(page)
    context.add_cookies([{"name": "session", "value": cookie["value"], "url": base}])
    return context.new_page()


def test_a_copied_cookie_is_worthless_after_logout(chromium_page, live_server):
    page = chromium_page
    sign_in(page, live_server, COORDINATOR)
    thief = with_copied_cookie(page, live_server)
    thief.goto(f"{live_server}/")
    assert "/login" not in thief.url  # the copy works while the session lives

    page.click("header form[action='/logout'] button")
    page.wait_for_url(re.compile(r"/login$"))
    thief.goto(f"{live_server}/")
    assert "/login" in thief.url
    thief.context.close()


def test_sign_out_everywhere_else_from_the_sessions_page(chromium_page, live_server):
    page = chromium_page
    sign_in(page, live_server, COORDINATOR)
    other = second_browser(page).new_page()
    sign_in(other, live_server, COORDINATOR)

    page.click("header a[href='/account/sessions']")
    page.wait_for_url(re.compile(r"/account/sessions$"))
    assert page.locator("tbody tr").count() == 2
    assert page.locator("tbody tr[aria-current=true]").count() == 1
    page.click("button:has-text('Overal elders uitloggen')")
    page.wait_for_url(re.compile(r"/account/sessions$"))
    assert "Andere sessies uitgelogd: 1." in page.inner_text(".flash")
    assert page.locator("tbody tr").count() == 1

    other.goto(f"{live_server}/")
    assert "/login" in other.url
    page.goto(f"{live_server}/")
    assert "/login" not in page.url
    other.context.close()
