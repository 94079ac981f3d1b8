"""Downloads are named by the type the bytes were sniffed as when stored, not the uploader's extension."""

import pytest
from sqlalchemy import select

from incidents.correspondence.models import Attachment
from incidents.evidence.download import download_name
from incidents.evidence.models import Evidence
from incidents.extensions import db
from tests.evidence.helpers import upload
from tests.helpers import png_bytes
from tests.helpers import upload as file_field

POLYGLOT = png_bytes() + b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("x.html", "image/png", "x.png"),
        ("scherm afdruk.png", "image/png", "scherm afdruk.png"),
        ("foto.JPEG", "image/jpeg", "foto.JPEG"),
        ("foto.png", "image/jpeg", "foto.jpg"),
        ("brief", "application/pdf", "brief.pdf"),
        ("verslag.v2.svg", "image/png", "verslag.v2.png"),
        ("", "video/mp4", "download.mp4"),
        ("x.html", "text/html", "x.bin"),
    ],
)
def test_the_extension_follows_the_stored_type(name, content_type, expected):
    assert download_name(name, content_type) == expected


def assert_png_attachment(response, filename):
    assert response.status_code == 200 and response.data == POLYGLOT
    assert response.headers["Content-Type"] == "image/png"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename={filename}" in disposition
    assert ".html" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_png_html_polyglot_evidence_file_downloads_as_png(client, login, world):
    login(world.mentor)
    assert upload(client, world.case.id, files=[(POLYGLOT, "x.html")]).status_code == 302
    item = db.session.scalars(select(Evidence).where(Evidence.kind == "file")).one()
    assert item.content_type == "image/png" and item.original_name == "x.html"  # the record keeps what was given
    assert_png_attachment(client.get(f"/evidence/{item.id}/download"), "x.png")


def test_a_png_html_polyglot_attachment_downloads_as_png(client, login, world):
    login(world.mentor)
    person = next(i.person for i in world.case.involvements if i.person.kind == "pupil")
    response = client.post(
        f"/cases/{world.case.id}/correspondence/new",
        content_type="multipart/form-data",
        data={
            "kind": "letter",
            "direction": "in",
            "occurred_on": "2026-11-12",
            "subject": "Brief van ouders",
            "concerns": [str(person.id)],
            "files": [file_field(POLYGLOT, "x.html")],
        },
    )
    assert response.status_code == 302
    attachment = db.session.scalars(select(Attachment)).one()
    assert_png_attachment(client.get(f"/correspondence/attachments/{attachment.id}"), "x.png")
