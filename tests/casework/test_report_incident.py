"""Logging an incident through the browser form."""

import hashlib
import io
from datetime import UTC

from sqlalchemy import select

from incidents.cases.models import Case
from incidents.evidence.models import Evidence
from incidents.extensions import db
from tests.helpers import EN, count, jpeg_bytes, pdf_bytes, png_bytes, windows_executable_bytes


def form_data(*people, **overrides):
    data = {
        "category": "bullying",
        "platform": "instagram",
        "occurred_at": "2026-11-15T20:30",
        "severity": "high",
        "description": "Er is een gemeen filmpje gedeeld in de klassengroep.",
        "links": "https://www.instagram.com/p/abc123",
    }
    for i, (person, role) in enumerate(people):
        data[f"involved-{i}-person_id"] = str(person.id)
        data[f"involved-{i}-role"] = role
    data.update(overrides)
    return data


def test_mentor_reports_incident_with_people_and_evidence(
    client, make_school, make_user, make_person, login, frozen_clock
):
    school = make_school()
    mentor = make_user("mentor", school)
    target, bully = make_person(school), make_person(school)
    login(mentor)
    png = png_bytes()
    data = form_data((target, "target"), (bully, "perpetrator"))
    data["files"] = [(io.BytesIO(png), "screenshot.png"), (io.BytesIO(pdf_bytes()), "chat.pdf")]
    response = client.post("/cases/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2026-0001" in page
    assert target.full_name in page and bully.full_name in page
    assert hashlib.sha256(png).hexdigest() in page
    case = db.session.scalar(select(Case))
    assert case.reported_by_id == mentor.id and case.state == "reported"
    kinds = sorted((e.kind, e.content_type) for e in case.evidence)
    assert kinds == [("file", "application/pdf"), ("file", "image/png"), ("link", None)]


def test_reference_numbers_count_per_school_and_year(
    client, make_school, make_user, make_person, make_case, frozen_clock
):
    from datetime import datetime

    first, second = make_school(), make_school()
    u1, u2 = make_user("mentor", first), make_user("mentor", second)
    p1, p2 = make_person(first), make_person(second)
    refs = [
        make_case(first, u1, [(p1, "target")]).reference,
        make_case(first, u1, [(p1, "target")]).reference,
        make_case(second, u2, [(p2, "target")]).reference,
    ]
    frozen_clock(datetime(2027, 1, 2, 9, 0, tzinfo=UTC))
    refs.append(make_case(first, u1, [(p1, "target")]).reference)
    assert refs == ["2026-0001", "2026-0002", "2026-0001", "2027-0001"]


def test_invalid_form_shows_errors_next_to_fields_and_keeps_input(client, make_school, make_user, make_person, login):
    school = make_school()
    login(make_user("mentor", school))
    pupil = make_person(school, first_name="Femke")
    data = form_data((pupil, "witness"), category="", description="kort", occurred_at="2099-01-01T10:00")
    response = client.post("/cases/new", data=data, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This moment lies in the future." in html
    assert "Field must be between 10 and 20000 characters long." in html
    assert "kort</textarea>" in html  # what the user typed is kept
    assert "Femke" in html and 'value="witness" selected' in html
    assert count(Case) == 0


def test_incident_without_people_is_refused(client, make_school, make_user, login):
    school = make_school()
    login(make_user("mentor", school))
    response = client.post("/cases/new", data=form_data(), headers=EN)
    assert "Add at least one person involved." in response.get_data(as_text=True)
    assert count(Case) == 0


def test_person_of_another_school_cannot_be_involved(client, make_school, make_user, make_person, login):
    mine, other = make_school(), make_school()
    login(make_user("mentor", mine))
    stranger = make_person(other)
    response = client.post("/cases/new", data=form_data((stranger, "target")), headers=EN)
    assert "Choose people of this school from the list." in response.get_data(as_text=True)
    assert count(Case) == 0


def test_renamed_executable_is_refused_and_nothing_saved(client, make_school, make_user, make_person, login):
    school = make_school()
    login(make_user("mentor", school))
    data = form_data((make_person(school), "target"))
    data["files"] = [(io.BytesIO(windows_executable_bytes()), "screenshot.png")]
    response = client.post("/cases/new", data=data, content_type="multipart/form-data", headers=EN)
    assert "Only images (PNG, JPEG, GIF, WebP), PDF and MP4 files can be added" in response.get_data(as_text=True)
    assert count(Case) == 0 and count(Evidence) == 0


def test_oversized_file_gets_readable_413_and_nothing_saved(
    client, app, make_school, make_user, make_person, login, configure
):
    configure(MAX_UPLOAD_BYTES=50_000)
    school = make_school()
    login(make_user("mentor", school))
    data = form_data((make_person(school), "target"))
    data["files"] = [(io.BytesIO(png_bytes() + b"\0" * 60_000), "big.png")]
    response = client.post("/cases/new", data=data, content_type="multipart/form-data", headers=EN)
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
    assert count(Case) == 0


def test_evidence_download_is_an_attachment_with_nosniff(client, app, make_school, make_user, make_person, login):
    school = make_school()
    login(make_user("mentor", school))
    data = form_data((make_person(school), "target"))
    jpeg = jpeg_bytes()
    data["files"] = [(io.BytesIO(jpeg), "foto.jpg")]
    client.post("/cases/new", data=data, content_type="multipart/form-data")
    evidence = db.session.scalar(select(Evidence).where(Evidence.kind == "file"))
    response = client.get(f"/evidence/{evidence.id}/download")
    assert response.status_code == 200
    assert response.data == jpeg
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    stored = list(
        (app.config["STORAGE_ROOT"] and __import__("pathlib").Path(app.config["STORAGE_ROOT"])).rglob(evidence.sha256)
    )
    assert len(stored) == 1 and "static" not in str(stored[0])


def test_person_search_finds_by_part_of_name_within_school(client, make_school, make_user, make_person, login):
    mine, other = make_school(), make_school()
    login(make_user("mentor", mine))
    make_person(mine, first_name="Annelies", last_name="Verbeek")
    make_person(other, first_name="Annemarie", last_name="Verbeek")
    make_person(mine, kind="parent", first_name="Anneke", last_name="Verbeek")
    found = client.post("/people/search", json={"q": "nneli"}).get_json()
    assert [p["name"] for p in found] == ["Annelies Verbeek"]
    assert [p["name"] for p in client.post("/people/search", json={"q": "verbeek"}).get_json()] == ["Annelies Verbeek"]
    assert client.post("/people/search", json={"q": "%"}).get_json() == []
