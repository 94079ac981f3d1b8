"""Browser import: upload -> preview -> confirm, for admins only."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from incidents.extensions import db
from incidents.people.models import Person
from tests.helpers import EN
from tests.roster.conftest import PUPILS, csv_bytes


def upload(client, raw, complete=True, headers=None):
    data = {"file": (io.BytesIO(raw), "leerlingen.csv")}
    if complete:
        data["complete"] = "y"
    return client.post(
        "/admin/roster", data=data, content_type="multipart/form-data", headers={**EN, **(headers or {})}
    )


def token_of(client):
    with client.session_transaction() as session:
        return session["roster_upload"]["token"]


def pending_files(app):
    directory = Path(app.config["STORAGE_ROOT"]) / "roster-pending"
    return list(directory.glob("*.csv")) if directory.is_dir() else []


def pupils(school):
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(Person).where(Person.school_id == school.id, Person.kind == "pupil")
    )


@pytest.fixture
def admin_client(make_school, make_user, login):
    school = make_school()
    client = login(make_user("admin", school))
    return client, school


def test_upload_preview_confirm(app, admin_client, make_member, frozen_clock):
    client, school = admin_client
    make_member(school, "0999", first_name="Vertrokken")
    page = client.get("/admin/roster", headers=EN)
    assert page.status_code == 200 and b'id="roster-upload"' in page.data and b"roster.js" in page.data
    response = upload(client, csv_bytes(PUPILS, encoding="cp1252"))
    assert response.status_code == 302 and response.location.endswith("/admin/roster/preview")
    assert len(pending_files(app)) == 1
    preview = client.get("/admin/roster/preview", headers=EN)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    for name, value in {"added": 3, "changed": 0, "unchanged": 0, "left": 1, "groups": 2, "parents": 3}.items():
        assert f'data-count="{name}">{value}<' in html
    assert "Zoë" in html and "Vertrokken" in html
    assert pupils(school) == 1  # the preview is a dry run

    done = client.post("/admin/roster/import", data={"token": token_of(client)}, headers=EN, buffered=True)
    assert done.status_code == 302 and done.location.endswith("/admin/roster")
    assert pupils(school) == 4
    assert pending_files(app) == []  # removed once the response was done
    assert "Roster imported: 3 added, 0 changed, 0 unchanged, 1 marked as left." in client.get(
        "/admin/roster", headers=EN
    ).get_data(as_text=True)
    # The upload is gone: confirming again does nothing.
    again = client.post("/admin/roster/import", data={"token": "x" * 43}, headers=EN)
    assert again.status_code == 302 and again.location.endswith("/admin/roster")


def test_row_errors_are_shown_and_confirm_imports_nothing(admin_client):
    client, school = admin_client
    rows = [list(r) for r in PUPILS]
    rows[1][4] = "30-02-2012"
    rows[2][0] = "1001"
    upload(client, csv_bytes(rows, sep=","))
    html = client.get("/admin/roster/preview", headers=EN).get_data(as_text=True)
    assert 'data-errors="2"' in html
    assert re.search(r'data-row="3"><td>3</td><td>Geboortedatum &#39;30-02-2012&#39; is not a date', html)
    assert 'data-row="4"' in html and "appears more than once (also on row 2)" in html
    assert 'action="/admin/roster/import"' not in html  # no confirm button
    forced = client.post("/admin/roster/import", data={"token": token_of(client)}, headers=EN)
    assert forced.status_code == 422
    assert pupils(school) == 0


def test_a_wrong_token_does_not_import(admin_client):
    client, school = admin_client
    upload(client, csv_bytes(PUPILS))
    response = client.post("/admin/roster/import", data={"token": "A" * 43}, headers=EN)
    assert response.status_code == 302 and response.location.endswith("/admin/roster/preview")
    assert pupils(school) == 0


def test_cancel_discards_the_upload(app, admin_client):
    client, school = admin_client
    upload(client, csv_bytes(PUPILS))
    assert len(pending_files(app)) == 1
    response = client.post("/admin/roster/cancel", data={"token": token_of(client)}, headers=EN)
    assert response.status_code == 302
    assert pending_files(app) == []
    assert client.get("/admin/roster/preview").status_code == 302
    assert pupils(school) == 0


def test_xhr_upload_answers_json_for_the_progress_script(admin_client):
    client, _school = admin_client
    headers = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}
    ok = upload(client, csv_bytes(PUPILS), headers=headers)
    assert ok.status_code == 200 and ok.get_json() == {"next": "/admin/roster/preview"}
    missing = client.post("/admin/roster", data={}, content_type="multipart/form-data", headers={**headers, **EN})
    assert missing.status_code == 400 and missing.get_json() == {"errors": ["Choose a CSV file."]}


def test_a_partial_upload_marks_nobody_left(admin_client, make_member, frozen_clock):
    client, school = admin_client
    stays = make_member(school, "0999")
    upload(client, csv_bytes(PUPILS), complete=False)
    assert 'data-count="left">0<' in client.get("/admin/roster/preview", headers=EN).get_data(as_text=True)
    client.post("/admin/roster/import", data={"token": token_of(client)})
    db.session.expire_all()
    assert db.session.get(Person, stays.id).left_on is None and pupils(school) == 4


def test_an_upload_belongs_to_its_school(make_school, make_user, login):
    school, other = make_school(), make_school()
    client = login(make_user("admin", school, other))
    upload(client, csv_bytes(PUPILS))
    client.post("/switch-school", data={"school_id": other.id})
    assert client.get("/admin/roster/preview").status_code == 302
    assert client.post("/admin/roster/import", data={"token": token_of(client)}).status_code == 302
    assert pupils(school) == 0 and pupils(other) == 0


@pytest.mark.parametrize("role", ["mentor", "coordinator", "director"])
def test_only_admins_import(make_school, make_user, login, role):
    school = make_school()
    client = login(make_user(role, school))
    assert client.get("/admin/roster").status_code == 403
    assert upload(client, csv_bytes(PUPILS)).status_code == 403
    assert client.get("/admin/roster/preview").status_code == 403
    assert client.post("/admin/roster/import", data={"token": "x"}).status_code == 403
    assert client.post("/admin/roster/cancel", data={"token": "x"}).status_code == 403
    assert pupils(school) == 0


def test_signed_out_users_go_to_login(client):
    assert client.get("/admin/roster").status_code == 302


def test_admin_nav_links_to_the_import(admin_client):
    client, _school = admin_client
    assert b'href="/admin/roster"' in client.get("/admin/users").data


def test_a_partial_upload_with_a_past_leaving_date_previews_and_imports(admin_client, frozen_clock):
    """Issue 12, point 12: the preview of a changed row used to be a 500 (`map(field_label)`)."""
    client, school = admin_client
    upload(client, csv_bytes(PUPILS))
    client.post("/admin/roster/import", data={"token": token_of(client)}, headers=EN)
    leaving = [list(PUPILS[2])]
    leaving[0][6] = "01-09-2026"  # Uitschrijfdatum, before the frozen day
    upload(client, csv_bytes(leaving), complete=False)
    preview = client.get("/admin/roster/preview", headers=EN)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert 'data-count="changed">1<' in html and 'data-count="left">0<' in html
    assert "<td>left on</td>" in html
    assert "<td>vertrekdatum</td>" in client.get("/admin/roster/preview").get_data(as_text=True)
    done = client.post("/admin/roster/import", data={"token": token_of(client)}, headers=EN)
    assert done.status_code == 302 and done.location.endswith("/admin/roster")
    db.session.expire_all()
    people = {
        p.external_number: p
        for p in db.session.scalars(select(Person).where(Person.school_id == school.id, Person.kind == "pupil"))
    }
    assert people["1003"].left_on == date(2026, 9, 1)
    assert people["1001"].left_on is None and people["1002"].left_on is None
