"""Issue 12, point 7, through the browser: a staff member's intended measure ("voornemen",
BW 7:611 and the CAO) is a letter filed in the personnel file, with how it was sent and the
day it was received; the response term (a school setting, 3 weeks by default) runs from the
day after receipt; the director decides before it ends only once the employee's written
response is filed. Dates in the future or before the proposal are refused at their field."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from incidents.correspondence.models import Correspondence, Filing
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.sanctions.operations import propose_sanction
from incidents.sanctions.staff_models import StaffIntent
from tests.helpers import EN, TODAY, button
from tests.letters.helpers import draft_fields, setup_data
from tests.sanctions.test_sanctions_flow import fresh, step

NL = {"Accept-Language": "nl"}
RECEIVED = TODAY + timedelta(days=1)  # Tuesday 17 November 2026
TERM_END = date(2026, 12, 8)  # three weeks from Wednesday 18 November


def at(day):
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


@pytest.fixture
def staff_world(make_world, long_sessions):
    """The shared school's case about Femke and the teacher Karin Smit, with a written reprimand
    proposed for Karin by the director today, its hearing started."""
    w = make_world(involved=(("femke", "target"), ("teacher", "perpetrator")))
    w.sanction, _ = propose_sanction(
        w.case, w.director, "director", w.teacher, "reprimand", justification="Herhaald en ernstig."
    )
    db.session.commit()
    return w


@pytest.fixture
def hearing_started(staff_world, client, login):
    login(staff_world.director)
    assert step(client, staff_world.sanction, "start_hearing").status_code == 302
    return staff_world


def write_intent_letter(client, w):
    data = setup_data("intended_measure", sanction=w.sanction, recipient=w.teacher)
    response = client.post(f"/cases/{w.case.id}/letters/new", data=data, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)
    subject, body = draft_fields(response.get_data(as_text=True))
    response = client.post(
        f"/cases/{w.case.id}/letters/draft", data={**data, "subject": subject, "body": body, "action": "file"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return body


def deliver(client, sanction, **fields):
    data = {"version": str(fresh(sanction).version)}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/sanctions/{sanction.id}/intent-delivery", data=data, headers=EN)


def respond(client, sanction, **fields):
    data = {
        "version": str(fresh(sanction).version),
        "response_kind": "letter",
        "response_body": "Ik ben het er niet mee eens.",
    }
    data.update({f"response_{k}": (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/sanctions/{sanction.id}/response", data=data, headers=EN)


def intent(sanction):
    db.session.expire_all()
    return db.session.scalar(select(StaffIntent).where(StaffIntent.sanction_id == sanction.id))


def field_block(page, name):
    match = re.search(rf'<div class="field[^"]*">\s*<label for="{name}".*?</div>', page, re.S)
    assert match, name
    return match.group(0)


def page_of(client, sanction):
    return client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)


@pytest.mark.rule("staff-intended-measure")
def test_the_intended_measure_letter_is_filed_in_the_personnel_file(client, hearing_started):
    w = hearing_started
    page = page_of(client, w.sanction)
    assert 'data-intent="none"' in page and button(page, "decide") == "disabled"
    assert "The intended measure has not been sent in writing yet." in page

    body = write_intent_letter(client, w)
    assert "binnen 3 weken na de dag waarop u deze brief hebt ontvangen" in body
    row = intent(w.sanction)
    letter = db.session.get(Correspondence, row.letter_id)
    assert (letter.kind, letter.direction, letter.sanction_id) == ("letter", "out", w.sanction.id)
    filed_for = set(db.session.scalars(select(Filing.person_id).where(Filing.correspondence_id == letter.id)))
    assert w.teacher.id in filed_for  # the personnel file
    assert (row.sent_on, row.sent_how, row.received_on) == (TODAY, None, None)
    # Writing the letter is the "send the intended measure" task.
    [task] = db.session.scalars(select(Followup).where(Followup.kind == "notice:intended_measure:employee")).all()
    assert task.status == "done"

    page = page_of(client, w.sanction)
    assert "data-intent>" in page and button(page, "decide") == "disabled"
    assert "Record the day the employee received the intended measure." in page


@pytest.mark.rule("staff-intended-measure")
def test_delivery_records_how_and_when_and_plans_the_decision(client, frozen_clock, hearing_started):
    w = hearing_started
    write_intent_letter(client, w)
    frozen_clock(at(RECEIVED))
    assert (
        deliver(client, w.sanction, sent_how="registered_letter", sent_on=TODAY, received_on=RECEIVED).status_code
        == 302
    )
    row = intent(w.sanction)
    assert (row.sent_how, row.sent_on, row.received_on) == ("registered_letter", TODAY, RECEIVED)
    [task] = db.session.scalars(select(Followup).where(Followup.kind == "decide_sanction")).all()
    assert (task.due_on, task.assignee_role) == (TERM_END + timedelta(days=1), "director")
    page = page_of(client, w.sanction)
    assert "Registered letter (with proof of delivery)" in page
    entry = [e for e in w.case.events if e.kind == "sanction.intent_delivery"]
    assert len(entry) == 1 and entry[0].note is None  # the timeline names no one


@pytest.mark.parametrize(
    "field, fields, message",
    [
        ("received_on", {"sent_on": TODAY, "received_on": TODAY + timedelta(days=1)}, "The date lies in the future."),
        ("sent_on", {"sent_on": TODAY + timedelta(days=2)}, "The date lies in the future."),
        (
            "sent_on",
            {"sent_on": TODAY - timedelta(days=30), "received_on": TODAY},
            "The date lies before the sanction was proposed.",
        ),
        (
            "received_on",
            {"sent_on": TODAY, "received_on": TODAY - timedelta(days=30)},
            "The date lies before the sanction was proposed.",
        ),
        ("sent_how", {"sent_how": "", "sent_on": TODAY}, "Choose how the letter was sent."),
    ],
)
@pytest.mark.rule("staff-intended-measure")
def test_impossible_delivery_dates_are_refused_at_their_field(client, hearing_started, field, fields, message):
    w = hearing_started
    write_intent_letter(client, w)
    fields = {"sent_how": "by_hand", **fields}
    version = fresh(w.sanction).version
    response = deliver(client, w.sanction, **fields)
    assert response.status_code == 422
    block = field_block(response.get_data(as_text=True), field)
    assert message in block
    if isinstance(fields[field], date):
        assert fields[field].isoformat() in block  # the input is kept
    row = intent(w.sanction)
    assert (row.sent_how, row.received_on) == (None, None) and fresh(w.sanction).version == version


@pytest.mark.rule("staff-response-term")
def test_the_response_term_runs_from_the_day_after_receipt(client, frozen_clock, hearing_started):
    w = hearing_started
    write_intent_letter(client, w)
    frozen_clock(at(RECEIVED))
    deliver(client, w.sanction, sent_how="by_hand", sent_on=RECEIVED, received_on=RECEIVED)
    frozen_clock(at(TERM_END))
    response = step(client, w.sanction, "decide", reasons="Herhaald ongepast contact met leerlingen.")
    assert response.status_code == 422
    assert "The employee may respond until 2026-12-08." in response.get_data(as_text=True)
    assert fresh(w.sanction).state == "hearing"
    frozen_clock(at(TERM_END + timedelta(days=1)))
    response = step(client, w.sanction, "decide", reasons="Herhaald ongepast contact met leerlingen.")
    assert response.status_code == 302 and fresh(w.sanction).state == "decided"


@pytest.mark.rule("staff-response-term")
def test_the_response_weeks_are_the_schools_setting(client, login, frozen_clock, hearing_started):
    w = hearing_started
    login(w.admin)
    form = {
        "retention_years": "2",
        "monitoring_checkin_days": "14",
        "overdue_alert_days": "3",
        "legal_status": "special",
        "second_factor_roles_csv": ["admin", "coordinator", "director"],  # the default, kept
    }
    response = client.post("/admin/settings", data={**form, "staff_response_weeks": "13"}, headers=EN)
    assert "Number must be between 1 and 12." in field_block(response.get_data(as_text=True), "staff_response_weeks")
    response = client.post("/admin/settings", data={**form, "staff_response_weeks": "4"}, headers=EN)
    assert response.status_code == 302
    assert "Weeks an employee has to respond" in client.get("/admin/settings", headers=EN).get_data(as_text=True)
    login(w.director)
    assert "binnen 4 weken" in write_intent_letter(client, w)
    frozen_clock(at(RECEIVED))
    deliver(client, w.sanction, sent_how="email_read_receipt", sent_on=TODAY, received_on=RECEIVED)
    frozen_clock(at(TERM_END + timedelta(days=1)))
    response = step(client, w.sanction, "decide", reasons="Herhaald ongepast contact met leerlingen.")
    assert response.status_code == 422
    assert "The employee may respond until 2026-12-15." in response.get_data(as_text=True)


@pytest.mark.rule("staff-response-term")
def test_a_filed_written_response_lets_the_director_decide_within_the_term(client, frozen_clock, hearing_started):
    w = hearing_started
    write_intent_letter(client, w)
    frozen_clock(at(RECEIVED))
    deliver(client, w.sanction, sent_how="by_hand", sent_on=TODAY, received_on=RECEIVED)
    assert respond(client, w.sanction, received_on=RECEIVED).status_code == 302
    row = intent(w.sanction)
    response = db.session.get(Correspondence, row.response_id)
    assert (response.direction, response.kind, response.sanction_id) == ("in", "letter", w.sanction.id)
    assert [f.person_id for f in response.filings] == [w.teacher.id]
    assert 'data-response="filed"' in page_of(client, w.sanction)
    assert step(client, w.sanction, "decide", reasons="Na de reactie blijft de berisping.").status_code == 302
    assert fresh(w.sanction).state == "decided"


@pytest.mark.rule("staff-response-term")
def test_a_checkbox_is_no_response(client, frozen_clock, hearing_started):
    """The old "the employee has responded" tick no longer lifts the term."""
    w = hearing_started
    write_intent_letter(client, w)
    frozen_clock(at(RECEIVED))
    deliver(client, w.sanction, sent_how="by_hand", sent_on=TODAY, received_on=RECEIVED)
    client.post(
        f"/sanctions/{w.sanction.id}/details",
        data={"version": str(fresh(w.sanction).version), "response_received": "y"},
        headers=EN,
    )
    response = step(client, w.sanction, "decide", reasons="Herhaald ongepast contact.")
    assert response.status_code == 422 and fresh(w.sanction).state == "hearing"


@pytest.mark.parametrize(
    "received_on, message",
    [
        (RECEIVED + timedelta(days=1), "The date lies in the future."),
        (TODAY - timedelta(days=1), "The date lies before the intended measure was sent."),
    ],
)
def test_an_impossible_response_date_is_refused_at_the_field(
    client, frozen_clock, hearing_started, received_on, message
):
    w = hearing_started
    write_intent_letter(client, w)
    frozen_clock(at(RECEIVED))
    response = respond(client, w.sanction, received_on=received_on)
    assert response.status_code == 422
    assert message in field_block(response.get_data(as_text=True), "response_received_on")
    assert intent(w.sanction).response_id is None
    assert db.session.scalars(select(Correspondence).where(Correspondence.direction == "in")).all() == []


@pytest.mark.rule("staff-response-term")
def test_no_response_without_a_filed_intended_measure(client, hearing_started):
    w = hearing_started
    response = respond(client, w.sanction, received_on=TODAY)
    assert response.status_code == 302  # refused: the message on the sanction's page
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "The intended measure has not been sent in writing yet." in page
    assert db.session.scalars(select(Correspondence)).all() == []


def test_the_coordinator_cannot_record_the_intended_measure(client, login, hearing_started):
    w = hearing_started
    write_intent_letter(client, w)
    login(w.coordinator)
    response = deliver(client, w.sanction, sent_how="by_hand", sent_on=TODAY, received_on=TODAY)
    assert response.status_code == 404
    assert respond(client, w.sanction, received_on=TODAY).status_code == 404
    assert intent(w.sanction).received_on is None


def test_the_intended_measure_section_is_dutch(client, hearing_started):
    w = hearing_started
    write_intent_letter(client, w)
    page = client.get(f"/sanctions/{w.sanction.id}", headers=NL).get_data(as_text=True)
    assert "Voornemen" in page and "Aangetekende brief (met bewijs van ontvangst)" in page
    assert "Verzending vastleggen" in page


def test_a_plain_warning_has_no_intended_measure(client, login, staff_world):
    w = staff_world
    warning, _ = propose_sanction(w.case, w.director, "director", w.teacher, "warning")
    db.session.commit()
    login(w.director)
    page = page_of(client, warning)
    assert "data-intent" not in page and "Record delivery" not in page
    assert button(page, "decide") == "enabled"
