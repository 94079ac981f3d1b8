"""Attachment downloads: streamed as attachments, nosniff, audited, 404 outside the user's reach."""

from sqlalchemy import select

from incidents.correspondence.models import Attachment
from incidents.evidence.storage import path_for
from incidents.extensions import db
from tests.correspondence.helpers import audits
from tests.helpers import pdf_bytes, png_bytes, upload


def add_attachment(client, login, world, case, user, data=None, name="brief.pdf"):
    login(user)
    person = next(i.person for i in case.involvements if i.person.kind == "pupil")
    response = client.post(
        f"/cases/{case.id}/correspondence/new",
        content_type="multipart/form-data",
        data={
            "kind": "letter",
            "direction": "in",
            "occurred_on": "2026-11-12",
            "subject": "Brief van ouders",
            "concerns": [str(person.id)],
            "files": [upload(data or pdf_bytes(), name)],
        },
    )
    assert response.status_code == 302
    return db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()


def test_download_is_an_attachment_with_nosniff_and_is_audited(client, login, world):
    attachment = add_attachment(client, login, world, world.case, world.mentor, png_bytes(), "scherm afdruk.png")
    response = client.get(f"/correspondence/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.data == png_bytes()
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "scherm" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    streamed = client.get(f"/correspondence/attachments/{attachment.id}", buffered=False)
    assert streamed.is_streamed  # blocks from the file, not one bytes object in memory
    streamed.close()
    event = audits("attachment.downloaded")[0]
    assert (event.object_type, event.object_id, event.user_id) == (
        "correspondence_attachments",
        attachment.id,
        world.mentor.id,
    )
    assert event.school_id == world.school.id and "scherm" not in (event.detail or "")


def test_other_school_invisible_case_and_bad_ids_are_404(client, login, world):
    other = add_attachment(client, login, world, world.other_case, world.other_director)
    hidden = add_attachment(client, login, world, world.hidden_case, world.director)

    login(world.director)
    assert client.get(f"/correspondence/attachments/{other.id}").status_code == 404
    login(world.mentor)  # same school, but a case the mentor may not see
    assert client.get(f"/correspondence/attachments/{hidden.id}").status_code == 404
    for bad in ("999999", "..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "-1", "1.0", path_for(hidden.sha256).name):
        assert client.get(f"/correspondence/attachments/{bad}").status_code == 404, bad
    login(world.admin)
    assert client.get(f"/correspondence/attachments/{hidden.id}").status_code == 403
    assert audits("attachment.downloaded") == []


def test_missing_or_tampered_hash_is_404(client, login, world):
    attachment = add_attachment(client, login, world, world.case, world.mentor)
    attachment.sha256 = "../../../../etc/passwd"
    db.session.commit()
    assert client.get(f"/correspondence/attachments/{attachment.id}").status_code == 404
    attachment.sha256 = "0" * 64  # a well-formed hash that is not stored
    db.session.commit()
    assert client.get(f"/correspondence/attachments/{attachment.id}").status_code == 404
