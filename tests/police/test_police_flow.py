"""Police reports (aangifte) through the browser."""

from datetime import date

import pytest
from sqlalchemy import select

from incidents.cases.models import CaseEvent
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.police.models import PoliceReport
from tests.helpers import EN, TODAY, button

MANDATORY = ["consult_confidential_inspector", "inform_accused", "inform_board", "inform_parents"]
VICTIM_ONLY = "Only the victim (or the parents if under 16) can report this offence; the school records its support."
STEPS_OPEN = "First: inform the board, consult the confidential inspector, inform the parents and the accused."


def fresh(report):
    db.session.expire_all()
    return db.session.get(PoliceReport, report.id)


def open_report(client, case, offence, victim=None, known_on=None):
    data = {"offence": offence, "victim_id": str(victim.id) if victim else "0"}
    if known_on:
        data["known_on"] = known_on.isoformat()
    response = client.post(f"/cases/{case.id}/police-reports/new", data=data, headers=EN)
    assert response.status_code == 302, response.get_data(as_text=True)
    report_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    db.session.expire_all()
    return db.session.get(PoliceReport, report_id)


def step(client, report, event, **fields):
    data = {"event": event, "version": str(fresh(report).version)}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/police-reports/{report.id}/step", data=data, headers=EN)


@pytest.fixture
def world(make_world, make_person, make_case):
    """The shared school; a case the coordinator reported about two targets, Femke (14, the
    `victim`) and Sven Kok (17, `older`), and the teacher Karin Smit (`staff`) as perpetrator."""
    w = make_world(involved=None)
    w.victim, w.staff = w.femke, w.teacher
    w.older = make_person(w.school, first_name="Sven", last_name="Kok", group=w.group_b, born=date(2009, 1, 1))
    w.case = make_case(w.school, w.coordinator, [(w.victim, "target"), (w.older, "target"), (w.staff, "perpetrator")])
    return w


@pytest.mark.rule("police-victim-only-offences")
@pytest.mark.parametrize("offence", ["sr261", "sr262", "sr266"])
def test_victim_only_offence_cannot_be_filed_by_school(client, login, world, offence):
    login(world.director)
    report = open_report(client, world.case, offence, world.victim, known_on=date(2026, 11, 10))
    assert report.state == "considered"
    assert report.complaint_deadline == date(2027, 2, 10)  # 3 months
    support = db.session.scalars(select(Followup).where(Followup.police_report_id == report.id)).one()
    assert (support.kind, support.due_on) == ("support_victim_report", date(2027, 2, 10))

    page = client.get(f"/police-reports/{report.id}", headers=EN).get_data(as_text=True)
    assert button(page, "file") == "disabled"
    assert VICTIM_ONLY in page
    assert button(page, "record_support") == "enabled"

    response = step(client, report, "file", police_unit="Eenheid Amsterdam", report_number="PL-1", filed_on=TODAY)
    assert response.status_code == 422
    assert VICTIM_ONLY in response.get_data(as_text=True)
    report = fresh(report)
    assert report.state == "considered" and report.report_number is None and report.filed_on is None


def test_record_support_for_victims_report(client, login, world):
    login(world.coordinator)  # coordinators record support too
    report = open_report(client, world.case, "sr261", world.victim, known_on=date(2026, 11, 10))

    # The victim is 14: the parents file the report.
    response = step(client, report, "record_support", filed_by="victim", filed_on=TODAY)
    assert response.status_code == 422
    assert "The victim is under 16: the parents file the report." in response.get_data(as_text=True)
    assert fresh(report).state == "considered"

    response = step(client, report, "record_support", filed_by="parents", filed_on=date(2026, 11, 13))
    assert response.status_code == 302
    report = fresh(report)
    assert report.state == "victim_supported"
    assert (report.support_filed_by, report.filed_on) == ("parents", date(2026, 11, 13))
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == world.case.id)).all()
    assert "police.open" in kinds and "police.record_support" in kinds


