"""verify-evidence, the police export, and downloads that must not leak."""

import hashlib
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.correspondence.models import Attachment
from incidents.correspondence.operations import record_correspondence
from incidents.evidence.models import Evidence
from incidents.extensions import db
from tests.evidence.helpers import store, tamper, upload
from tests.helpers import jpeg_bytes, pdf_bytes, png_bytes, remove_stored


def verify(app, *args):
    return app.test_cli_runner().invoke(args=["verify-evidence", *args])


def evidence_files():
    return db.session.scalars(select(Evidence).where(Evidence.kind == "file").order_by(Evidence.id)).all()


@pytest.fixture
def with_files(client, login, world):
    login(world.mentor)
    upload(
        client,
        world.case.id,
        files=[(png_bytes(), "geheim-naam.png"), (pdf_bytes(), "brief.pdf")],
        links="https://example.org/post/1",
    )
    return evidence_files()


def test_verify_passes_on_intact_store(app, with_files):
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "2 records checked, 0 problems." in result.output


def test_tampered_file_is_reported_by_record_and_case(app, world, with_files):
    png_row = with_files[0]
    tamper(png_row.sha256)
    result = verify(app)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if line.startswith("MISMATCH"))
    assert f"evidence {png_row.id} " in line and world.case.reference in line and world.school.code in line
    assert hashlib.sha256(b"changed").hexdigest() in line
    assert "geheim-naam" not in result.output  # no personal content, only ids and codes
    assert f"evidence {with_files[1].id} " not in result.output


def test_missing_file_is_reported(app, with_files):
    pdf_row = with_files[1]
    remove_stored(pdf_row.sha256)
    result = verify(app)
    assert result.exit_code == 1
    assert f"MISSING  evidence {pdf_row.id} " in result.output


def test_correspondence_attachments_are_verified_too(app, world):
    stored = store(pdf_bytes())
    record = record_correspondence(
        world.case,
        world.coordinator,
        kind="letter",
        direction="out",
        occurred_on=world.case.occurred_at.date(),
        subject="Brief",
        concerns=[world.femke.id],
    )
    db.session.add(
        Attachment(
            correspondence_id=record.id,
            sha256=stored.sha256,
            size=stored.size,
            content_type=stored.content_type,
            filename="brief.pdf",
        )
    )
    db.session.commit()
    assert verify(app).exit_code == 0
    tamper(stored.sha256)
    attachment = db.session.scalar(select(Attachment))
    result = verify(app)
    assert result.exit_code == 1 and f"MISMATCH attachment {attachment.id} " in result.output


def test_school_option_limits_the_check(app, world, with_files, make_user, make_person, make_case, client, login):
    other_case = make_case(
        world.other_school, make_user("mentor", world.other_school), [(make_person(world.other_school), "target")]
    )
    login(make_user("coordinator", world.other_school))
    upload(client, other_case.id, files=[(jpeg_bytes(), "x.jpg")])
    other_row = db.session.scalar(select(Evidence).where(Evidence.case_id == other_case.id))
    tamper(other_row.sha256)
    assert verify(app, "--school", world.school.code).exit_code == 0
    result = verify(app, "--school", world.other_school.code)
    assert result.exit_code == 1 and f"evidence {other_row.id} " in result.output
    assert verify(app, "--school", "NOPE").exit_code == 2


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_export_zip_hashes_match_manifest(client, login, world, with_files):
    login(world.coordinator)
    response = client.post(f"/cases/{world.case.id}/evidence/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/zip"
    archive = _zip(response)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["case"] == world.case.reference
    assert manifest["exported_by"] == world.coordinator.name
    assert manifest["exported_at"].startswith("2026-11-16T09:00")
    files = [item for item in manifest["items"] if item["kind"] == "file"]
    assert len(files) == 2
    for item, row in zip(files, with_files, strict=True):
        assert (
            item["file_in_zip"]
            == f"{item['n']:03d}-{row.sha256[:12]}.{'png' if row.content_type == 'image/png' else 'pdf'}"
        )
        assert hashlib.sha256(archive.read(item["file_in_zip"])).hexdigest() == item["sha256"] == row.sha256
        assert item["verified"] == "match" and item["size"] == row.size
        assert item["added_by"] == world.mentor.name and item["platform"] == "instagram"
        assert item["url"] == "https://www.instagram.com/p/abc/"
    # The original name is in the manifest, never a path in the ZIP.
    assert files[0]["original_name"] == "geheim-naam.png"
    assert not any("geheim" in name for name in archive.namelist())
    links = [item for item in manifest["items"] if item["kind"] == "link"]
    assert links[0]["url"] == "https://example.org/post/1"
    text = archive.read("manifest.txt").decode()
    assert world.case.reference in text and with_files[0].sha256 in text
    assert with_files[1].sha256 in archive.read("manifest.csv").decode()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.exported"))
    assert event.object_id == world.case.id
    assert event.detail == "evidence " + ",".join(
        str(row.id) for row in db.session.scalars(select(Evidence).order_by(Evidence.id))
    )


def test_export_flags_tampered_and_missing_files(client, login, world, with_files):
    tamper(with_files[0].sha256)
    remove_stored(with_files[1].sha256)
    login(world.director)
    manifest = json.loads(_zip(client.post(f"/cases/{world.case.id}/evidence/export")).read("manifest.json"))
    assert [item["verified"] for item in manifest["items"]] == ["MISMATCH", "missing", None]


def test_original_name_with_path_is_harmless(client, login, world):
    login(world.mentor)
    upload(client, world.case.id, files=[(png_bytes(), "../../../etc/passwd.png")])
    login(world.coordinator)
    archive = _zip(client.post(f"/cases/{world.case.id}/evidence/export"))
    assert all("/" not in name and ".." not in name for name in archive.namelist())


def test_export_roles_and_other_school(client, login, world, with_files, make_user):
    url = f"/cases/{world.case.id}/evidence/export"
    login(world.coordinator)
    assert client.get(url).status_code == 405  # the export writes the timeline: never on a GET
    login(world.mentor)
    assert client.post(url).status_code == 403
    login(make_user("admin", world.school))
    assert client.post(url).status_code == 403
    login(make_user("coordinator", world.other_school))
    assert client.post(url).status_code == 404
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.exported")) is None


def test_case_page_offers_export_to_managers_only(client, login, world, with_files):
    login(world.mentor)
    assert "data-export" not in client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    login(world.coordinator)
    assert "data-export" in client.get(f"/cases/{world.case.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/evidence/../../etc/passwd/download",
        "/evidence/%2e%2e%2f%2e%2e%2fapp.py/download",
        "/evidence/..%2F..%2Fconfig.py/download",
        "/evidence/-1/download",
        "/evidence/999999/download",
        "/cases/..%2F1/evidence/export",
        "/cases/1%2F..%2F..%2Fapp.py/evidence/export",
    ],
)
def test_path_traversal_attempts_are_not_found(client, login, world, with_files, path):
    login(world.coordinator)
    assert client.get(path).status_code == 404


def test_download_of_other_school_is_not_found_and_link_has_no_file(client, login, world, with_files, make_user):
    login(make_user("director", world.other_school))
    assert client.get(f"/evidence/{with_files[0].id}/download").status_code == 404
    login(world.coordinator)
    link = db.session.scalar(select(Evidence).where(Evidence.kind == "link"))
    assert client.get(f"/evidence/{link.id}/download").status_code == 404
    response = client.get(f"/evidence/{with_files[0].id}/download")
    assert response.status_code == 200 and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
