"""Sanctions through the browser: the numbered rules of issue #3 (1, 2, 3, 4, 6, 8)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from incidents.extensions import db
from incidents.letters.context import build_context
from incidents.sanctions.models import Sanction
from tests.helpers import EN, TODAY, button, follow
from tests.sanctions.helpers import (
    NL,
    at,
    details,
    done,
    finalize_due,
    followups,
    fresh,
    hearing,
    ok,
    propose,
    proposed,
    step,
    view_case,
)

# --- rule 1 -----------------------------------------------------------------------


@pytest.mark.rule("sanction-director-decides")
@pytest.mark.parametrize("subject", ["pupil", "parent"])  # staff: directors only (test_staff_sanctions.py)
def test_rule1_coordinator_proposes_only_director_decides(client, login, setup, subject):
    w = setup()
    person = getattr(w, subject)
    login(w.coordinator)
    sanction = proposed(client, w.case, person, "warning")
    assert (sanction.state, sanction.proposed_by_id, sanction.subject_kind) == ("proposed", w.coordinator.id, subject)

    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert person.full_name in page
    assert button(page, "decide") in (None, "disabled")
    response = step(client, sanction, "decide", reasons="Omdat het moet.")
    assert response.status_code in (403, 422)  # issue #3 asks 403 for a forbidden step; the view says 422
    assert "Your role may not take this step." in response.get_data(as_text=True)
    sanction = fresh(sanction)
    assert sanction.state == "proposed" and sanction.decided_on is None

    login(w.director)
    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert button(page, "decide") == "enabled"
    sanction = ok(client, sanction, "decide", reasons="Ernstig en herhaald gedrag.")
    assert sanction.state == "decided"
    assert (sanction.decided_on, sanction.decided_by_id) == (TODAY, w.director.id)


@pytest.mark.rule("sanction-director-decides")
def test_rule1_mentor_cannot_propose(client, login, setup, make_user):
    w = setup()
    login(make_user("mentor", w.school))
    assert propose(client, w.case, w.pupil, "warning").status_code == 403
    assert db.session.scalars(select(Sanction)).all() == []


def test_sanction_of_other_school_is_not_found(client, login, setup, make_school, make_user):
    w = setup()
    login(w.coordinator)
    sanction = proposed(client, w.case, w.pupil, "warning")
    login(make_user("director", make_school()))
    assert client.get(f"/sanctions/{sanction.id}").status_code == 404
    assert step(client, sanction, "decide", reasons="x").status_code == 404


# --- rule 2 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, school_days, inspectie",
    [
        (date(2026, 11, 17), date(2026, 11, 17), 1, False),
        (date(2026, 11, 17), date(2026, 11, 18), 2, True),
        (date(2026, 11, 17), date(2026, 11, 19), 3, True),
        (date(2026, 11, 19), date(2026, 11, 25), 5, True),  # Thu..Wed across a weekend
    ],
)
@pytest.mark.rule("suspension-inspectie")
def test_rule2_pupil_suspension_inspectie_followup(client, login, setup, start, end, school_days, inspectie):
    w = setup()
    login(w.director)
    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "suspension",
        start_date=start,
        end_date=end,
        justification="Geweld op het schoolplein.",
    )
    sanction = ok(client, sanction, "decide", reasons="Fysiek geweld tegen een klasgenoot.")
    assert sanction.state == "decided" and sanction.reasons == "Fysiek geweld tegen een klasgenoot."
    items = followups(sanction, "inform_inspectie")
    if inspectie:
        assert len(items) == 1
        assert items[0].due_on == TODAY and items[0].assignee_role == "director" and items[0].status == "open"
        page = view_case(client, w.case)
        assert "Inform the Inspectie in writing, with reasons" in page
    else:
        assert items == []


@pytest.mark.rule("suspension-inspectie")
def test_rule2_suspension_not_final_until_inspectie_informed(client, login, setup):
    w = setup()
    login(w.director)
    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "suspension",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 19),
        justification="Geweld op het schoolplein.",
    )
    sanction = ok(client, sanction, "decide", reasons="Fysiek geweld.")
    sanction = ok(client, sanction, "notify")
    assert sanction.state == "objection_window"
    # In secondary education the decision goes to the parents and to the pupil.
    notices = sorted(f.kind for f in followups(sanction) if f.kind.startswith("notice:sanction_decision"))
    assert notices == ["notice:sanction_decision:parents", "notice:sanction_decision:pupil"]

    w.clock(at(sanction.objection_deadline + timedelta(days=1)))
    finalize_due(w)
    assert fresh(sanction).state == "objection_window"  # the window passed, but the Inspectie was not informed
    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert "The Inspectie has not been informed in writing yet." in page
    response = step(client, sanction, "finalize")
    assert response.status_code == 422
    assert fresh(sanction).state == "objection_window"

    done(client, followups(sanction, "inform_inspectie")[0])
    finalize_due(w)
    assert fresh(sanction).state == "final"


@pytest.mark.rule("suspension-max-five-school-days")
def test_rule2_suspension_longer_than_five_school_days_is_refused(client, login, setup):
    w = setup()
    login(w.director)
    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "suspension",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 24),
        justification="Geweld op het schoolplein.",
    )
    response = step(client, sanction, "decide", reasons="Fysiek geweld.")
    assert response.status_code == 422
    assert "A suspension lasts at most 5 school days (this one: 6)." in response.get_data(as_text=True)
    sanction = fresh(sanction)
    assert sanction.state == "proposed" and sanction.decided_on is None
    assert followups(sanction, "inform_inspectie") == []


@pytest.mark.rule("suspension-max-five-school-days")
def test_rule2_suspension_needs_dates_and_reasons(client, login, setup):
    w = setup()
    login(w.director)
    sanction = proposed(client, w.case, w.pupil, "suspension", justification="Geweld op het schoolplein.")
    page = step(client, sanction, "decide").get_data(as_text=True)
    assert "A suspension needs a start and end date." in page
    assert "Write down the reasons for the decision." in page
    assert fresh(sanction).state == "proposed"


def test_rule2_primary_school_notifies_only_parents(client, login, setup):
    w = setup(kind="primary", born=date(2016, 3, 3))
    login(w.director)
    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "suspension",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 17),
        justification="Geweld op het schoolplein.",
    )
    ok(client, sanction, "decide", reasons="Fysiek geweld.")
    ok(client, sanction, "notify")
    notices = [f.kind for f in followups(sanction) if f.kind.startswith("notice:sanction_decision")]
    assert notices == ["notice:sanction_decision:parents"]


# --- rule 3 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, born, parties, needs_inspectie",
    [
        ("secondary", date(2012, 5, 1), ("teacher", "parents", "pupil"), True),
        ("primary", date(2016, 3, 3), ("teacher", "parents"), False),
    ],
)
@pytest.mark.rule("removal-hearings", "vo-removal-inspectie-and-leerplicht", "removal-admitting-school")
def test_rule3_removal(client, login, setup, kind, born, parties, needs_inspectie):
    w = setup(kind=kind, born=born)
    login(w.director)
    sanction = proposed(client, w.case, w.pupil, "removal", justification="Zeer ernstig incident.")

    # From `proposed`, decide asks for a hearing first.
    response = step(client, sanction, "decide", reasons="Onhoudbaar.")
    assert response.status_code == 422 and "This measure needs a hearing first." in response.get_data(as_text=True)
    sanction = ok(client, sanction, "start_hearing")
    assert sanction.state == "hearing"

    expected = {
        "teacher": "The teacher has not been heard yet.",
        "parents": "The parents have not been heard yet.",
        "pupil": "The pupil has not been heard yet.",
    }
    missing = list(parties)
    while missing:
        response = step(client, sanction, "decide", reasons="Onhoudbaar.")
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert [p for p in expected if expected[p] in page] == missing
        assert ("The Inspectie has not been consulted yet." in page) == needs_inspectie
        assert fresh(sanction).state == "hearing"
        hearing(client, sanction, missing.pop(0))
    if not needs_inspectie:
        assert "pupil" not in parties  # primary education: the pupil need not be heard

    if needs_inspectie:
        response = step(client, sanction, "decide", reasons="Onhoudbaar.")
        assert response.status_code == 422
        assert "The Inspectie has not been consulted yet." in response.get_data(as_text=True)
        assert details(client, sanction, inspectie_consulted_on=TODAY).status_code == 302
        assert fresh(sanction).inspectie_consulted_on == TODAY

    sanction = ok(client, sanction, "decide", reasons="Onhoudbaar geworden situatie.")
    assert sanction.state == "decided"
    lpa = followups(sanction, "inform_leerplichtambtenaar")
    assert len(lpa) == 1 and lpa[0].due_on == TODAY
    assert followups(sanction, "find_admitting_school")[0].due_on == TODAY + timedelta(weeks=8)

    sanction = ok(client, sanction, "notify")
    assert sanction.state == "objection_window"
    w.clock(at(sanction.objection_deadline + timedelta(days=1)))
    finalize_due(w)
    assert fresh(sanction).state == "objection_window"  # no admitting school yet
    response = step(client, sanction, "finalize")
    assert response.status_code == 422
    assert "No other school has agreed to admit the pupil yet." in response.get_data(as_text=True)

    # School name alone is not enough; the date of the agreement is needed too.
    details(
        client, sanction, inspectie_consulted_on=TODAY if needs_inspectie else "", admitting_school="Het Nieuwe Lyceum"
    )
    finalize_due(w)
    assert fresh(sanction).state == "objection_window"

    details(
        client,
        sanction,
        inspectie_consulted_on=TODAY if needs_inspectie else "",
        admitting_school="Het Nieuwe Lyceum",
        admitting_school_agreed_on=date(2026, 12, 20),
    )
    sanction = fresh(sanction)
    assert (sanction.admitting_school, sanction.admitting_school_agreed_on) == ("Het Nieuwe Lyceum", date(2026, 12, 20))
    if needs_inspectie:  # secondary: the Inspectie is informed in writing after the decision (IB WVO 14)
        finalize_due(w)
        assert fresh(sanction).state == "objection_window"
        done(client, followups(sanction, "inform_inspectie")[0])
    finalize_due(w)
    assert fresh(sanction).state == "final"


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_adult_pupil_in_secondary_needs_no_inspectie_consultation(client, login, setup):
    w = setup(born=date(2007, 1, 1))  # 19 years old
    login(w.director)
    sanction = proposed(client, w.case, w.pupil, "removal", justification="Zeer ernstig incident.")
    ok(client, sanction, "start_hearing")
    assert details(client, sanction, parents_involved="yes").status_code == 302
    for party in ("teacher", "parents", "pupil"):
        hearing(client, sanction, party)
    assert ok(client, sanction, "decide", reasons="Onhoudbaar.").state == "decided"


def test_rule3_hearing_form_errors_keep_nothing(client, login, setup):
    w = setup()
    login(w.director)
    sanction = proposed(client, w.case, w.pupil, "removal", justification="Zeer ernstig incident.")
    response = client.post(
        f"/sanctions/{sanction.id}/hearings",
        headers=EN,
        data={"party": "teacher", "occurred_on": TODAY.isoformat(), "report": ""},
    )
    assert response.status_code == 422
    from incidents.correspondence.models import Correspondence

    assert db.session.scalars(select(Correspondence)).all() == []


# --- rule 4 -----------------------------------------------------------------------


def _decided_suspension(client, w):
    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "suspension",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 17),
        justification="Geweld op het schoolplein.",
    )
    return ok(client, sanction, "decide", reasons="Fysiek geweld.")


@pytest.mark.parametrize(
    "notified_on, deadline",
    [
        (date(2026, 11, 16), date(2026, 12, 28)),  # Monday + 42 days = Monday
        (date(2026, 11, 20), date(2027, 1, 4)),  # Friday + 42 = New Year's Day, then a weekend: Monday
        (date(2026, 11, 21), date(2027, 1, 4)),  # Saturday + 42 = Saturday: runs to Monday
    ],
)
@pytest.mark.rule("objection-window")
def test_rule4_notify_sets_objection_deadline(client, login, setup, notified_on, deadline):
    w = setup()
    login(w.director)
    sanction = _decided_suspension(client, w)
    w.clock(at(notified_on))
    sanction = ok(client, sanction, "notify")
    assert sanction.state == "objection_window"
    assert sanction.notified_on == notified_on
    assert sanction.objection_deadline == deadline
    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert "Objection possible until" in page


@pytest.mark.rule("atw-holidays", "atw-shift")
def test_rule4_objection_deadline_on_kings_day_shows_the_next_day_in_dutch(client, login, setup):
    """Issue #12: notified on 16 March 2027, the 6 weeks end on King's Day (Tuesday 27 April);
    the Algemene termijnenwet runs the term to Wednesday 28 April, on the page and in the letter."""
    w = setup()
    login(w.director)
    sanction = _decided_suspension(client, w)
    w.clock(at(date(2027, 3, 16)))
    sanction = ok(client, sanction, "notify")
    assert sanction.objection_deadline == date(2027, 4, 28)
    page = client.get(f"/sanctions/{sanction.id}", headers=NL).get_data(as_text=True)
    assert "Bezwaar mogelijk tot</dt><dd>28 apr 2027</dd>" in page
    assert "27 apr 2027" not in page
    fields = build_context(
        w.case, concerns=w.pupil, addressee_name="", sender=w.director, sender_role="director", sanction=sanction
    )
    assert fields["objection_deadline"] == "28 april 2027"


@pytest.mark.parametrize(
    "legal_status, due",
    [
        ("special", date(2026, 12, 28)),  # WPO 63 / WVO 27: 4 weeks after receipt (30 November)
        ("public", date(2027, 2, 8)),  # Awb 7:10: 6 weeks after the window ended (28 December)
    ],
)
@pytest.mark.rule("objection-route-by-legal-status")
def test_rule4_objection_inside_window(client, login, setup, legal_status, due):
    w = setup()
    w.school.legal_status = legal_status
    db.session.commit()
    login(w.director)
    sanction = ok(client, _decided_suspension(client, w), "notify")
    deadline = sanction.objection_deadline
    assert deadline == date(2026, 12, 28)

    w.clock(at(date(2026, 12, 1)))
    login(w.coordinator)  # a coordinator registers the objection received
    sanction = ok(client, sanction, "file_objection", received_on=date(2026, 11, 30))
    assert sanction.state == "objection_filed"
    assert sanction.objection_received_on == date(2026, 11, 30)
    assert sanction.objection_decision_due == due
    task = followups(sanction, "decide_objection")
    assert len(task) == 1 and task[0].due_on == due and task[0].assignee_role == "director"

    # The objection keeps it open after the window: the scheduler does not finalize it.
    w.clock(at(deadline + timedelta(days=3)))
    finalize_due(w)
    assert fresh(sanction).state == "objection_filed"

    login(w.director)
    hearing(client, sanction, "parents")  # heard on the objection (WPO 63, IB WVO 15)
    sanction = ok(client, sanction, "decide_objection", outcome="upheld", reasons="Bezwaar ongegrond.")
    assert (sanction.state, sanction.objection_outcome) == ("objection_decided", "upheld")


def test_rule4_objection_overturned_revokes(client, login, setup):
    w = setup()
    login(w.director)
    sanction = ok(client, _decided_suspension(client, w), "notify")
    sanction = ok(client, sanction, "file_objection", received_on=TODAY)
    hearing(client, sanction, "parents")
    sanction = ok(client, sanction, "decide_objection", outcome="overturned", reasons="Bezwaar gegrond.")
    assert (sanction.state, sanction.objection_outcome) == ("revoked", "overturned")


@pytest.mark.rule("objection-window")
def test_rule4_objection_after_window_is_refused(client, login, setup):
    w = setup()
    login(w.director)
    sanction = ok(client, _decided_suspension(client, w), "notify")
    w.clock(at(date(2026, 12, 29)))
    response = step(client, sanction, "file_objection", received_on=date(2026, 12, 29))
    assert response.status_code == 422
    assert "The objection window closed on" in response.get_data(as_text=True)
    assert fresh(sanction).state == "objection_window"


@pytest.mark.rule("objection-window")
def test_rule4_sanction_becomes_final_after_window_by_the_scheduler(client, login, setup):
    w = setup()
    login(w.director)
    sanction = ok(client, _decided_suspension(client, w), "notify")
    deadline = sanction.objection_deadline

    w.clock(at(deadline, hour=20))  # the last day still inside the window
    finalize_due(w)
    assert fresh(sanction).state == "objection_window"

    w.clock(at(deadline + timedelta(days=1)))
    login(w.coordinator)  # the scheduler's job finalizes it; the coordinator then sees it
    assert finalize_due(w) == 1
    page = view_case(client, w.case)
    sanction = fresh(sanction)
    assert sanction.state == "final"
    assert "Final" in page
    from incidents.cases.models import CaseEvent

    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == w.case.id)).all()
    assert "sanction.finalize" in kinds
    # The system finalized it, not the coordinator who views the case.
    from incidents.audit.models import AuditEvent

    entry = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sanction.finalize")).one()
    assert entry.user_id is None and entry.object_id == sanction.id
    notify = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sanction.notify")).one()
    assert notify.user_id == w.director.id


def test_rule4_final_sanction_no_longer_blocks_closing(client, login, setup):
    w = setup()
    login(w.director)
    sanction = ok(client, _decided_suspension(client, w), "notify")
    client.post(f"/cases/{w.case.id}/transition", data={"event": "start", "version": str(w.case.version)})
    client.post(
        f"/cases/{w.case.id}/parent-contact",
        data={
            "form": "contact",
            "pupil_id": str(w.pupil.id),
            "kind": "phone",
            "occurred_on": TODAY.isoformat(),
            "note": "Gebeld.",
        },
    )
    db.session.expire_all()
    client.post(f"/cases/{w.case.id}/transition", data={"event": "close", "version": str(w.case.version)})
    db.session.expire_all()
    assert w.case.state == "in_progress"
    w.clock(at(sanction.objection_deadline + timedelta(days=1)))
    finalize_due(w)
    db.session.expire_all()
    client.post(f"/cases/{w.case.id}/transition", data={"event": "close", "version": str(w.case.version)})
    db.session.expire_all()
    assert w.case.state == "closed"


# --- rule 6 -----------------------------------------------------------------------


def _summary_dismissal(client, w, known_on):
    return proposed(
        client,
        w.case,
        w.staff,
        "summary_dismissal",
        urgent_reason_known_on=known_on,
        justification="Grensoverschrijdend gedrag; direct ontslag.",
    )


@pytest.mark.rule("staff-summary-dismissal-immediate")
def test_rule6_summary_dismissal_same_day_needs_no_override(client, login, setup):
    w = setup()
    login(w.director)
    sanction = _summary_dismissal(client, w, TODAY)
    task = followups(sanction, "decide_sanction")
    assert len(task) == 1 and task[0].due_on == TODAY
    sanction = ok(client, sanction, "decide", reasons="Ontucht met een leerling.")
    assert sanction.state == "decided" and sanction.override_reason is None
    assert followups(sanction, "notify_decision")[0].due_on == TODAY


@pytest.mark.rule("staff-summary-dismissal-immediate")
def test_rule6_summary_dismissal_late_needs_override_with_reason(client, login, setup):
    w = setup()
    login(w.director)
    sanction = _summary_dismissal(client, w, TODAY - timedelta(days=1))

    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert "the dismissal is no longer immediate" in page
    assert 'name="override"' in page

    response = step(client, sanction, "decide", reasons="Ontucht met een leerling.")
    assert response.status_code == 422
    assert "The urgent reason became known on 2026-11-15: the dismissal is no longer immediate." in response.get_data(
        as_text=True
    )
    assert fresh(sanction).state == "proposed"

    response = step(client, sanction, "decide", reasons="Ontucht met een leerling.", override="y")
    assert response.status_code == 422
    assert "Explain in writing why the override is justified." in response.get_data(as_text=True)
    assert fresh(sanction).state == "proposed"

    sanction = ok(
        client,
        sanction,
        "decide",
        reasons="Ontucht met een leerling.",
        override="y",
        override_reason="Het onderzoek van de vertrouwensinspecteur kwam pas vandaag binnen.",
    )
    assert sanction.state == "decided"
    assert sanction.override_reason == "Het onderzoek van de vertrouwensinspecteur kwam pas vandaag binnen."
    assert sanction.decided_on == TODAY


@pytest.mark.rule("staff-summary-dismissal-immediate")
def test_rule6_summary_dismissal_needs_the_date_the_reason_became_known(client, login, setup):
    w = setup()
    login(w.director)
    sanction = _summary_dismissal(client, w, "")
    response = step(client, sanction, "decide", reasons="Ontucht met een leerling.")
    assert response.status_code == 422
    assert "Record the day the urgent reason became known." in response.get_data(as_text=True)


# --- rule 8 -----------------------------------------------------------------------


@pytest.mark.rule("ladder-skip-justified")
def test_rule8_removal_without_suspension_needs_justification(client, login, setup):
    w = setup()
    login(w.coordinator)
    response = propose(client, w.case, w.pupil, "removal")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Earlier steps were skipped" in page and "write a justification" in page
    # The skipped measures are named by their label, not by their code.
    assert "(Warning, Time-out" in page
    assert "(warning" not in page
    assert db.session.scalars(select(Sanction)).all() == []

    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "removal",
        justification="Wapen meegenomen naar school; eerdere stappen zijn niet passend.",
    )
    assert sanction.justification == "Wapen meegenomen naar school; eerdere stappen zijn niet passend."
    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert "Wapen meegenomen naar school" in page


@pytest.mark.rule("ladder-skip-justified")
def test_rule8_removal_after_suspension_needs_no_justification(client, login, setup):
    w = setup()
    login(w.director)
    _decided_suspension(client, w)
    sanction = proposed(client, w.case, w.pupil, "removal")
    assert sanction.justification is None and sanction.state == "proposed"


def test_rule8_propose_page_shows_earlier_sanctions(client, login, setup):
    w = setup()
    login(w.coordinator)
    page = client.get(f"/cases/{w.case.id}/sanctions/new", headers=EN).get_data(as_text=True)
    assert "Earlier sanctions" in page and "None" in page

    proposed(client, w.case, w.pupil, "warning")
    proposed(client, w.case, w.pupil, "timeout", start_time="10:45")
    page = client.get(f"/cases/{w.case.id}/sanctions/new", headers=EN).get_data(as_text=True)
    assert "Bram Visser: Warning (Proposed" in page
    assert "Bram Visser: Time-out (rest of the school day) (Proposed" in page
    # A suspension after a time-out skips nothing.
    sanction = proposed(
        client, w.case, w.pupil, "suspension", start_date=date(2026, 11, 17), end_date=date(2026, 11, 17)
    )
    assert sanction.justification is None


def test_rule8_person_not_in_case_cannot_be_subject(client, login, setup, make_person):
    w = setup()
    outsider = make_person(w.school, first_name="Buiten")
    login(w.director)
    response = propose(client, w.case, outsider, "warning")
    assert response.status_code in (200, 422)
    assert db.session.scalars(select(Sanction)).all() == []


def test_stale_sanction_form_changes_nothing(client, login, setup):
    w = setup()
    login(w.director)
    sanction = proposed(client, w.case, w.pupil, "warning")
    old = sanction.version
    ok(client, sanction, "decide")
    response = client.post(
        f"/sanctions/{sanction.id}/step",
        headers=EN,
        data={"event": "revoke", "version": str(old), "reason": "Vergissing"},
    )
    page = follow(client, response).get_data(as_text=True)
    assert "This record was changed meanwhile by someone else. Reload the page and try again." in page
    assert fresh(sanction).state == "decided"
    response = client.post(
        f"/sanctions/{sanction.id}/details", headers=EN, data={"version": str(old), "admitting_school": "Elders"}
    )
    assert "changed meanwhile" in follow(client, response).get_data(as_text=True)
    assert fresh(sanction).admitting_school is None
