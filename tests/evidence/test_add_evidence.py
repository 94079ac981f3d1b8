"""Adding evidence to an existing case, and what the case page shows of it."""

import hashlib
import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from incidents.audit.models import AuditEvent
from incidents.evidence.models import Evidence
from incidents.extensions import db
from tests.evidence.helpers import upload
from tests.helpers import EN, jpeg_bytes, pdf_bytes, png_bytes, windows_executable_bytes


def count_evidence():
    return db.session.scalar(select(func.count(Evidence.id)))


def test_mentor_adds_file_and_link_with_capture_details(client, login, world):
    login(world.mentor)
    png = png_bytes()
    response = upload(client, world.case.id, files=[(png, "scherm.png")], links="https://x.com/a/status/1")
    assert response.status_code == 302
    rows = db.session.scalars(select(Evidence).order_by(Evidence.id)).all()
    file_row, link_row = rows
    assert file_row.kind == "file" and file_row.sha256 == hashlib.sha256(png).hexdigest()
    assert file_row.size == len(png) and file_row.content_type == "image/png"
    assert file_row.original_name == "scherm.png"
    assert file_row.platform == "instagram" and file_row.url == "https://www.instagram.com/p/abc/"
    # 20:30 in Amsterdam (winter time) is 19:30 UTC.
    assert file_row.captured_at == datetime(2026, 11, 15, 19, 30, tzinfo=UTC)
    assert file_row.added_by_id == world.mentor.id
    assert link_row.kind == "link" and link_row.url == "https://x.com/a/status/1"
    assert link_row.captured_at == file_row.captured_at
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.add")).detail
        == f"evidence {file_row.id},{link_row.id}"
    )


def test_case_page_shows_full_hash_and_custody_details(client, login, world):
    login(world.mentor)
    pdf = pdf_bytes()
    upload(client, world.case.id, files=[(pdf, "brief.pdf")])
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    digest = hashlib.sha256(pdf).hexdigest()
    assert f'data-sha256="{digest}">{digest}</code>' in page
    assert f'data-size="{len(pdf)}"' in page
    assert "application/pdf" in page and "Instagram" in page
    assert "https://www.instagram.com/p/abc/" in page
    assert world.mentor.name in page


def test_report_form_stores_source_url_and_capture_time_on_files(client, login, world, make_person):
    login(world.mentor)
    pupil = make_person(world.school)
    response = client.post(
        "/cases/new",
        data={
            "category": "bullying",
            "platform": "tiktok",
            "occurred_at": "2026-11-14T10:00",
            "severity": "medium",
            "description": "Filmpje zonder toestemming geplaatst",
            "involved-0-person_id": pupil.id,
            "involved-0-role": "target",
            "captured_at": "2026-11-14T11:00",
            "source_url": "https://www.tiktok.com/@a/video/1",
            "files": [(io.BytesIO(jpeg_bytes()), "a.jpg")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    row = db.session.scalar(select(Evidence))
    assert (row.platform, row.url) == ("tiktok", "https://www.tiktok.com/@a/video/1")
    assert row.captured_at == datetime(2026, 11, 14, 10, 0, tzinfo=UTC)


def test_renamed_executable_refused_and_nothing_saved(client, login, world):
    login(world.mentor)
    response = upload(
        client, world.case.id, files=[(windows_executable_bytes(), "foto.png")], links="https://example.org/post"
    )
    assert response.status_code == 200
    assert "Only images (PNG, JPEG, GIF, WebP), PDF and MP4 files can be added" in response.get_data(as_text=True)
    assert count_evidence() == 0


def test_nothing_to_add_and_bad_addresses_are_refused(client, login, world):
    login(world.mentor)
    page = upload(client, world.case.id).get_data(as_text=True)
    assert "Add at least one file or link." in page
    page = upload(client, world.case.id, links="javascript:alert(1)", source_url="ftp://x").get_data(as_text=True)
    assert "Not a web address: javascript:alert(1)" in page and "Not a web address: ftp://x" in page
    page = upload(client, world.case.id, links="https://example.org/a", captured_at="2026-12-01T10:00").get_data(
        as_text=True
    )
    assert "This moment lies in the future." in page
    assert count_evidence() == 0


def test_who_may_add(client, login, world, make_user, make_person, make_case):
    case = world.case
    login(world.coordinator)
    assert upload(client, case.id, links="https://example.org/1").status_code == 302
    # A mentor who neither reported the case nor mentors the pupil does not see it.
    login(make_user("mentor", world.school))
    assert upload(client, case.id, links="https://example.org/2").status_code == 404
    login(make_user("admin", world.school))
    assert upload(client, case.id, links="https://example.org/3").status_code == 403
    login(make_user("director", world.other_school))
    assert upload(client, case.id, links="https://example.org/4").status_code == 404
    assert client.get(f"/cases/{case.id}/evidence/new").status_code == 404
    assert count_evidence() == 1


def test_evidence_rows_are_write_once(app, world, client, login):
    login(world.mentor)
    upload(client, world.case.id, links="https://example.org/1")
    row = db.session.scalar(select(Evidence))
    row.url = "https://example.org/other"
    try:
        db.session.flush()
    except RuntimeError as error:
        assert "write-once" in str(error)
    else:
        raise AssertionError("evidence was changed")
    db.session.rollback()
