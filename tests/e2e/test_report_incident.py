"""End to end: the demo mentor logs an incident with two pupils and a screenshot."""

import hashlib
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser


def _two_pupils(app):
    """Two pupils of the first demo school with different names: (id, full name, text to type)."""
    from sqlalchemy import select

    from incidents.extensions import db
    from incidents.people.models import Person
    from incidents.schools.models import School

    with app.app_context():
        school = db.session.scalar(select(School).where(School.name == "Demo College"))
        pupils = db.session.scalars(
            select(Person).where(Person.school_id == school.id, Person.kind == "pupil").order_by(Person.id)
        ).all()
        chosen, names = [], set()
        for p in pupils:
            if p.full_name not in names:
                chosen.append((p.id, p.full_name, f"{p.first_name} {p.last_name[:3]}"))
                names.add(p.full_name)
            if len(chosen) == 2:
                break
        db.session.remove()
    assert len(chosen) == 2, "the demo data should hold at least two differently named pupils"
    return chosen


def _screenshot_png():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 640), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 360, 56), fill=(7, 94, 84))
    draw.text((16, 20), "Groepschat 2B", fill="white")
    draw.rounded_rectangle((16, 80, 300, 130), radius=10, fill=(220, 248, 198))
    draw.text((28, 98), "niemand wil jou hier", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _wait_for(page, url_pattern, what):
    """Wait for a redirect; on failure, report the form errors the page shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_url(url_pattern)
    except PlaywrightTimeoutError:
        errors = page.locator(".error").all_inner_texts()
        pytest.fail(f"{what}: still on {page.url}; errors shown: {errors or page.inner_text('body')[:2000]}")


def test_mentor_reports_incident_with_two_pupils_and_screenshot(chromium_page, live_app, live_server, tmp_path):
    page = chromium_page
    (target_id, target_name, target_typed), (other_id, other_name, other_typed) = _two_pupils(live_app)
    png = _screenshot_png()
    screenshot = tmp_path / "schermafbeelding.png"
    screenshot.write_bytes(png)

    # Sign in (Dutch interface by default).
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "mentor@demo.meldpunt.nl")
    page.fill("input[name=password]", "demo")
    page.click("form button[type=submit]")
    _wait_for(page, re.compile(r"/(\?.*)?$"), "signing in failed")

    # The incident form.
    page.goto(f"{live_server}/cases/new")
    page.select_option("select[name=category]", "bullying")
    page.select_option("select[name=platform]", "whatsapp")
    yesterday = datetime.now(ZoneInfo("Europe/Amsterdam")) - timedelta(days=1)
    page.fill("input[name=occurred_at]", yesterday.strftime("%Y-%m-%dT14:30"))
    page.select_option("select[name=severity]", "high")
    page.fill(
        "textarea[name=description]",
        "In de groepsapp van de klas is een leerling buitengesloten en uitgescholden.",
    )

    # Two pupils, each found by typing part of the name.
    for index, (person_id, typed, role) in enumerate(
        ((target_id, target_typed, "target"), (other_id, other_typed, "perpetrator"))
    ):
        page.fill("#person-search", "")
        page.type("#person-search", typed, delay=20)
        page.click(f"#person-results li[data-person-id='{person_id}']")
        page.wait_for_selector(f"input[name='involved-{index}-person_id'][value='{person_id}']", state="attached")
        page.select_option(f"select[name='involved-{index}-role']", role)

    page.set_input_files("input[name=files]", str(screenshot))
    page.fill("textarea[name=links]", "https://chat.whatsapp.com/voorbeeld")
    page.click("#case-form button[type=submit]")

    # The case page.
    _wait_for(page, re.compile(r"/cases/\d+$"), "saving the incident failed")
    reference = page.inner_text(".reference").strip()
    assert re.fullmatch(r"\d{4}-\d{4}", reference), reference
    body = page.inner_text("body")
    assert target_name in body
    assert other_name in body
    hashes = [h.strip() for h in page.locator("code.hash").all_inner_texts()]
    assert hashlib.sha256(png).hexdigest() in hashes, hashes
