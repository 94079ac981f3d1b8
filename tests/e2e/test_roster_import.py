"""End to end: the demo admin uploads a roster (progress bar via XMLHttpRequest), previews, imports."""

import re

import pytest

from tests.e2e.browser import sign_in
from tests.e2e.test_report_incident import _wait_for

pytestmark = pytest.mark.browser

ROSTER = (
    "\ufeffLeerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Klas;"
    "Ouder1 Naam;Ouder1 E-mail;Ouder1 Gezag\r\n"
    "E2E-1;Zoë;de;Vries;01-05-2012;1A;Jan de Vries;jan.e2e@example.org;ja\r\n"
    "E2E-2;Daniël;;Jansen;2012-03-04;Nieuwe klas;;;\r\n"
)


def test_admin_uploads_previews_and_imports_a_roster(chromium_page, live_app, live_server, tmp_path):
    from sqlalchemy import select

    from incidents.extensions import db
    from incidents.people.models import Person

    page = chromium_page
    roster = tmp_path / "leerlingen.csv"
    roster.write_bytes(ROSTER.encode("utf-8"))
    sign_in(page, live_server, "admin@demo.meldpunt.nl", lang="en")

    page.goto(f"{live_server}/admin/roster")
    page.uncheck("input[name=complete]")  # a partial file: leave the demo pupils alone
    page.set_input_files("input[name=file]", str(roster))
    page.click("#roster-upload button[type=submit]")
    _wait_for(page, re.compile(r"/admin/roster/preview$"), "the upload failed")
    assert page.inner_text("[data-count=added]") == "2"
    assert page.inner_text("[data-count=left]") == "0"
    assert "Zoë de Vries" in page.inner_text("body")

    page.click("#roster-confirm button.primary")
    _wait_for(page, re.compile(r"/admin/roster$"), "the import failed")
    assert "2 toegevoegd" in page.inner_text(".flash")  # the interface is Dutch first
    with live_app.app_context():
        names = set(db.session.scalars(select(Person.search_name).where(Person.external_number.like("E2E-%"))))
        db.session.remove()
    assert names == {"zoë de vries", "daniël jansen"}


def test_the_upload_shows_progress_then_processing(chromium_page, live_app, live_server, tmp_path):
    page = chromium_page
    roster = tmp_path / "leerlingen.csv"
    roster.write_bytes(ROSTER.encode("utf-8"))
    sign_in(page, live_server, "admin@demo.meldpunt.nl", lang="en")
    page.goto(f"{live_server}/admin/roster")
    assert page.locator("#roster-progress").is_hidden()
    # Hold the XMLHttpRequest's answer so the processing state can be seen.
    held = []
    page.route(
        "**/admin/roster", lambda route: held.append(route) if route.request.method == "POST" else route.continue_()
    )
    page.set_input_files("input[name=file]", str(roster))
    page.click("#roster-upload button[type=submit]")
    for _ in range(100):  # until the request is intercepted
        if held:
            break
        page.wait_for_timeout(50)
    assert page.locator("#roster-progress").is_visible()
    assert page.inner_text("#roster-progress .status") != ""
    assert page.locator("#roster-upload button[type=submit]").is_disabled()
    assert held and held[0].request.headers.get("x-requested-with") == "XMLHttpRequest"
    held[0].continue_()
    _wait_for(page, re.compile(r"/admin/roster/preview$"), "the upload failed")
