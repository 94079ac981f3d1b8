"""`flask demo-data`: a living school, with cases in every state and the records around them."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from incidents.access_requests.models import AccessRequest
from incidents.auth.models import User
from incidents.calendar.models import SchoolHoliday
from incidents.cases.models import Case
from incidents.core import clock
from incidents.correspondence.models import Correspondence
from incidents.evidence.models import Evidence
from incidents.evidence.storage import hash_stored
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.models import OutboxMessage
from incidents.police.models import PoliceReport
from incidents.sanctions.models import Sanction
from incidents.sanctions.staff_models import StaffIntent
from incidents.schools.models import School
from tests.helpers import count

STATES = ("reported", "in_progress", "escalated", "monitoring", "closed", "dismissed")


@pytest.fixture
def loaded(app, monkeypatch):
    monkeypatch.delenv("MELDPUNT_ENV", raising=False)
    result = app.test_cli_runner().invoke(args=["demo-data"])
    db.session.expire_all()
    assert result.exit_code == 0, result.output
    return result


def test_cases_in_every_state_at_both_levels(loaded):
    by_school = {s.kind: s.id for s in db.session.scalars(select(School))}
    assert count(Case, Case.school_id == by_school["primary"]) >= 1  # its mentor's list is not empty
    cases = db.session.scalars(select(Case).where(Case.school_id == by_school["secondary"])).all()
    assert 10 <= len(cases) <= 15
    assert {c.state for c in cases} == set(STATES)
    escalated = {c.escalation_level for c in cases if c.state == "escalated"}
    assert {1, 2} <= escalated  # at the coordinator and at the director
    today = clock.today()
    assert any(c.reported_at.date() == today for c in cases)
    assert all((today - c.reported_at.date()).days <= 60 for c in cases)  # the screens look current


def test_records_around_the_cases(loaded):
    today = clock.today()
    files = db.session.scalars(select(Evidence).where(Evidence.kind == "file")).all()
    assert files
    assert all(hash_stored(e.sha256) == e.sha256 for e in files)  # stored through the storage module
    assert count(Correspondence, Correspondence.direction == "in") >= 2
    assert count(Correspondence, Correspondence.purpose == "parent_contact") >= 2

    sanctions = db.session.scalars(select(Sanction)).all()
    window = [s for s in sanctions if s.state == "objection_window"]
    assert window and all(s.objection_deadline >= today for s in window)
    assert any(s.measure == "timeout" for s in sanctions)
    staff = [s for s in sanctions if s.subject_kind == "staff"]
    assert staff
    intent = db.session.scalar(select(StaffIntent).where(StaffIntent.sanction_id == staff[0].id))
    assert intent is not None and intent.letter is not None

    assert count(PoliceReport) >= 1
    open_followups = db.session.scalars(select(Followup).where(Followup.status == "open")).all()
    assert any(f.due_on < today for f in open_followups)  # overdue
    assert any(f.due_on >= today for f in open_followups)  # due
    recipients = db.session.scalars(
        select(NoticeRecipient).join(Notice).where(Notice.kind == "manual")  # not the scheduled check-ins
    ).all()
    assert recipients and any(r.acknowledged_at is not None for r in recipients)
    # Sent, as the outbox records it: nothing left for the first scheduler run to mail now.
    assert count(OutboxMessage, OutboxMessage.status == "sent") >= len(recipients)
    assert (
        count(OutboxMessage, OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= clock.utc_now()) == 0
    )
    filed = [db.session.get(Correspondence, r.correspondence_id) for r in recipients if r.correspondence_id]
    assert filed and all(not c.pending_dispatch and c.purpose == "parent_contact" for c in filed)
    assert count(AccessRequest) == 1
    for school in db.session.scalars(select(School)):
        assert count(SchoolHoliday, SchoolHoliday.school_id == school.id) > 0


def test_demo_schools_require_no_second_factor(loaded, second_factor_required, client):
    assert "no second factor" in loaded.output
    assert all(s.second_factor_roles == [] for s in db.session.scalars(select(School)))
    response = client.post("/login", data={"email": "director@demo.meldpunt.nl", "password": "demo"})
    assert response.status_code == 302
    assert "second-factor" not in response.headers["Location"]
    assert client.get("/").status_code == 200
    report = db.session.scalar(select(PoliceReport))
    assert client.get(f"/police-reports/{report.id}").status_code == 200  # no step-up without a factor


def test_main_pages_render_for_the_demo_director(loaded, client):
    director = db.session.scalar(select(User).where(User.email == "director@demo.meldpunt.nl"))
    school_id = director.memberships[0].school_id
    assert client.post("/login", data={"email": director.email, "password": "demo"}).status_code == 302
    case = db.session.scalar(select(Case).where(Case.school_id == school_id, Case.state == "escalated").limit(1))
    sanction = db.session.scalar(select(Sanction).where(Sanction.state == "objection_window"))
    staff_sanction = db.session.scalar(select(Sanction).where(Sanction.subject_kind == "staff"))
    access_request = db.session.scalar(select(AccessRequest))
    for url in (
        "/",
        f"/cases/{case.id}",
        f"/sanctions/{sanction.id}",
        f"/sanctions/{staff_sanction.id}",
        "/tasks",
        "/access-requests",
        f"/access-requests/{access_request.id}",
        "/audit",
    ):
        assert client.get(url).status_code == 200, url
    # Every case and sanction of the school opens for the director, with whatever it holds.
    for row in db.session.scalars(select(Case).where(Case.school_id == school_id)):
        assert client.get(f"/cases/{row.id}").status_code == 200, row.state
    for row in db.session.scalars(select(Sanction).where(Sanction.school_id == school_id)):
        assert client.get(f"/sanctions/{row.id}").status_code == 200, row.measure


def test_if_empty_leaves_the_cases_alone(loaded, app):
    before = count(Case), count(Evidence), count(Sanction)
    result = app.test_cli_runner().invoke(args=["demo-data", "--if-empty"])
    db.session.expire_all()
    assert result.exit_code == 0
    assert (count(Case), count(Evidence), count(Sanction)) == before


def test_the_primary_mentor_sees_the_cases_of_that_school(loaded, client):
    mentor = db.session.scalar(select(User).where(User.email == "mentor2@demo.meldpunt.nl"))
    cases = db.session.scalars(select(Case).where(Case.school_id == mentor.memberships[0].school_id)).all()
    assert client.post("/login", data={"email": mentor.email, "password": "demo"}).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert cases and all(c.reference in page for c in cases)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 7, 8, tzinfo=UTC),  # a Monday: yesterday was no school day
        datetime(2026, 12, 6, 20, tzinfo=UTC),  # a Sunday evening
        datetime(2026, 12, 28, 10, tzinfo=UTC),  # the Christmas holiday, and a new year ahead
        datetime(2027, 1, 4, 7, tzinfo=UTC),  # the first day after it, in a new calendar year
        datetime(2027, 8, 1, 12, tzinfo=UTC),  # the summer holiday
    ],
)
def test_loads_on_any_day_of_the_year(app, monkeypatch, frozen_clock, now):
    monkeypatch.delenv("MELDPUNT_ENV", raising=False)
    frozen_clock(now)
    result = app.test_cli_runner().invoke(args=["demo-data"])
    db.session.expire_all()
    assert result.exit_code == 0, result.output
    assert {c.state for c in db.session.scalars(select(Case))} == set(STATES)
    assert count(Sanction, Sanction.state == "objection_window") == 1
    assert clock.utc_now() == now  # the clock is put back after the steps that moved it
