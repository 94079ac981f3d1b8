"""Dutch by default, English on request; dates in Dutch format, Europe/Amsterdam."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "nl" / "LC_MESSAGES" / "messages.mo"


@pytest.fixture(autouse=True)
def compiled_catalog():
    if not CATALOG.is_file():
        pytest.fail(f"{CATALOG} is missing: run `pybabel compile -d translations` (make test does this)")


def title_of(response):
    html = response.get_data(as_text=True)
    return html[html.index("<h1>") : html.index("</h1>")]


def test_dutch_is_the_default(client):
    response = client.get("/login")
    html = response.get_data(as_text=True)
    assert "Inloggen" in title_of(response)
    assert "Sign in" not in html
    assert 'lang="nl"' in html


def test_lang_parameter_switches_to_english_and_is_remembered(client):
    assert "Sign in" in title_of(client.get("/login?lang=en"))
    # No parameter now: the session remembers the choice, even against the browser's wish.
    response = client.get("/login", headers={"Accept-Language": "nl"})
    assert "Sign in" in title_of(response)
    assert 'lang="en"' in response.get_data(as_text=True)
    # And back again.
    assert "Inloggen" in title_of(client.get("/login?lang=nl"))
    assert "Inloggen" in title_of(client.get("/login", headers={"Accept-Language": "en"}))


def test_unknown_lang_parameter_is_ignored(client):
    assert "Inloggen" in title_of(client.get("/login?lang=xx"))
    assert "Sign in" in title_of(client.get("/login?lang=xx", headers={"Accept-Language": "en"}))


def test_accept_language_english_gives_english(client):
    assert "Sign in" in title_of(client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert "Inloggen" in title_of(client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}))
    assert "Inloggen" in title_of(client.get("/login", headers={"Accept-Language": "fr"}))


def _case_page(client, login, make_school, make_user, make_person, make_case, frozen_clock, when):
    school = make_school()
    user = make_user("director", school)
    frozen_clock(when)
    case = make_case(school, user, [(make_person(school), "target")])
    login(user)
    return case


def test_dates_are_dutch_in_amsterdam_time(client, login, make_school, make_user, make_person, make_case, frozen_clock):
    # 09:00 UTC in November (winter time, UTC+1) is 10:00 in Amsterdam; CLDR Dutch short format.
    case = _case_page(
        client,
        login,
        make_school,
        make_user,
        make_person,
        make_case,
        frozen_clock,
        datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
    )
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "16-11-2026, 10:00" in html
    assert "09:00" not in html
    assert "16-11-2026, 10:00" in client.get("/").get_data(as_text=True)
    english = client.get(f"/cases/{case.id}?lang=en").get_data(as_text=True)
    assert "16-11-2026, 10:00" not in english
    assert "16/11/2026, 10:00" in english


def test_summer_time_is_utc_plus_two(client, login, make_school, make_user, make_person, make_case, frozen_clock):
    case = _case_page(
        client,
        login,
        make_school,
        make_user,
        make_person,
        make_case,
        frozen_clock,
        datetime(2026, 6, 30, 22, 30, tzinfo=UTC),
    )
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    # 22:30 UTC on 30 June is already 1 July in Amsterdam.
    assert "01-07-2026, 00:30" in html
