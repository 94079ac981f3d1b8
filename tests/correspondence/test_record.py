"""Recording correspondence on a case: fields, real attachments, refused files, filings."""

import re

from sqlalchemy import select

from incidents.correspondence.models import Attachment, Correspondence, Filing
from incidents.evidence.storage import object_store
from incidents.extensions import db
from tests.correspondence.helpers import audits
from tests.helpers import EN, count, jpeg_bytes, pdf_bytes, png_bytes, stored_bytes, upload, windows_executable_bytes


def form(world, **extra):
    data = {
        "kind": "letter",
        "direction": "out",
        "occurred_on": "2026-11-12",
        "sender": "Director Dirk",
        "recipient": "Ouders van Femke",
        "subject": "Uitnodiging gesprek",
        "body": "Graag nodigen wij u uit.",
        "concerns": [str(world.femke.id)],
    }
    data.update(extra)
    return data


def post(client, world, data, case=None):
    return client.post(
        f"/cases/{(case or world.case).id}/correspondence/new",
        data=data,
        headers=EN,
        content_type="multipart/form-data",
    )


def stored_files():
    return list(object_store().hashes())


def test_form_offers_people_and_parents_with_pupils_checked(client, login, world):
    login(world.mentor)
    html = client.get(f"/cases/{world.case.id}/correspondence/new", headers=EN).get_data(as_text=True)
    checked = set(re.findall(r'<input checked[^>]*value="(\d+)"', html)) | set(
        re.findall(r'<input[^>]*value="(\d+)"[^>]*checked', html)
    )
    assert checked == {str(world.femke.id), str(world.sem.id)}
    for person in (world.teacher, world.femke.parents[0], world.sem.parents[0]):
        assert f'value="{person.id}"' in html
    assert "parent of Femke de Vries" in html


def test_records_with_real_files_and_files_it_per_chosen_person(client, login, world):
    login(world.mentor)
    parent = world.femke.parents[0]
    response = post(
        client,
        world,
        form(
            world,
            concerns=[str(world.femke.id), str(parent.id)],
            files=[
                upload(png_bytes(), "scan.png"),
                upload(jpeg_bytes(), "foto.jpg"),
                upload(pdf_bytes(), "../../brief.pdf"),
            ],
        ),
    )
    assert response.status_code == 302
    item = db.session.scalars(select(Correspondence)).one()
    assert (item.kind, item.direction, item.subject, item.sender, item.purpose) == (
        "letter",
        "out",
        "Uitnodiging gesprek",
        "Director Dirk",
        "general",
    )
    assert sorted(f.person_id for f in item.filings) == sorted([world.femke.id, parent.id])
    assert [(a.filename, a.content_type) for a in item.attachments] == [
        ("scan.png", "image/png"),
        ("foto.jpg", "image/jpeg"),
        ("brief.pdf", "application/pdf"),
    ]
    for a in item.attachments:
        assert stored_bytes(a.sha256)[:4] in (png_bytes()[:4], jpeg_bytes()[:4], b"%PDF")
    assert [e.object_id for e in audits("correspondence.create")] == [item.id]

    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert "Uitnodiging gesprek" in page and "brief.pdf" in page
    assert f'data-attachment="{item.attachments[0].id}"' in page


