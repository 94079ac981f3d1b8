"""Issue 12, points 9 and 10 and Sr 139h, through the browser: sharing sexual images without
consent is a category the school reports itself; a reasonable suspicion of a sexual offence by
staff makes "file the report now" a task due that day for the directors; a "victim learned of
it on" date after today is refused next to its field, so it cannot stretch the complaint term."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.police.models import PoliceReport
from tests.helpers import EN, TODAY
from tests.police.test_police_flow import _finish_mandatory_steps, fresh, open_report, step

NL = {"Accept-Language": "nl"}


@pytest.fixture
def world(make_world):
    w = make_world(involved=(("femke", "target"), ("teacher", "perpetrator")))
    w.victim = w.femke
    return w


def tasks(report, kind):
    stmt = select(Followup).where(Followup.police_report_id == report.id, Followup.kind == kind)
    return db.session.scalars(stmt).all()


def field_block(page, name):
    """The form field `name`'s block (label, input and its messages) on a page."""
    match = re.search(rf'<div class="field[^"]*">\s*<label for="{name}".*?</div>', page, re.S)
    assert match, name
    return match.group(0)


def suspicion(client, report, answer):
    data = {"version": fresh(report).version, "reasonable_suspicion": answer}
    return client.post(f"/police-reports/{report.id}/suspicion", data=data, headers=EN)


@pytest.mark.rule("police-sr139h")
def test_sr139h_is_offered_in_dutch_and_the_school_files_it(client, login, world):
    login(world.director)
    form = client.get(f"/cases/{world.case.id}/police-reports/new", headers=NL).get_data(as_text=True)
    assert "Seksueel beeldmateriaal zonder toestemming verspreiden (art. 139h Sr)" in form
    report = open_report(client, world.case, "sr139h", world.victim)
    assert report.offence == "sr139h" and tasks(report, "support_victim_report") == []
    response = step(client, report, "file", police_unit="Basisteam Centrum", report_number="PL-139", filed_on=TODAY)
    assert response.status_code == 302
    assert fresh(report).state == "filed"


@pytest.mark.rule("police-sexual-offence-staff")
def test_a_reasonable_suspicion_makes_filing_a_task_due_today_for_the_directors(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    assert tasks(report, "file_police_report") == []
    assert suspicion(client, report, "yes").status_code == 302
    [task] = tasks(report, "file_police_report")
    assert (task.due_on, task.assignee_role, task.status) == (TODAY, "director", "open")
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert "File the police report now (reasonable suspicion)" in page

    assert suspicion(client, report, "yes").status_code == 302  # recorded again: no second task
    assert len(tasks(report, "file_police_report")) == 1

    _finish_mandatory_steps(client, report)  # completes the open tasks, this one too when ticked off
    report = fresh(report)
    assert step(client, report, "file", police_unit="Zedenpolitie", report_number="Z-1").status_code == 302
    assert fresh(report).state == "filed"
    assert [t.status for t in tasks(report, "file_police_report")] == ["done"]


@pytest.mark.rule("police-sexual-offence-staff")
def test_filing_completes_the_file_now_task(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    for item in db.session.scalars(select(Followup).where(Followup.police_report_id == report.id)).all():
        assert client.post(f"/followups/{item.id}/done", headers=EN).status_code == 302
    assert suspicion(client, report, "yes").status_code == 302
    [task] = tasks(report, "file_police_report")
    assert task.status == "open"
    assert step(client, report, "file", police_unit="Zedenpolitie", report_number="Z-2").status_code == 302
    db.session.expire_all()
    assert db.session.get(Followup, task.id).status == "done"


@pytest.mark.rule("police-sexual-offence-staff")
def test_no_reasonable_suspicion_plans_no_filing(client, login, world):
    login(world.director)
    report = open_report(client, world.case, "sexual_offence_staff", world.victim)
    assert suspicion(client, report, "no").status_code == 302
    assert tasks(report, "file_police_report") == []


@pytest.mark.rule("police-complaint-term")
def test_learned_of_it_after_today_is_refused_at_the_field(client, login, world):
    login(world.director)
    tomorrow = TODAY + timedelta(days=1)
    data = {"offence": "sr266", "victim_id": str(world.victim.id), "known_on": tomorrow.isoformat()}
    response = client.post(f"/cases/{world.case.id}/police-reports/new", data=data, headers=EN)
    assert response.status_code == 200  # the form again
    page = response.get_data(as_text=True)
    block = field_block(page, "known_on")
    assert "The date lies in the future." in block and tomorrow.isoformat() in block  # the input is kept
    assert db.session.scalar(select(func.count()).select_from(PoliceReport)) == 0

    response = client.post(f"/cases/{world.case.id}/police-reports/new", data=data, headers=NL)
    assert "De datum ligt in de toekomst." in field_block(response.get_data(as_text=True), "known_on")

    report = open_report(client, world.case, "sr266", world.victim, known_on=TODAY)
    assert report.complaint_deadline == date(2027, 2, 16)
