"""The access-request export: one PDF of a pupil's file, other pupils pseudonymised, audited."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from incidents.cases.models import Case
from incidents.extensions import db
from tests.correspondence.helpers import audits, record
from tests.helpers import EN, pdf_bytes, upload


def pdf_text(response):
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    reader = PdfReader(io.BytesIO(response.data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def filed(world):
    case = db.session.get(Case, world.case.id)
    case.description = "Sem Bakker stuurde Femke dreigende berichten; sem deed dat vaker. Noah Visser keek mee."
    db.session.commit()
    sem_parent = world.sem.parents[0]  # "Ouder0 Bakker"
    record(
        world.case,
        world.mentor,
        [world.femke, world.sem],
        kind="letter",
        occurred_on=date(2026, 11, 12),
        subject="Gesprek over Sem",
        sender="Mentor Mies",
        recipient=f"{sem_parent.full_name}",
        body=f"Femke de Vries en Sem Bakker zijn gehoord. {sem_parent.full_name} was aanwezig. Karin Smit notuleerde.",
    )
    record(
        world.case,
        world.mentor,
        [world.femke],
        kind="phone",
        occurred_on=date(2026, 11, 13),
        subject="Moeder van Femke gebeld",
        body="Moeder Ouder0 de Vries is geïnformeerd over BAKKER.",
    )
    record(world.hidden_case, world.director, [world.sem], subject="Alleen voor Sem", body="Niet voor Femke.")
    return world


def export(client, world, person=None, headers=None):
    return client.post(f"/people/{(person or world.femke).id}/file/export", headers=headers or {})


def test_dutch_pdf_pseudonymises_other_pupils(client, login, filed):
    login(filed.coordinator)
    text = pdf_text(export(client, filed))
    assert "leerling A" in text
    for name in ("Sem", "Bakker", "BAKKER", "Noah", "Visser"):
        assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), name
    assert "Femke de Vries" in text and "Ouder0 de Vries" in text  # the pupil and her own parent
    assert "Karin Smit" in text and "Mentor Mies" in text  # staff names may stay
    assert "Gesprek over leerling A" in text and "Niet voor Femke" not in text
    assert filed.case.reference in text


def test_english_pdf_labels_and_parents(client, login, filed):
    login(filed.director)
    text = pdf_text(export(client, filed, headers=EN))
    # Sem appears first (in the case's people), Noah later in the description.
    assert "pupil A (Alleged perpetrator)" in text
    assert "pupil A stuurde Femke dreigende berichten; pupil A deed dat vaker. pupil B keek mee." in text
    assert "parent of pupil A was aanwezig" in text and "To parent of pupil A" in text
    assert "Ouder0 Bakker" not in text and "Sem" not in text
    assert "Moeder Ouder0 de Vries is geïnformeerd over pupil A." in text
    assert "Filed in the file of Femke de Vries, pupil A" in text


def test_export_is_audited_with_ids_only(client, login, filed):
    login(filed.coordinator)
    export(client, filed)
    [event] = audits("file.exported")
    assert (event.object_type, event.object_id, event.user_id) == ("people", filed.femke.id, filed.coordinator.id)
    assert event.detail.startswith(f"cases={filed.case.id};records=")
    assert not re.search(r"[A-Za-z]{3,}", event.detail.replace("cases", "").replace("records", ""))


def test_export_access(client, login, world):
    login(world.mentor)
    assert export(client, world).status_code == 403
    login(world.admin)
    assert export(client, world).status_code == 403
    login(world.director)
    assert export(client, world, world.teacher).status_code == 404  # pupils only
    assert export(client, world, world.femke.parents[0]).status_code == 404
    login(world.other_director)
    assert export(client, world).status_code == 404
    assert client.get(f"/people/{world.femke.id}/file/export").status_code == 405
    assert audits("file.exported") == []


def test_file_page_offers_the_export_to_managers_only(client, login, world):
    login(world.coordinator)
    assert "data-export" in client.get(f"/people/{world.femke.id}/file").get_data(as_text=True)
    login(world.mentor)
    assert "data-export" not in client.get(f"/people/{world.femke.id}/file").get_data(as_text=True)


def test_attachment_names_are_listed_and_pseudonymised(client, login, world):
    login(world.mentor)
    client.post(
        f"/cases/{world.case.id}/correspondence/new",
        content_type="multipart/form-data",
        data={
            "kind": "letter",
            "direction": "in",
            "occurred_on": "2026-11-12",
            "subject": "Scan",
            "concerns": [str(world.femke.id)],
            "files": [upload(pdf_bytes(), "verklaring Sem Bakker.pdf")],
        },
    )
    login(world.director)
    text = pdf_text(export(client, world, headers=EN))
    assert "verklaring pupil A.pdf" in text and "Bakker" not in text
