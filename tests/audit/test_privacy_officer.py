"""Point 14: the privacy officer (functionaris gegevensbescherming) reads the audit trail and the
access-request register of the schools given to them, and never case contents: every case,
person, file, evidence, sanction and police page answers 404."""

from datetime import date

import pytest
from sqlalchemy import select

from incidents.access_requests.operations import register_request
from incidents.accounts.operations import invite
from incidents.auth import can
from incidents.auth.models import APPROVAL_ROLES, ROLES, Membership
from incidents.core.vocabulary import ROLE_LABELS
from incidents.correspondence.models import Attachment
from incidents.evidence.models import Evidence
from incidents.extensions import db
from incidents.police.operations import open_police_report
from incidents.sanctions.operations import propose_sanction
from tests.audit.helpers import events
from tests.evidence.helpers import upload as upload_evidence
from tests.helpers import EN, TEST_PASSWORD, png_bytes

RECORD_ARGS = ("case_id", "person_id", "sanction_id", "report_id", "evidence_id", "attachment_id")


@pytest.fixture
def office(world, make_user, login, client):
    """The shared school with a sanction, a police report, evidence, an access request and a
    privacy officer (`world.officer`)."""
    w = world
    w.sanction, _ = propose_sanction(
        w.case, w.director, "director", w.femke, "warning", justification="Schelden in de groepsapp"
    )
    w.report, _ = open_police_report(w.case, w.director, "sr285", w.femke, date(2026, 11, 10))
    w.request = register_request(
        w.femke,
        w.femke.parents[0],
        w.director,
        received_on=date(2026, 11, 12),
        identity_check="in_person",
        identity_note=None,
    )
    w.staff_request = register_request(
        w.teacher, w.teacher, w.director, received_on=date(2026, 11, 12), identity_check="in_person", identity_note=None
    )
    db.session.commit()
    login(w.mentor)
    assert upload_evidence(client, w.case.id, files=[(png_bytes(), "scherm.png")]).status_code == 302
    w.officer = make_user("privacy_officer", w.school, name="Privacy Petra")
    return w


def _record_urls(app, values):
    """Every GET URL of the app that names a case, person, sanction, police report or file."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.arguments and set(rule.arguments) <= set(RECORD_ARGS):
            urls.append(adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments}))
    return sorted(urls)


def test_the_role_exists_with_its_label_and_four_eyes(app):
    assert "privacy_officer" in ROLES and "privacy_officer" in APPROVAL_ROLES
    assert "privacy_officer" in ROLE_LABELS


def test_the_database_accepts_the_role(office):
    stored = db.session.scalar(select(Membership.role).where(Membership.user_id == office.officer.id))
    assert stored == "privacy_officer"


def test_an_administrators_grant_waits_for_a_director(app, office):
    with app.test_request_context():  # the invitation mail builds its link
        membership = invite(office.school, "Fien Gegevens", "fg@example.org", "privacy_officer", office.admin)
        db.session.commit()
    assert membership.approval == "pending" and not membership.grants


def test_no_case_content_page_opens_for_a_privacy_officer(app, client, login, office):
    values = {
        "case_id": office.case.id,
        "person_id": office.femke.id,
        "sanction_id": office.sanction.id,
        "report_id": office.report.id,
        "evidence_id": db.session.scalar(select(Evidence.id).where(Evidence.kind == "file")),
        "attachment_id": db.session.scalar(select(Attachment.id)) or 1,
    }
    urls = _record_urls(app, values)
    for prefix in ("/cases/", "/people/", "/sanctions/", "/police-reports/", "/evidence/"):
        assert any(url.startswith(prefix) for url in urls), prefix
    assert f"/people/{office.femke.id}/file" in urls
    login(office.officer)
    answers = {url: client.get(url, headers=EN).status_code for url in [*urls, "/", "/tasks"]}
    assert set(answers.values()) == {404}, answers
    # Each refusal on a record URL is itself a security event.
    refused = {(e.object_type, e.object_id) for e in events("access.not_found") if e.user_id == office.officer.id}
    assert ("cases", office.case.id) in refused and ("sanctions", office.sanction.id) in refused
    assert not events("case.view") and not events("file.viewed")


def test_a_privacy_officer_posts_no_case_step(client, login, office):
    login(office.officer)
    assert client.post(f"/cases/{office.case.id}/transition", data={"event": "start"}).status_code == 404
    assert client.post(f"/access-requests/{office.request.id}/answer", data={}).status_code == 404


def test_a_privacy_officer_reads_the_register_without_its_steps(client, login, office):
    login(office.officer)
    page = client.get("/access-requests", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert office.request.reference in html
    assert office.staff_request.reference not in html  # a staff member's file stays a personnel matter
    show = client.get(f"/access-requests/{office.request.id}", headers=EN)
    assert show.status_code == 200
    body = show.get_data(as_text=True)
    assert "Record as answered" not in body and f'href="/people/{office.femke.id}"' not in body
    assert client.get(f"/access-requests/{office.staff_request.id}").status_code == 404


def test_a_privacy_officer_lands_on_the_audit_trail(client, office):
    client.post("/logout")
    response = client.post("/login", data={"email": office.officer.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/audit")


def test_a_privacy_officer_reads_the_audit_trail_of_their_school_only(client, login, office, make_user):
    login(office.officer)
    page = client.get("/audit", headers=EN)
    assert page.status_code == 200
    assert "Audit trail" in page.get_data(as_text=True)
    # Another school's trail: the officer has no role there, so switching is refused.
    assert client.post("/switch-school", data={"school_id": office.other_school.id}).status_code == 404
    assert not can.read_audit_trail(office.officer, office.other_school)


def test_the_predicates(office):
    assert can.read_audit_trail(office.officer, office.school)
    assert can.read_audit_trail(office.director, office.school)
    assert not can.read_audit_trail(office.coordinator, office.school)
    assert not can.read_audit_trail(office.admin, office.school)
    assert not can.use_cases(office.officer, office.school)
    assert not can.open_person(office.officer, office.femke)
    assert not can.open_sanction(office.officer, office.sanction)
    assert can.read_access_register(office.officer, office.school)
    assert not can.keep_access_register(office.officer, office.school)
    assert not can.read_access_request(office.officer, office.staff_request)
