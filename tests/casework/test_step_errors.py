"""One place turns a stale or refused workflow step into the user's message
(incidents/core/steps.py): the same stale message on every step form, the 403 page for a
step the role may not take, the reasons next to the form that caused them."""

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from incidents.cases.models import Case, CaseEvent
from incidents.core.concurrency import StaleRecord
from incidents.core.steps import NotOffered
from incidents.extensions import db
from incidents.police.models import PoliceReport
from incidents.police.operations import open_police_report
from incidents.sanctions.models import Sanction
from incidents.sanctions.operations import propose_sanction
from tests.conftest import make_config
from workflows.errors import TransitionRefused

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}
STALE = "This record was changed meanwhile by someone else. Reload the page and try again."
STALE_NL = "Deze gegevens zijn intussen door iemand anders gewijzigd. Laad de pagina opnieuw en probeer het nog eens."
FORBIDDEN = "Your role may not take this step."
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(make_school, make_user, make_person, make_case, frozen_clock):
    class World:
        pass

    w = World()
    w.school = make_school()
    w.mentor = make_user("mentor", w.school)
    w.coordinator = make_user("coordinator", w.school)
    w.director = make_user("director", w.school)
    w.pupil = make_person(w.school, first_name="Lotte", last_name="Smit", parents=1)
    w.staff = make_person(w.school, kind="staff", first_name="Piet", last_name="Docent")
    w.case = make_case(w.school, w.mentor, [(w.pupil, "target"), (w.staff, "perpetrator")])
    w.sanction, _ = propose_sanction(w.case, w.director, "director", w.pupil, "warning")
    w.report, _ = open_police_report(w.case, w.director, "sr285", w.pupil)
    w.staff_report, _ = open_police_report(w.case, w.director, "sexual_offence_staff", w.pupil)
    db.session.commit()
    return w


def versions(w):
    db.session.expire_all()
    return (
        db.session.get(Case, w.case.id).version,
        db.session.get(Sanction, w.sanction.id).version,
        db.session.get(PoliceReport, w.report.id).version,
        db.session.get(PoliceReport, w.staff_report.id).version,
        db.session.scalar(select(func.count(CaseEvent.id))),
    )


def stale_posts(w):
    """Every step form, posted with a version that is no longer current: (user, url, data, page)."""
    return {
        "case transition": (w.coordinator, f"/cases/{w.case.id}/transition", {"event": "start"}, f"/cases/{w.case.id}"),
        "sanction step": (
            w.director,
            f"/sanctions/{w.sanction.id}/step",
            {"event": "decide", "reasons": "Pesten."},
            f"/sanctions/{w.sanction.id}",
        ),
        "sanction details": (
            w.director,
            f"/sanctions/{w.sanction.id}/details",
            {"admitting_school": "Elders"},
            f"/sanctions/{w.sanction.id}",
        ),
        "police step": (
            w.director,
            f"/police-reports/{w.report.id}/step",
            {"event": "file", "police_unit": "Eenheid", "report_number": "1"},
            f"/police-reports/{w.report.id}",
        ),
        "police suspicion": (
            w.director,
            f"/police-reports/{w.staff_report.id}/suspicion",
            {"reasonable_suspicion": "yes"},
            f"/police-reports/{w.staff_report.id}",
        ),
    }


@pytest.mark.parametrize(
    "form", ["case transition", "sanction step", "sanction details", "police step", "police suspicion"]
)
def test_a_stale_form_gets_the_one_message_on_its_page_and_changes_nothing(client, login, world, form):
    user, url, data, page_url = stale_posts(world)[form]
    login(user)
    before = versions(world)
    response = client.post(url, data={**data, "version": "99"}, headers=EN)
    assert response.status_code == 302
    assert response.headers["Location"].split("#")[0].endswith(page_url)
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert page.count(STALE) == 1
    assert versions(world) == before

    client.post(url, data={**data, "version": "99"}, headers=NL)
    assert STALE_NL in client.get(page_url, headers=NL).get_data(as_text=True)
    assert versions(world) == before