def test_renamed_executable_is_refused_input_kept_nothing_saved(client, login, world):
    login(world.mentor)
    response = post(
        client,
        world,
        form(world, files=[upload(png_bytes(), "ok.png"), upload(windows_executable_bytes(), "screenshot.png")]),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "screenshot.png is not a PDF, PNG or JPEG file" in html
    assert 'value="Uitnodiging gesprek"' in html and "Graag nodigen wij u uit." in html
    assert count(Correspondence) == count(Attachment) == count(Filing) == 0
    assert stored_files() == []  # the good file was not stored either


def test_oversized_file_is_refused_with_the_limit(app, client, login, world, configure):
    configure(MAX_UPLOAD_BYTES=1024 * 1024)
    login(world.mentor)
    big = png_bytes(size=(1600, 1600)) + b"\0" * (1024 * 1024)
    response = post(client, world, form(world, files=[upload(big, "groot.png")]))
    assert response.status_code == 422
    assert "groot.png is larger than 1 MB" in response.get_data(as_text=True)
    assert count(Correspondence) == 0 and stored_files() == []


def test_too_many_files(app, client, login, world, configure):
    configure(MAX_UPLOAD_FILES=2)
    login(world.mentor)
    response = post(client, world, form(world, files=[upload(png_bytes(), f"{i}.png") for i in range(3)]))
    assert response.status_code == 422 and "Add at most 2 files." in response.get_data(as_text=True)
    assert count(Correspondence) == 0


def test_validation_errors_keep_input_and_save_nothing(client, login, world):
    login(world.mentor)
    response = post(
        client,
        world,
        form(world, concerns=[], subject="", occurred_on="2026-12-01", files=[upload(png_bytes(), "a.png")]),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose at least one person in whose file this is filed." in html
    assert "This date lies in the future." in html
    assert "This field is required." in html
    assert "Files are not kept when the form has errors; choose them again." in html
    assert "Graag nodigen wij u uit." in html and 'value="Ouders van Femke"' in html
    assert count(Correspondence) == 0 and stored_files() == []


def test_person_outside_the_case_cannot_be_chosen(client, login, world):
    login(world.mentor)
    response = post(client, world, form(world, concerns=[str(world.noah.id)]))
    assert response.status_code == 422
    assert count(Correspondence) == 0


def test_access(client, login, world):
    login(world.admin)
    assert client.get(f"/cases/{world.case.id}/correspondence/new").status_code == 403
    login(world.mentor)
    assert client.get(f"/cases/{world.hidden_case.id}/correspondence/new").status_code == 404
    assert client.get(f"/cases/{world.other_case.id}/correspondence/new").status_code == 404
    login(world.director)
    assert client.get(f"/cases/{world.other_case.id}/correspondence/new").status_code == 404
    assert post(client, world, form(world, concerns=[str(world.teacher.id)])).status_code == 302
    assert [f.person_id for f in db.session.scalars(select(Filing))] == [world.teacher.id]


def test_parent_contact_and_hearing_forms_take_attachments(client, login, world):
    from incidents.sanctions.operations import propose_sanction

    login(world.mentor)
    response = client.post(
        f"/cases/{world.case.id}/parent-contact",
        headers=EN,
        content_type="multipart/form-data",
        data={
            "form": "contact",
            "pupil_id": str(world.femke.id),
            "kind": "letter",
            "occurred_on": "2026-11-16",
            "note": "Brief meegegeven.",
            "files": [upload(pdf_bytes(), "brief-ouders.pdf")],
        },
    )
    assert response.status_code == 302
    contact = db.session.scalars(select(Correspondence).where(Correspondence.purpose == "parent_contact")).one()
    assert [a.filename for a in contact.attachments] == ["brief-ouders.pdf"]

    response = client.post(
        f"/cases/{world.case.id}/parent-contact",
        headers=EN,
        content_type="multipart/form-data",
        data={
            "form": "contact",
            "pupil_id": str(world.femke.id),
            "kind": "letter",
            "occurred_on": "2026-11-16",
            "note": "Nog een brief.",
            "files": [upload(windows_executable_bytes(), "brief.pdf")],
        },
    )
    assert response.status_code == 200 and "brief.pdf is not a PDF, PNG or JPEG file" in response.get_data(as_text=True)
    assert count(Correspondence) == 1

    sanction, _ = propose_sanction(world.case, world.director, "director", world.sem, "warning")
    db.session.commit()
    login(world.director)
    response = client.post(
        f"/sanctions/{sanction.id}/hearings",
        headers=EN,
        content_type="multipart/form-data",
        data={
            "party": "parents",
            "occurred_on": "2026-11-16",
            "report": "Ouders gehoord.",
            "files": [upload(png_bytes(), "verslag.png")],
        },
    )
    assert response.status_code == 302
    hearing = db.session.scalars(select(Correspondence).where(Correspondence.purpose == "hearing")).one()
    assert [a.filename for a in hearing.attachments] == ["verslag.png"]