@pytest.mark.rule("police-victim-only-offences")
def test_record_support_victim_over_16_files_themselves(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr266", world.older, known_on=date(2026, 11, 1))
    assert step(client, report, "record_support", filed_by="victim").status_code == 302
    report = fresh(report)
    assert (report.state, report.support_filed_by, report.filed_on) == ("victim_supported", "victim", TODAY)


def test_record_support_needs_the_date_the_victim_learned_of_it(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr262", world.victim)
    response = step(client, report, "record_support", filed_by="parents")
    assert response.status_code == 422
    assert "Record when the victim learned of the offence." in response.get_data(as_text=True)


@pytest.mark.rule("police-complaint-term")
def test_record_support_after_complaint_term_is_refused(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr261", world.victim, known_on=date(2026, 8, 1))
    response = step(client, report, "record_support", filed_by="parents")
    assert response.status_code == 422
    # 1 Nov 2026 is a Sunday: the Atw runs the term to Monday 2 November.
    assert "The complaint term ended on 2026-11-02." in response.get_data(as_text=True)
    assert fresh(report).state == "considered"


def test_threats_are_filed_by_the_director(client, login, world):
    login(world.coordinator)
    report = open_report(client, world.case, "sr285", world.victim)
    assert db.session.scalars(select(Followup).where(Followup.police_report_id == report.id)).all() == []
    page = client.get(f"/police-reports/{report.id}", headers=EN).get_data(as_text=True)
    assert button(page, "file") is None  # not the coordinator's step
    assert button(page, "record_support") is None  # not for an offence the school reports itself
    response = step(client, report, "file", police_unit="Eenheid Amsterdam", report_number="2026-123456")
    assert response.status_code in (403, 422)  # issue #3 asks 403 for a forbidden step; the view says 422
    assert "Your role may not take this step." in response.get_data(as_text=True)
    assert fresh(report).state == "considered"

    login(world.director)
    page = client.get(f"/police-reports/{report.id}", headers=EN).get_data(as_text=True)
    assert button(page, "file") == "enabled"
    response = step(client, report, "file", police_unit="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Fill in the police unit." in page and "Fill in the report number." in page

    response = step(
        client,
        report,
        "file",
        police_unit="Eenheid Amsterdam",
        report_number="2026-123456",
        filed_on=date(2026, 11, 14),
    )
    assert response.status_code == 302
    report = fresh(report)
    assert report.state == "filed"
    assert (report.police_unit, report.report_number, report.filed_on) == (
        "Eenheid Amsterdam",
        "2026-123456",
        date(2026, 11, 14),
    )
    page = client.get(f"/police-reports/{report.id}", headers=EN).get_data(as_text=True)
    assert "Eenheid Amsterdam" in page and "2026-123456" in page

    assert step(client, report, "record_outcome", outcome="Verdachte gehoord, zaak geseponeerd.").status_code == 302
    report = fresh(report)
    assert (report.state, report.outcome) == ("outcome_recorded", "Verdachte gehoord, zaak geseponeerd.")


def test_filing_date_in_future_is_refused(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr252", world.victim)
    response = step(
        client, report, "file", police_unit="Eenheid Utrecht", report_number="X1", filed_on=date(2026, 11, 17)
    )
    assert response.status_code == 422
    assert "The date lies in the future." in response.get_data(as_text=True)
    assert fresh(report).state == "considered"


def test_decide_not_to_file_needs_a_reason(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr285", world.victim)
    response = step(client, report, "decide_not_to_file")
    assert response.status_code == 422 and "Give a reason." in response.get_data(as_text=True)
    assert step(client, report, "decide_not_to_file", reason="Ouders willen geen aangifte.").status_code == 302
    report = fresh(report)
    assert (report.state, report.not_filed_reason) == ("not_filed", "Ouders willen geen aangifte.")


@pytest.mark.rule("police-sexual-offence-staff")
def test_sexual_offence_by_staff_mandatory_path(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    items = db.session.scalars(
        select(Followup).where(Followup.police_report_id == report.id).order_by(Followup.kind)
    ).all()
    assert [f.kind for f in items] == MANDATORY
    assert all(f.due_on == TODAY and f.status == "open" and f.assignee_role == "director" for f in items)

    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    for label in ("Inform the board", "Consult the confidential inspector", "Inform the parents", "Inform the accused"):
        assert label in page
    page = client.get(f"/police-reports/{report.id}", headers=EN).get_data(as_text=True)
    assert button(page, "file") == "disabled" and STEPS_OPEN in page

    filing = {"police_unit": "Eenheid Den Haag", "report_number": "2026-999", "filed_on": TODAY}
    for item in items:
        response = step(client, report, "file", **filing)
        assert response.status_code == 422 and STEPS_OPEN in response.get_data(as_text=True)
        assert fresh(report).state == "considered"
        # Not deciding against it either, while the steps are open.
        assert step(client, report, "decide_not_to_file", reason="Geen aanleiding.").status_code == 422
        assert client.post(f"/followups/{item.id}/done", headers=EN).status_code == 302

    db.session.expire_all()
    assert all(
        f.status == "done" for f in db.session.scalars(select(Followup).where(Followup.police_report_id == report.id))
    )
    assert step(client, report, "file", **filing).status_code == 302
    report = fresh(report)
    assert (report.state, report.report_number) == ("filed", "2026-999")


def test_open_police_report_blocks_closing_the_case(client, login, world):
    login(world.director)
    open_report(client, world.case, "sr285", world.victim)
    db.session.expire_all()
    client.post(f"/cases/{world.case.id}/transition", data={"event": "start", "version": str(world.case.version)})
    db.session.expire_all()
    response = client.post(
        f"/cases/{world.case.id}/transition", data={"event": "close", "version": str(world.case.version)}, headers=EN
    )
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "1 police report still open." in page
    db.session.expire_all()
    assert world.case.state == "in_progress"


def test_mentor_cannot_open_police_report(client, login, world, make_user):
    mentor = make_user("mentor", world.school)
    login(mentor)
    response = client.post(f"/cases/{world.case.id}/police-reports/new", data={"offence": "sr285", "victim_id": "0"})
    assert response.status_code == 403
    assert db.session.scalars(select(PoliceReport)).all() == []


def test_police_report_of_other_school_is_not_found(client, login, world, make_school, make_user):
    login(world.director)
    report = open_report(client, world.case, "sr285", world.victim)
    login(make_user("director", make_school()))
    assert client.get(f"/police-reports/{report.id}").status_code == 404
    assert step(client, report, "file", police_unit="x", report_number="y").status_code == 404


def test_stale_police_form_changes_nothing(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr285", world.victim)
    old = report.version
    assert step(client, report, "decide_not_to_file", reason="Geen aangifte nodig.").status_code == 302
    response = client.post(
        f"/police-reports/{report.id}/step",
        headers=EN,
        data={"event": "file", "version": str(old), "police_unit": "Eenheid", "report_number": "1"},
    )
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "This record was changed meanwhile by someone else. Reload the page and try again." in page
    report = fresh(report)
    assert report.state == "not_filed" and report.report_number is None


def _finish_mandatory_steps(client, report):
    for item in db.session.scalars(select(Followup).where(Followup.police_report_id == report.id)).all():
        assert client.post(f"/followups/{item.id}/done", headers=EN).status_code == 302


@pytest.mark.rule("police-sexual-offence-staff")
def test_reasonable_suspicion_obliges_the_board_to_report(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    _finish_mandatory_steps(client, report)
    page = client.get(f"/police-reports/{report.id}", headers=EN).get_data(as_text=True)
    assert 'data-suspicion="no"' in page and "Record conclusion" in page

    # No choice: a message next to the field, nothing recorded.
    response = client.post(
        f"/police-reports/{report.id}/suspicion", data={"version": fresh(report).version}, headers=EN
    )
    assert response.status_code == 422 and fresh(report).reasonable_suspicion is False

    response = client.post(
        f"/police-reports/{report.id}/suspicion",
        data={"version": fresh(report).version, "reasonable_suspicion": "yes"},
        headers=EN,
    )
    assert response.status_code == 302
    assert fresh(report).reasonable_suspicion is True
    assert db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "police.suspicion")).one().note == "yes"

    # From now on not filing is refused: the board must report.
    response = step(client, report, "decide_not_to_file", reason="Liever intern afhandelen.")
    assert response.status_code == 422
    assert "the board must report" in response.get_data(as_text=True)
    assert fresh(report).state == "considered"


def test_only_directors_record_the_inspectors_conclusion(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    login(world.coordinator)
    response = client.post(
        f"/police-reports/{report.id}/suspicion",
        data={"version": fresh(report).version, "reasonable_suspicion": "yes"},
        headers=EN,
    )
    assert response.status_code == 403 and fresh(report).reasonable_suspicion is False


def test_stale_suspicion_form_changes_nothing(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    old_version = fresh(report).version
    client.post(
        f"/police-reports/{report.id}/suspicion",
        data={"version": old_version, "reasonable_suspicion": "yes"},
        headers=EN,
    )
    response = client.post(
        f"/police-reports/{report.id}/suspicion",
        data={"version": old_version, "reasonable_suspicion": "no"},
        headers=EN,
    )
    assert response.status_code == 302 and fresh(report).reasonable_suspicion is True
    assert "changed meanwhile" in client.get(response.headers["Location"], headers=EN).get_data(as_text=True)


def test_no_conclusion_for_other_offences(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sr285", world.victim)
    response = client.post(
        f"/police-reports/{report.id}/suspicion",
        data={"version": fresh(report).version, "reasonable_suspicion": "yes"},
        headers=EN,
    )
    assert response.status_code == 409 and fresh(report).reasonable_suspicion is False
