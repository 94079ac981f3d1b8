"""A request's page: extending the term (at most 3 months, with the reason sent to the
requester in the first month), the export for the request (by a director, linked to it), the
answer; and the reminders before the due date."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from incidents.access_requests.reminders import enqueue_access_request_reminders
from incidents.extensions import db
from incidents.outbox.models import OutboxMessage
from incidents.scheduler import jobs
from incidents.scheduler.commands import build_scheduler
from tests.access_requests.helpers import errors, only_request, pdf_pages, register
from tests.correspondence.helpers import audits, record
from tests.helpers import EN


@pytest.fixture
def lotte_asked(client, login, world, long_sessions):
    """Lotte's parent asked on 16 November 2026 (due 16 December); signed in as the coordinator."""
    login(world.coordinator)
    assert register(client, world.lotte, world.lotte.parents[0]).status_code == 302
    return only_request()


def extend(client, item, **fields):
    data = {"version": str(item.version), "via": "letter", "reason": "Veel stukken in het dossier", **fields}
    return client.post(f"/access-requests/{item.id}/extend", data=data, headers=EN)


@pytest.mark.rule("access-request-terms")
def test_extension_by_letter_within_the_first_month(client, lotte_asked):
    response = extend(client, lotte_asked, extended_to="2027-02-16", notified_on="2026-11-16")
    assert response.status_code == 302
    item = only_request()
    assert (item.extended_to, item.extension_via, item.extension_notified_on) == (
        date(2027, 2, 16),
        "letter",
        date(2026, 11, 16),
    )
    assert item.current_due == date(2027, 2, 16)
    assert audits("access_request.extended")[0].detail == "to=2027-02-16;via=letter"
    page = client.get(f"/access-requests/{item.id}", headers=EN).get_data(as_text=True)
    assert 'data-extended="2027-02-16"' in page and "Veel stukken in het dossier" in page


@pytest.mark.rule("access-request-terms")
def test_extension_beyond_three_months_is_refused(client, lotte_asked):
    response = extend(client, lotte_asked, extended_to="2027-02-17", notified_on="2026-11-16")
    assert response.status_code == 422
    assert errors(response) == ["At most three months after receipt: 16 Feb 2027 at the latest."]
    assert 'value="2027-02-17"' in response.get_data(as_text=True)  # the input is kept
    assert only_request().extended_to is None and audits("access_request.extended") == []


@pytest.mark.rule("access-request-terms")
def test_extension_without_reason_is_refused(client, lotte_asked):
    response = extend(client, lotte_asked, extended_to="2027-01-16", notified_on="2026-11-16", reason="  ")
    assert response.status_code == 422
    assert errors(response) == ["Give a reason."]
    assert only_request().extended_to is None


@pytest.mark.rule("access-request-terms")
def test_the_reason_must_reach_the_requester_within_the_first_month(client, lotte_asked, frozen_clock):
    frozen_clock(datetime(2026, 12, 18, 9, 0, tzinfo=UTC))
    response = extend(client, lotte_asked, extended_to="2027-01-16", notified_on="2026-12-17")
    assert response.status_code == 422
    assert errors(response) == [
        "The reason for the extension must reach the requester within the first month, by 16 Dec 2026."
    ]
    response = extend(client, lotte_asked, extended_to="2027-01-16", via="email")
    assert response.status_code == 422 and "within the first month" in errors(response)[0]
    assert only_request().extended_to is None


def test_extension_by_email_goes_through_the_outbox(client, world, lotte_asked):
    parent = world.lotte.parents[0]
    assert extend(client, lotte_asked, extended_to="2027-01-16", via="email").status_code == 302
    item = only_request()
    assert (item.extension_via, item.extension_notified_on) == ("email", date(2026, 11, 16))
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "access_request_extension")).all()
    assert (mail.to_address, mail.recipient_person_id, mail.status) == (parent.email, parent.id, "pending")
    assert "Veel stukken in het dossier" in mail.body_text and "16 januari 2027" in mail.body_text  # Dutch
    assert extend(client, item, extended_to="2027-02-16", via="email").status_code == 422  # once only
    assert "already been extended" in errors(extend(client, item, extended_to="2027-02-16", via="email"))[0]


def test_extension_by_email_needs_an_address(client, world, lotte_asked):
    world.lotte.parents[0].email = None
    db.session.commit()
    response = extend(client, lotte_asked, extended_to="2027-01-16", via="email")
    assert response.status_code == 422
    assert errors(response) == ["No e-mail address is known for the requester: send a letter and record it."]


def test_a_stale_form_changes_nothing(client, lotte_asked):
    assert extend(client, lotte_asked, extended_to="2027-01-16", notified_on="2026-11-16").status_code == 302
    response = client.post(
        f"/access-requests/{lotte_asked.id}/answer", data={"version": "1", "answered_on": "2026-11-16"}, headers=EN
    )
    assert response.status_code == 302  # back to the page with the "changed meanwhile" message
    assert only_request().answered_on is None


@pytest.fixture
def personnel_record(world):
    """A hearing note filed for Femke and the teacher: a personnel record, for directors only."""
    record(world.case, world.director, [world.femke, world.teacher], kind="meeting", subject="Gesprek met Karin")
    record(world.case, world.mentor, [world.femke], kind="phone", subject="Moeder gebeld")
    return world


def femke_asked(client, login, world):
    login(world.director)
    assert register(client, world.femke, world.femke.parents[0]).status_code == 302
    return only_request()


