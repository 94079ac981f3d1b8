"""Personnel-file records stay with the director, sanction records with the managers, even
where the case itself is visible to more people."""

import pytest
from sqlalchemy import select

from incidents.correspondence.models import Correspondence
from incidents.extensions import db
from tests.helpers import EN, pdf_bytes, upload


@pytest.fixture
def records(client, login, world):
    """Three records in the mentor-visible case: a general one (filed for Femke), one filed in
    the teacher's file, and a hearing report of a pupil's sanction; each with a PDF."""
    from incidents.sanctions.models import Sanction

    login(world.director)
    filed = {}
    for key, concerns in (("general", world.femke), ("personnel", world.teacher)):
        response = client.post(
            f"/cases/{world.case.id}/correspondence/new",
            content_type="multipart/form-data",
            data={
                "kind": "letter",
                "direction": "out",
                "occurred_on": "2026-11-12",
                "subject": f"Onderwerp {key}",
                "concerns": [str(concerns.id)],
                "files": [upload(pdf_bytes(), f"{key}.pdf")],
            },
            headers=EN,
        )
        assert response.status_code == 302
        filed[key] = db.session.scalars(select(Correspondence).order_by(Correspondence.id.desc())).first()
    sanction = Sanction(
        school_id=world.school.id,
        case_id=world.case.id,
        subject_id=world.sem.id,
        subject_kind="pupil",
        measure="removal",
        state="hearing",
        proposed_by_id=world.director.id,
    )
    db.session.add(sanction)
    db.session.commit()
    hearing = Correspondence(
        school_id=world.school.id,
        case_id=world.case.id,
        sanction_id=sanction.id,
        kind="hearing",
        direction="in",
        purpose="hearing",
        hearing_party="parents",
        occurred_on=filed["general"].occurred_on,
        subject="Onderwerp hoorzitting",
        created_by_id=world.director.id,
    )
    db.session.add(hearing)
    db.session.commit()
    filed["hearing"] = hearing
    return filed


def _case_page(client, world):
    return client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)


@pytest.mark.parametrize(
    "role, visible",
    [
        ("mentor", {"general"}),
        ("coordinator", {"general", "hearing"}),
        ("director", {"general", "hearing", "personnel"}),
    ],
)
def test_case_page_shows_only_the_records_the_role_may_read(client, login, world, records, role, visible):
    login(getattr(world, role))
    page = _case_page(client, world)
    shown = {key for key in records if f'data-correspondence="{records[key].id}"' in page}
    assert shown == visible
    assert ("Onderwerp personnel" in page) == ("personnel" in visible)


@pytest.mark.parametrize("role, status", [("mentor", 403), ("coordinator", 403), ("director", 200)])
def test_personnel_attachment_downloads_only_for_the_director(client, login, world, records, role, status):
    login(getattr(world, role))
    attachment = records["personnel"].attachments[0]
    assert client.get(f"/correspondence/attachments/{attachment.id}").status_code == status
    general = records["general"].attachments[0]
    assert client.get(f"/correspondence/attachments/{general.id}").status_code == 200


def test_pupil_file_leaves_out_what_the_role_may_not_read(client, login, world, records):
    # The hearing report filed in Sem's file: the coordinator reads it, the mentor's view of
    # the file (a case they can see) does not show it.
    db.session.add(records["hearing"])
    from incidents.correspondence.models import Filing

    db.session.add(Filing(correspondence_id=records["hearing"].id, person_id=world.sem.id))
    db.session.commit()
    login(world.coordinator)
    assert "Onderwerp hoorzitting" in client.get(f"/people/{world.sem.id}/file", headers=EN).get_data(as_text=True)
    login(world.mentor)
    response = client.get(f"/people/{world.sem.id}/file", headers=EN)
    assert "Onderwerp hoorzitting" not in response.get_data(as_text=True)


def test_sanction_notes_in_the_timeline_are_for_managers(client, login, world):
    from incidents.cases.models import CaseEvent
    from incidents.core import clock

    db.session.add(
        CaseEvent(
            case_id=world.case.id,
            actor_id=world.director.id,
            kind="sanction.propose",
            note="Karin Smit: summary_dismissal",
            at=clock.utc_now(),
        )
    )
    db.session.commit()
    login(world.mentor)
    assert "Karin Smit: Summary dismissal" not in _case_page(client, world)
    login(world.coordinator)
    assert "Karin Smit: Summary dismissal" in _case_page(client, world)
    # Nor does it go into the access-request export handed to parents.
    import io

    import pypdf

    login(world.director)
    response = client.post(f"/people/{world.femke.id}/file/export", headers=EN)
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "Femke" in text and "summary_dismissal" not in text and "Karin Smit:" not in text
