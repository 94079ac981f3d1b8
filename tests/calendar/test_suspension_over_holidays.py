"""Through the browser: the school days of a suspension leave out the holidays the administrator
entered (by hand or by CSV import), on the sanction page, in its decision and in the letter; the
objection window runs on through a school holiday."""

from datetime import UTC, date, datetime

import pytest

from incidents.extensions import db
from incidents.letters.context import build_context
from incidents.sanctions.models import Sanction
from tests.helpers import EN, button, upload

NL = {"Accept-Language": "nl"}
# Thursday 17 December 2026 to Wednesday 6 January 2027, over the Christmas holiday 2026-2027.
START, END = date(2026, 12, 17), date(2027, 1, 6)
TOO_LONG = "A suspension lasts at most 5 school days (this one: 13)."


def fresh(sanction_id):
    db.session.expire_all()
    return db.session.get(Sanction, sanction_id)


@pytest.fixture
def w(make_world, make_person, make_case, long_sessions):
    w = make_world(involved=None)
    w.pupil = make_person(w.school, first_name="Bram", last_name="Visser", parents=1)
    w.case = make_case(w.school, w.coordinator, [(w.pupil, "perpetrator")])
    return w


def propose_suspension(client, w):
    response = client.post(
        f"/cases/{w.case.id}/sanctions/new",
        data={
            "subject_id": str(w.pupil.id),
            "measure": "suspension",
            "start_date": START.isoformat(),
            "end_date": END.isoformat(),
            "justification": "Herhaald bedreigen via WhatsApp.",
        },
        headers=EN,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def decide(client, sanction_id, event="decide"):
    return client.post(
        f"/sanctions/{sanction_id}/step",
        data={"event": event, "version": str(fresh(sanction_id).version), "reasons": "Bedreigingen."},
        headers=EN,
    )


def enter_christmas_by_hand(client, w):
    response = client.post(
        "/admin/holidays",
        data={"name": "Kerstvakantie", "first_day": "2026-12-19", "last_day": "2027-01-03"},
        headers=EN,
    )
    assert response.status_code == 302


def import_christmas(client, w):
    response = client.post(
        "/admin/holidays/import",
        data={"file": upload(b"Naam;Eerste dag;Laatste dag\nKerstvakantie;19-12-2026;03-01-2027\n", "k.csv")},
        content_type="multipart/form-data",
        headers=EN,
    )
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.mark.rule("school-days")
@pytest.mark.parametrize("enter", [enter_christmas_by_hand, import_christmas], ids=["by_hand", "csv_import"])
def test_a_suspension_over_a_holiday_the_admin_entered_counts_five_school_days(client, login, w, enter):
    login(w.director)
    sanction_id = propose_suspension(client, w)
    page = client.get(f"/sanctions/{sanction_id}", headers=EN).get_data(as_text=True)
    assert 'data-school-days="13"' in page and TOO_LONG in page
    assert button(page, "decide") == "disabled"
    assert decide(client, sanction_id).status_code == 422
    assert fresh(sanction_id).state == "proposed"

    login(w.admin)
    enter(client, w)

    login(w.director)
    page = client.get(f"/sanctions/{sanction_id}", headers=NL).get_data(as_text=True)
    assert 'data-school-days="5"' in page and "(5 schooldagen)" in page
    assert button(page, "decide") == "enabled"
    assert decide(client, sanction_id).status_code == 302
    sanction = fresh(sanction_id)
    assert sanction.state == "decided"
    fields = build_context(
        w.case, concerns=w.pupil, addressee_name="", sender=w.director, sender_role="director", sanction=sanction
    )
    assert fields["days"] == "5"


@pytest.mark.rule("school-days")
def test_another_schools_holidays_do_not_count(client, login, w, make_school, make_user):
    other = make_school(name="Elders")
    login(make_user("admin", other))
    enter_christmas_by_hand(client, w)
    login(w.director)
    sanction_id = propose_suspension(client, w)
    assert TOO_LONG in client.get(f"/sanctions/{sanction_id}", headers=EN).get_data(as_text=True)


@pytest.mark.rule("school-holidays-extend-no-term")
def test_the_objection_window_runs_on_through_the_christmas_holiday(client, login, w):
    login(w.admin)
    enter_christmas_by_hand(client, w)
    login(w.director)
    sanction_id = propose_suspension(client, w)
    assert decide(client, sanction_id).status_code == 302
    # Notified on the frozen Monday 16 November 2026: 6 weeks end on Monday 28 December, inside
    # the Christmas holiday, which does not extend the term.
    response = client.post(
        f"/sanctions/{sanction_id}/step",
        data={"event": "notify", "version": str(fresh(sanction_id).version)},
        headers=EN,
    )
    assert response.status_code == 302
    assert fresh(sanction_id).objection_deadline == date(2026, 12, 28)


@pytest.mark.parametrize(
    "received_on, accepted",
    [(date(2027, 4, 28), True), (date(2027, 4, 29), False)],
    ids=["28_april_accepted", "29_april_refused"],
)
@pytest.mark.rule("atw-shift", "school-holidays-extend-no-term")
def test_issue_example_objection_window_after_kings_day_not_after_the_may_holiday(
    client, login, w, frozen_clock, received_on, accepted
):
    """Issue #12: notified on Tuesday 16 March 2027, the 6 weeks end on King's Day; the Atw runs the
    term to Wednesday 28 April. The school's May holiday (24 April to 2 May 2027) extends nothing."""
    login(w.admin)
    assert client.post("/admin/holidays/region", data={"holiday_region": "noord"}, headers=EN).status_code == 302
    assert client.post("/admin/holidays/fill", data={"school_year": "2026"}, headers=EN).status_code == 302
    login(w.director)
    response = client.post(
        f"/cases/{w.case.id}/sanctions/new",
        data={
            "subject_id": str(w.pupil.id),
            "measure": "suspension",
            "start_date": "2027-03-11",
            "end_date": "2027-03-11",
            "justification": "Herhaald bedreigen via WhatsApp.",
        },
        headers=EN,
    )
    sanction_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert decide(client, sanction_id).status_code == 302
    frozen_clock(datetime(2027, 3, 16, 9, 0, tzinfo=UTC))
    step = {"event": "notify", "version": str(fresh(sanction_id).version)}
    assert client.post(f"/sanctions/{sanction_id}/step", data=step, headers=EN).status_code == 302
    assert fresh(sanction_id).objection_deadline == date(2027, 4, 28)

    frozen_clock(datetime(received_on.year, received_on.month, received_on.day, 9, 0, tzinfo=UTC))
    login(w.coordinator)
    step = {"event": "file_objection", "version": str(fresh(sanction_id).version), "received_on": received_on}
    response = client.post(f"/sanctions/{sanction_id}/step", data=step, headers=EN)
    if accepted:
        assert response.status_code == 302
        assert (fresh(sanction_id).state, fresh(sanction_id).objection_received_on) == ("objection_filed", received_on)
    else:
        assert response.status_code == 422
        assert "The objection window closed on" in response.get_data(as_text=True)
        assert fresh(sanction_id).state == "objection_window"
