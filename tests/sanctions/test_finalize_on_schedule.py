"""Rule 4 without a write on GET: a sanction whose objection window passed is made final by
the scheduler's job; until then the case page and the sanction page say it will be shortly."""

from datetime import UTC, date, datetime, timedelta

import pytest

from incidents.extensions import db
from incidents.sanctions.models import Sanction
from incidents.sanctions.operations import propose_sanction, transition_sanction
from incidents.scheduler import jobs
from incidents.scheduler.jobs import run_in_app

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}
HINT = "The objection window has passed: the sanction becomes final within a few minutes."
HINT_NL = "De bezwaartermijn is verstreken: de sanctie wordt binnen enkele minuten definitief."


@pytest.fixture
def notified(make_school, make_user, make_person, make_case, frozen_clock):
    """A notified suspension (one day, or three: then the Inspectie must be told first)."""

    def make(days=1):
        school = make_school()
        director = make_user("director", school)
        coordinator = make_user("coordinator", school)
        pupil = make_person(school, parents=1)
        case = make_case(school, director, [(pupil, "perpetrator")])
        sanction, _ = propose_sanction(
            case,
            director,
            "director",
            pupil,
            "suspension",
            justification="Geweld",
            start_date=date(2026, 11, 17),
            end_date=date(2026, 11, 16 + days),
        )
        transition_sanction(sanction, director, "director", "decide", sanction.version, reasons="Geweld")
        transition_sanction(sanction, director, "director", "notify", sanction.version)
        db.session.commit()
        after_window = sanction.objection_deadline + timedelta(days=1)
        frozen_clock(datetime(after_window.year, after_window.month, after_window.day, 9, tzinfo=UTC))
        return case, sanction, coordinator, director

    return make


def state(sanction):
    db.session.expire_all()
    return db.session.get(Sanction, sanction.id).state


@pytest.mark.parametrize("role", ["coordinator", "director"])
def test_viewing_does_not_finalize_but_says_it_will_happen(app, client, login, notified, role):
    case, sanction, coordinator, director = notified()
    login({"coordinator": coordinator, "director": director}[role])
    for _ in range(2):
        assert HINT in client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
        assert HINT in client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert HINT_NL in client.get(f"/cases/{case.id}", headers=NL).get_data(as_text=True)
    assert HINT_NL in client.get(f"/sanctions/{sanction.id}", headers=NL).get_data(as_text=True)
    assert state(sanction) == "objection_window"

    assert run_in_app(app, jobs.finalize_sanctions)() == 1
    assert state(sanction) == "final"
    assert HINT not in client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert HINT not in client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)


def test_a_sanction_held_back_by_a_rule_makes_no_promise(app, client, login, notified):
    case, sanction, _coordinator, director = notified(days=3)  # the Inspectie has not been informed
    login(director)
    assert HINT not in client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert HINT not in page
    assert "The Inspectie has not been informed in writing yet." in page  # why, next to "Make final"
    assert run_in_app(app, jobs.finalize_sanctions)() == 0
    assert state(sanction) == "objection_window"


def test_inside_the_window_there_is_no_hint(client, login, notified, frozen_clock):
    case, sanction, coordinator, _director = notified()
    deadline = db.session.get(Sanction, sanction.id).objection_deadline
    frozen_clock(datetime(deadline.year, deadline.month, deadline.day, 20, tzinfo=UTC))
    login(coordinator)
    assert HINT not in client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert HINT not in client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
