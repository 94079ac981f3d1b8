"""The Geschillencommissie steps on a removal's page: request received, advice received, and
the board's objection decision waiting for the advice (WPO 43 / WVO 27(2))."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from incidents.cases.models import CaseEvent
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.sanctions.advice_models import GeschillencommissieRequest
from incidents.sanctions.models import Sanction
from tests.helpers import EN, TODAY, button
from workflows import deadlines as D

AWAITED = "The Geschillencommissie&#39;s advice is awaited"


@pytest.fixture
def removal(make_world, make_person, make_case):
    """Factory: a pupil's removal at `legal_status`'s school, decided two weeks ago, notified,
    and objected to by the parents (state objection_filed), or in `state`."""

    def build(legal_status="special", state="objection_filed", measure="removal"):
        w = make_world(involved=None)
        w.school.legal_status = legal_status
        w.pupil = make_person(w.school, first_name="Bram", last_name="Visser", born=date(2012, 5, 1), parents=1)
        w.case = make_case(w.school, w.coordinator, [(w.pupil, "perpetrator")])
        decided_on = TODAY - timedelta(weeks=2)
        w.sanction = Sanction(
            school_id=w.school.id,
            case_id=w.case.id,
            subject_id=w.pupil.id,
            subject_kind="pupil",
            measure=measure,
            state=state,
            proposed_by_id=w.coordinator.id,
            decided_on=decided_on,
            decided_by_id=w.director.id,
            reasons="Onhoudbaar geworden situatie.",
            notified_on=decided_on,
            objection_deadline=decided_on + timedelta(weeks=6),
            objection_received_on=TODAY - timedelta(days=3),
            start_date=TODAY if measure == "suspension" else None,
            end_date=TODAY if measure == "suspension" else None,
        )
        db.session.add(w.sanction)
        db.session.flush()
        if state == "objection_filed":  # as file_objection leaves it
            w.sanction.objection_decision_due = D.objection_decision_due(
                w.sanction.objection_received_on, w.sanction.objection_deadline, legal_status
            )
            task = Followup(
                school_id=w.school.id,
                case_id=w.case.id,
                sanction_id=w.sanction.id,
                kind="decide_objection",
                due_on=w.sanction.objection_decision_due,
                assignee_role="director",
            )
            db.session.add(task)
        db.session.commit()
        return w

    return build


def fresh(w):
    db.session.expire_all()
    return db.session.get(Sanction, w.sanction.id)


def post(client, w, what, version=None, **fields):
    data = {"version": str(fresh(w).version if version is None else version)}
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()})
    return client.post(f"/sanctions/{w.sanction.id}/geschillencommissie/{what}", data=data, headers=EN)


def decide_objection(client, w):
    data = {"event": "decide_objection", "version": str(fresh(w).version), "outcome": "upheld", "reasons": "Ongegrond."}
    return client.post(f"/sanctions/{w.sanction.id}/step", data=data, headers=EN)


def advice_tasks(w):
    db.session.expire_all()
    query = select(Followup).where(Followup.sanction_id == w.sanction.id, Followup.kind == "geschillencommissie_advice")
    return db.session.scalars(query).all()


def request_row(w):
    db.session.expire_all()
    query = select(GeschillencommissieRequest).where(GeschillencommissieRequest.sanction_id == w.sanction.id)
    return db.session.scalar(query)


@pytest.mark.parametrize(
    "legal_status, before, after",
    [
        # Received Friday 13 November: 4 weeks to Friday 11 December; the term ran from 14
        # November and stood still from the request (15th) to the advice (16th): one day, to
        # Saturday 12 December, so Monday 14 December (Atw).
        ("special", date(2026, 12, 11), date(2026, 12, 14)),
        # Awb 7:10: 6 weeks from the window's end (14 December); the term had not started yet.
        ("public", date(2027, 1, 25), date(2027, 1, 25)),
    ],
)  # the request and the wait apply to both (WPO 43)
@pytest.mark.rule("geschillencommissie")
def test_the_objection_decision_waits_for_the_advice_requested_and_received_through_the_page(
    client, login, removal, legal_status, before, after
):
    w = removal(legal_status)
    assert fresh(w).objection_decision_due == before
    login(w.director)
    page = client.get(f"/sanctions/{w.sanction.id}", headers=EN).get_data(as_text=True)
    assert "data-geschillencommissie-request" in page and "data-geschillencommissie-advice" not in page

    requested_on = TODAY - timedelta(days=1)
    assert post(client, w, "request", requested_on=requested_on).status_code == 302
    assert request_row(w).requested_on == requested_on
    # Sunday 15 November 2026 + 10 weeks = Sunday 24 January 2027: the Atw runs it to Monday.
    due = date(2027, 1, 25)
    [task] = advice_tasks(w)
    assert (task.due_on, task.assignee_role, task.status) == (due, "director", "open")
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == w.case.id)).all()
    assert "sanction.geschillencommissie_request" in kinds

    page = client.get(f"/sanctions/{w.sanction.id}", headers=EN).get_data(as_text=True)
    assert AWAITED in page and "Advice due by</dt><dd>25 Jan 2027" in page
    assert button(page, "decide_objection") == "disabled"
    response = decide_objection(client, w)
    assert response.status_code == 422 and AWAITED in response.get_data(as_text=True)
    assert fresh(w).state == "objection_filed"

    response = post(client, w, "advice", advice_received_on=TODAY, advice_outcome="unfounded")
    assert response.status_code == 302
    row = request_row(w)
    assert (row.advice_received_on, row.advice_outcome) == (TODAY, "unfounded")
    assert [t.status for t in advice_tasks(w)] == ["done"]
    assert fresh(w).objection_decision_due == after
    query = select(Followup.due_on).where(Followup.sanction_id == w.sanction.id, Followup.kind == "decide_objection")
    assert db.session.scalars(query).all() == [after]
    page = client.get(f"/sanctions/{w.sanction.id}", headers=EN).get_data(as_text=True)
    assert "<dd>Parents' request unfounded</dd>" in page and AWAITED not in page
    assert "data-geschillencommissie-request" not in page and "data-geschillencommissie-advice" not in page
    response = decide_objection(client, w)
    assert AWAITED not in response.get_data(as_text=True)


@pytest.mark.rule("geschillencommissie")
def test_bad_request_and_advice_dates_are_refused_next_to_the_form_nothing_saved(client, login, removal):
    w = removal()
    login(w.coordinator)
    response = post(client, w, "request", requested_on=TODAY + timedelta(days=1))
    assert response.status_code == 422 and "The date lies in the future." in response.get_data(as_text=True)
    response = post(client, w, "request", requested_on=TODAY - timedelta(weeks=3))
    assert response.status_code == 422 and "cannot predate the removal decision" in response.get_data(as_text=True)
    response = post(client, w, "request", requested_on="")
    assert response.status_code == 422 and "This field is required." in response.get_data(as_text=True)
    assert request_row(w) is None and advice_tasks(w) == []

    assert post(client, w, "request", requested_on=TODAY).status_code == 302
    response = post(client, w, "advice", advice_received_on=TODAY - timedelta(days=1), advice_outcome="unfounded")
    assert response.status_code == 422 and "cannot predate the request" in response.get_data(as_text=True)
    response = post(client, w, "advice", advice_received_on=TODAY, advice_outcome="")
    assert response.status_code == 422
    assert request_row(w).advice_received_on is None and [t.status for t in advice_tasks(w)] == ["open"]


def test_a_second_request_and_a_stale_form_are_refused(client, login, removal):
    w = removal()
    login(w.director)
    old_version = fresh(w).version
    assert post(client, w, "request", requested_on=TODAY).status_code == 302
    response = post(client, w, "request", version=old_version, requested_on=TODAY)
    assert response.status_code == 302  # stale: back to the page with the message
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "changed meanwhile by someone else" in page
    response = post(client, w, "request", requested_on=TODAY)
    assert response.status_code == 422 and "already been recorded" in response.get_data(as_text=True)
    assert len(advice_tasks(w)) == 1


@pytest.mark.rule("geschillencommissie")
def test_a_suspension_has_no_geschillencommissie_step(client, login, removal):
    w = removal(measure="suspension")
    login(w.director)
    page = client.get(f"/sanctions/{w.sanction.id}", headers=EN).get_data(as_text=True)
    assert "data-geschillencommissie" not in page
    response = post(client, w, "request", requested_on=TODAY)
    assert response.status_code == 302  # a hand-made request: the reason is flashed on the page
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "advises on a pupil&#39;s removal only" in page
    assert request_row(w) is None


def test_a_mentor_may_not_record_the_request(client, login, removal):
    w = removal()
    login(w.mentor)
    assert post(client, w, "request", requested_on=TODAY).status_code == 403
    assert request_row(w) is None
