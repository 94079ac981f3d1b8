"""Writing a letter from a case: preview saves nothing; filing makes correspondence, filings
and a PDF, and fulfils what the workflow asks for."""

import hashlib
from datetime import date

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.cases.facts import pupils_without_parent_contact
from incidents.cases.models import Case
from incidents.correspondence.models import Attachment, Correspondence, Filing
from incidents.evidence.storage import path_for
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.sanctions.operations import facts_for
from tests.helpers import EN, TODAY, count
from tests.letters.helpers import draft_fields, setup_data


def write(client, w, data):
    response = client.post(f"/cases/{w.case.id}/letters/new", data=data, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)
    return draft_fields(response.get_data(as_text=True))


def draft(client, w, data, subject, body, action):
    return client.post(
        f"/cases/{w.case.id}/letters/draft",
        headers=EN,
        data={**data, "subject": subject, "body": body, "action": action},
    )


def test_write_and_preview_save_nothing_and_show_the_edited_text(client, login, world):
    w = world()
    login(w.coordinator)
    assert client.get(f"/cases/{w.case.id}/letters/new", headers=EN).status_code == 200
    data = setup_data("parents_informed", concerns=w.pupil, recipient=w.parent)
    subject, body = write(client, w, data)
    assert "Geachte Ouder0 Visser" in body and "Bram Visser (klas 2B)" in body
    response = draft(client, w, data, subject, body + "\n\nPS: <script>alert(1)</script> extra zin.", "preview")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="preview"' in page and "extra zin." in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert count(Correspondence) == count(Attachment) == 0


def test_filing_creates_correspondence_filings_pdf_and_audit(client, login, world, app):
    w = world()
    login(w.coordinator)
    data = setup_data("parents_informed", concerns=w.pupil, recipient=w.parent)
    subject, body = write(client, w, data)
    response = draft(client, w, data, subject, body.replace("Met vriendelijke groet", "Hartelijke groet"), "file")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{w.case.id}#letters")

    record = db.session.scalar(select(Correspondence))
    assert (record.kind, record.direction, record.purpose, record.sanction_id) == (
        "letter",
        "out",
        "parent_contact",
        None,
    )
    assert (
        record.occurred_on == TODAY and record.recipient == w.parent.full_name and record.sender == w.coordinator.name
    )
    assert "Hartelijke groet" in record.body and record.subject == subject
    assert {f.person_id for f in db.session.scalars(select(Filing))} == {w.pupil.id, w.parent.id}
    (attachment,) = record.attachments
    stored = path_for(attachment.sha256).read_bytes()
    assert stored.startswith(b"%PDF-") and attachment.content_type == "application/pdf"
    assert hashlib.sha256(stored).hexdigest() == attachment.sha256 and len(stored) == attachment.size
    assert w.pupil.full_name not in attachment.filename
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "letter.filed"))
    assert event.object_id == record.id and event.detail == f"key=parents_informed attachment={attachment.id}"

    # Parents informed in writing: the case no longer lacks parent contact for the pupil.
    case = db.session.get(Case, w.case.id)
    assert pupils_without_parent_contact(case, TODAY) == ()

    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-correspondence="{record.id}"' in page and attachment.sha256 in page


def test_decision_letter_is_filed_as_the_sanction_decision_and_completes_its_followup(client, login, world, decided):
    w = world()
    sanction = decided(
        w,
        w.pupil,
        "suspension",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 19),
        state="objection_window",
        notified_on=TODAY,
        objection_deadline=date(2026, 12, 28),
    )
    notice = Followup(
        school_id=w.school.id,
        case_id=w.case.id,
        sanction_id=sanction.id,
        kind="notice:sanction_decision:parents",
        due_on=TODAY,
        assignee_role="coordinator",
    )
    other = Followup(
        school_id=w.school.id,
        case_id=w.case.id,
        sanction_id=sanction.id,
        kind="inform_inspectie",
        due_on=TODAY,
        assignee_role="director",
    )
    db.session.add_all([notice, other])
    db.session.commit()
    login(w.director)
    data = setup_data("suspension_decision", sanction=sanction, recipient=w.parent)
    subject, body = write(client, w, data)
    assert "28 december 2026" in body
    assert draft(client, w, data, subject, body, "file").status_code == 302
    record = db.session.scalar(select(Correspondence))
    assert (record.purpose, record.sanction_id) == ("decision", sanction.id)
    assert [a.filename for a in record.attachments] == [f"brief-{w.case.reference}-schorsingsbesluit.pdf"]
    assert db.session.get(Followup, notice.id).status == "done"
    assert db.session.get(Followup, other.id).status == "open"  # a decision letter is not the Inspectie letter