@pytest.mark.rule("access-export-complete")
def test_a_coordinators_export_warns_on_its_first_page(client, login, personnel_record):
    world = personnel_record
    login(world.coordinator)
    pages = pdf_pages(client.post(f"/people/{world.femke.id}/file/export", headers=EN))
    first = pages[0]
    assert "Incomplete: not everything in this file is included" in first
    assert "Meeting report: 1 left out, because only a director may read them (personnel matters)." in first
    assert "Gesprek met Karin" not in " ".join(pages) and "Moeder gebeld" in " ".join(pages)
    [event] = audits("file.exported")
    assert event.detail.endswith(";left_out=1+0")


@pytest.mark.rule("access-export-complete")
def test_a_directors_export_is_complete(client, login, personnel_record):
    world = personnel_record
    login(world.director)
    pages = pdf_pages(client.post(f"/people/{world.femke.id}/file/export", headers=EN))
    assert "Complete: every record filed for this person is included." in pages[0]
    assert "Incomplete" not in " ".join(pages) and "Gesprek met Karin" in " ".join(pages)


@pytest.mark.rule("access-export-complete")
def test_the_export_for_a_request_is_made_by_a_director_and_linked(client, login, personnel_record):
    world = personnel_record
    item = femke_asked(client, login, world)
    login(world.coordinator)
    page = client.get(f"/access-requests/{item.id}", headers=EN).get_data(as_text=True)
    assert "data-export-by-director" in page and "data-export>" not in page
    assert client.post(f"/access-requests/{item.id}/export", headers=EN).status_code == 403
    # Without a complete export the request cannot be recorded as answered.
    response = client.post(
        f"/access-requests/{item.id}/answer",
        data={"version": str(item.version), "answered_on": "2026-11-16"},
        headers=EN,
    )
    assert response.status_code == 422
    assert errors(response) == ["First make the export as someone who may read every record in the file (a director)."]
    login(world.director)
    pages = pdf_pages(client.post(f"/access-requests/{item.id}/export", headers=EN))
    assert "Complete" in pages[0] and "Gesprek met Karin" in " ".join(pages)
    item = only_request()
    assert item.export_complete and item.exported_by_id == world.director.id and item.exported_at is not None
    assert [e.object_id for e in audits("access_request.exported")] == [item.id]
    assert [e.object_id for e in audits("file.exported")] == [world.femke.id]
    response = client.post(
        f"/access-requests/{item.id}/answer", data={"version": str(item.version), "answered_on": "2026-11-16"}
    )
    assert response.status_code == 302
    item = only_request()
    assert (item.answered_on, item.answered_by_id) == (date(2026, 11, 16), world.director.id)
    assert item.status(date(2026, 12, 31)) == "answered"
    page = client.get(f"/access-requests/{item.id}", headers=EN).get_data(as_text=True)
    assert 'data-answered="2026-11-16"' in page and 'data-export-state="complete"' in page


@pytest.mark.rule("access-request-terms")
def test_an_answer_in_the_future_is_refused(client, login, world):
    item = femke_asked(client, login, world)
    assert client.post(f"/access-requests/{item.id}/export").status_code == 200
    item = only_request()
    response = client.post(
        f"/access-requests/{item.id}/answer", data={"version": str(item.version), "answered_on": "2026-11-17"}
    )
    assert response.status_code == 422 and errors(response) == ["De datum ligt in de toekomst."]
    assert only_request().answered_on is None


def test_a_staff_members_own_file_is_exported_by_the_director(client, login, personnel_record):
    world = personnel_record
    login(world.director)
    assert register(client, world.teacher).status_code == 302
    item = only_request()
    pages = pdf_pages(client.post(f"/access-requests/{item.id}/export", headers=EN))
    assert "Access request (GDPR art. 15): personnel file" in pages[0]
    assert "Gesprek met Karin" in " ".join(pages) and "Femke" not in " ".join(pages)  # other pupils pseudonymised
    assert only_request().export_complete


def reminder_mails():
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind.like("access_request_%")).order_by(OutboxMessage.id)
    ).all()


@pytest.mark.rule("access-request-terms")
def test_reminders_a_week_before_and_once_late(client, login, world, lotte_asked):
    # Due 16 December: nothing on the 8th, a reminder from the 9th, once; overdue from the 17th.
    assert enqueue_access_request_reminders(date(2026, 12, 8)) == 0
    assert enqueue_access_request_reminders(date(2026, 12, 9)) == 2  # the coordinator and the director
    assert enqueue_access_request_reminders(date(2026, 12, 10)) == 0
    mails = reminder_mails()
    assert {m.recipient_user_id for m in mails} == {world.coordinator.id, world.director.id}
    assert all(m.kind == "access_request_due" for m in mails)
    assert lotte_asked.reference in mails[0].subject and "16-12-2026" in mails[0].body_text
    assert "Lotte" not in mails[0].subject + mails[0].body_text  # the reference only, never a name
    assert enqueue_access_request_reminders(date(2026, 12, 17)) == 2
    assert reminder_mails()[-1].kind == "access_request_overdue"
    assert enqueue_access_request_reminders(date(2026, 12, 18)) == 0


def test_no_reminders_once_answered_and_staff_requests_for_directors(client, login, world):
    item = femke_asked(client, login, world)
    client.post(f"/access-requests/{item.id}/export")
    item = only_request()
    client.post(f"/access-requests/{item.id}/answer", data={"version": str(item.version), "answered_on": "2026-11-16"})
    assert register(client, world.teacher).status_code == 302
    assert enqueue_access_request_reminders(date(2026, 12, 9)) == 1
    [mail] = reminder_mails()
    assert mail.recipient_user_id == world.director.id


def test_the_scheduler_runs_the_reminders(app, client, login, world, lotte_asked, frozen_clock):
    assert "access_request_reminders" in {job.id for job in build_scheduler(app).get_jobs()}
    frozen_clock(datetime(2026, 12, 9, 8, 0, tzinfo=UTC))
    assert jobs.access_request_reminders() == 2
    assert jobs.access_request_reminders() == 0