@pytest.mark.parametrize(
    "role, url, data",
    [
        ("coordinator", "/sanctions/{sanction}/step", {"event": "decide", "reasons": "Pesten."}),  # director only
        ("coordinator", "/police-reports/{report}/step", {"event": "file", "police_unit": "E", "report_number": "1"}),
        ("mentor", "/cases/{case}/transition", {"event": "close"}),  # not on the mentor's page
    ],
)
def test_a_step_the_role_may_not_take_gets_the_403_page(client, login, world, role, url, data):
    login(getattr(world, role))
    before = versions(world)
    ids = {"sanction": world.sanction.id, "report": world.report.id, "case": world.case.id}
    version = {"sanctions": world.sanction, "police-reports": world.report, "cases": world.case}[url.split("/")[1]]
    response = client.post(url.format(**ids), data={**data, "version": str(version.version)}, headers=EN)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert f"<h1>{FORBIDDEN}</h1>" in page
    assert versions(world) == before


def test_a_refused_proposal_shows_the_reasons_on_the_form_and_keeps_the_input(client, login, world):
    login(world.director)
    response = client.post(
        f"/cases/{world.case.id}/sanctions/new",
        headers=EN,
        data={
            "subject_id": str(world.pupil.id),
            "measure": "suspension",
            "start_date": "2026-11-17",
            "end_date": "2026-11-18",
        },
    )  # after a warning, skipping the time-out needs a justification
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="error" role="alert">Earlier steps were skipped (Time-out' in page
    assert 'value="2026-11-17"' in page and 'value="2026-11-18"' in page
    assert db.session.scalar(select(func.count(Sanction.id))) == 1


def test_a_refused_police_step_shows_the_reasons_next_to_its_form(client, login, world):
    login(world.director)
    before = versions(world)
    response = client.post(
        f"/police-reports/{world.report.id}/step",
        headers=EN,
        data={"event": "file", "version": str(world.report.version), "police_unit": "Eenheid Oost"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Fill in the report number." in page and 'value="Eenheid Oost"' in page
    assert versions(world) == before


def test_a_refused_case_step_is_flashed_on_the_case_page(client, login, world):
    login(world.coordinator)
    assert client.post(f"/cases/{world.case.id}/transition", data={"event": "start", "version": "1"}).status_code == 302
    before = versions(world)
    response = client.post(
        f"/cases/{world.case.id}/transition", headers=EN, data={"event": "close", "version": str(before[0])}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Parents not yet informed" in page and "sanction still open" in page
    assert versions(world) == before


def test_a_refused_dismissal_keeps_its_reason_form(client, login, world):
    login(world.coordinator)
    response = client.post(
        f"/cases/{world.case.id}/transition",
        headers=EN,
        data={"event": "dismiss", "version": "1", "confirm": "1", "reason": ""},
    )
    assert response.status_code == 422
    assert "Give a reason." in response.get_data(as_text=True)
    assert db.session.get(Case, world.case.id).state == "reported"


def test_outside_a_step_page_a_failed_step_gets_an_error_page(database_url, tmp_path):
    # Its own app: routes cannot be added to the shared one once it has served a request.
    app = create_app(make_config(database_url, tmp_path))
    client = app.test_client()

    def raising(error):
        def view():
            raise error

        return view

    for name, error in {
        "stale": StaleRecord(),
        "state": TransitionRefused("x", ("invalid_state",)),
        "role": TransitionRefused("x", ("role_not_allowed",)),
        "forged": NotOffered("x", ("invalid_state",)),
    }.items():
        view = raising(error)
        view.access_policy = "public"
        app.add_url_rule(f"/test-step/{name}", f"test_step_{name}", view)
    page = client.get("/test-step/stale", headers=EN)
    assert page.status_code == 409 and STALE in page.get_data(as_text=True)
    page = client.get("/test-step/state", headers=EN)
    assert page.status_code == 409 and "This step is not possible in the current state." in page.get_data(as_text=True)
    page = client.get("/test-step/role", headers=EN)
    assert page.status_code == 403 and FORBIDDEN in page.get_data(as_text=True)
    assert client.get("/test-step/forged", headers=EN).status_code == 409
    answer = client.get("/test-step/role", headers={"Accept": "application/json"})
    assert answer.status_code == 403 and answer.get_json() == {"error": 403}


def test_no_view_handles_stale_or_refused_steps_itself():
    """The ladder (catch, roll back, flash, render the error page) lives in one place."""
    found = []
    for path in (ROOT / "incidents").rglob("*views.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"StaleRecord", "TransitionRefused"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} catches {sorted(names)}")
            if isinstance(node, ast.Constant) and node.value == "errors/error.html":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} renders the error page by hand")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "changed meanwhile" in node.value:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} has its own stale message")
    assert not found, "\n".join(found)