def test_inspectie_letter_through_the_real_workflow_lets_the_suspension_become_final(client, login, world):
    """Rule 2: a suspension over one day is final only once the Inspectie is told in writing."""
    w = world()
    login(w.coordinator)
    response = client.post(
        f"/cases/{w.case.id}/sanctions/new",
        headers=EN,
        data={
            "subject_id": str(w.pupil.id),
            "measure": "suspension",
            "start_date": "2026-11-17",
            "end_date": "2026-11-19",
            "justification": "Ernstig incident.",
        },
    )
    assert response.status_code == 302
    sanction_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    login(w.director)
    response = client.post(
        f"/sanctions/{sanction_id}/step",
        headers=EN,
        data={"event": "decide", "version": "1", "reasons": "Filmpje gedeeld zonder toestemming."},
    )
    assert response.status_code == 302
    from incidents.sanctions.models import Sanction

    sanction = db.session.get(Sanction, sanction_id)
    assert not facts_for(sanction).inspectie_informed

    data = setup_data("inspectie", sanction=sanction)
    subject, body = write(client, w, data)
    assert "Filmpje gedeeld zonder toestemming." in body
    assert draft(client, w, data, subject, body, "file").status_code == 302
    record = db.session.scalar(select(Correspondence))
    assert record.recipient == "Inspectie van het Onderwijs" and record.sanction_id == sanction_id
    assert {f.person_id for f in record.filings} == {w.pupil.id}
    db.session.expire_all()
    assert facts_for(db.session.get(Sanction, sanction_id)).inspectie_informed


def test_letter_needs_a_fitting_sanction_and_hearing_fields(client, login, world, decided):
    w = world()
    proposed = decided(w, w.pupil, "suspension", state="proposed", decided_on=None)
    staff_reprimand = decided(w, w.staff, "reprimand")
    login(w.director)
    cases = [
        (setup_data("suspension_decision", concerns=w.pupil, recipient=w.parent), "sanction_id"),  # none chosen
        (setup_data("suspension_decision", sanction=proposed, recipient=w.parent), "sanction_id"),  # not decided
        (setup_data("suspension_decision", sanction=staff_reprimand, recipient=w.staff), "sanction_id"),
        (setup_data("hearing_invitation", concerns=w.pupil, recipient=w.parent), "hearing_date"),
        (setup_data("parents_informed", concerns=w.pupil), "recipient_id"),  # no addressee at all
    ]
    for data, field in cases:
        response = client.post(f"/cases/{w.case.id}/letters/new", data=data, headers=EN)
        assert response.status_code == 422, (data, field)
        assert f'name="{field}"' in response.get_data(as_text=True)
    # A tampered draft (person of another case) is refused, nothing filed.
    data = setup_data("parents_informed", concerns=w.pupil, recipient=w.parent)
    data["recipient_id"] = "999999"
    assert draft(client, w, data, "Onderwerp", "Tekst", "file").status_code == 422
    assert count(Correspondence) == 0


def test_roles_and_schools(client, login, world):
    w = world()
    other = world()
    data = setup_data("parents_informed", concerns=w.pupil, recipient=w.parent)
    # The admin edits templates but does not write letters from a case (no case content).
    login(w.admin)
    assert client.get(f"/cases/{w.case.id}/letters/new", headers=EN).status_code == 403
    assert draft(client, w, data, "x", "y", "file").status_code == 403
    # A mentor sees the case but writes no letters (decision letters least of all).
    login(w.mentor)
    assert client.get(f"/cases/{w.case.id}", headers=EN).status_code == 200
    assert client.get(f"/cases/{w.case.id}/letters/new", headers=EN).status_code == 403
    assert (
        draft(
            client, w, setup_data("suspension_decision", concerns=w.pupil, recipient=w.parent), "x", "y", "file"
        ).status_code
        == 403
    )
    # Another school's director: not found.
    login(other.director)
    assert client.get(f"/cases/{w.case.id}/letters/new", headers=EN).status_code == 404
    assert draft(client, w, data, "x", "y", "file").status_code == 404
    assert count(Correspondence) == 0
