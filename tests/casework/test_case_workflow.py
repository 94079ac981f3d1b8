"""The case workflow through the browser: start, escalate, take over, dismiss, close,
parent contact, aftercare follow-ups, stale forms and access."""

from datetime import date

import pytest
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.cases.models import Case, CaseEvent
from incidents.correspondence.models import Correspondence, ParentContactWaiver
from incidents.extensions import db
from incidents.followups.models import Followup
from tests.helpers import EN, follow

STALE = "This record was changed meanwhile by someone else. Reload the page and try again."


def post_transition(client, case, event, version=None, follow=False, **extra):
    data = {"event": event, "version": str(case.version if version is None else version)}
    data.update(extra)
    response = client.post(f"/cases/{case.id}/transition", data=data, headers=EN)
    return globals()["follow"](client, response) if follow else response


def timeline(case):
    return [
        e.kind for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))
    ]


def reload(case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_mentor_starts_and_escalates_to_coordinator(client, login, world):
    login(world.mentor)
    case = world.case
    assert case.state == "reported" and case.version == 1

    response = post_transition(client, case, "start")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}#workflow")
    case = reload(case)
    assert (case.state, case.handler_id, case.escalation_level) == ("in_progress", world.mentor.id, 0)

    page = post_transition(client, case, "escalate", follow=True).get_data(as_text=True)
    case = reload(case)
    assert case.state == "escalated"
    assert case.escalation_level == 1
    assert case.handler_id is None  # the coordinator picks it up
    assert timeline(case) == ["reported", "case.start", "case.escalate"]
    assert "The case has been updated." in page
    assert "care coordinator" in page and "not assigned" in page
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == case.id, AuditEvent.object_type == "cases")
    ).all()
    assert "case.start" in actions and "case.escalate" in actions
    # The mentor cannot escalate any further: the button is gone or off, a crafted POST changes nothing.
    post_transition(client, case, "escalate")
    assert reload(case).escalation_level == 1


def test_coordinator_takes_over_and_escalates_to_director(client, login, world):
    login(world.mentor)
    post_transition(client, world.case, "start")
    post_transition(client, reload(world.case), "escalate")

    login(world.coordinator)
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert 'data-event="take_over"' in page
    assert post_transition(client, reload(world.case), "take_over").status_code == 302
    case = reload(world.case)
    assert (case.state, case.handler_id, case.escalation_level) == ("escalated", world.coordinator.id, 1)

    post_transition(client, case, "escalate")
    case = reload(case)
    assert (case.state, case.handler_id, case.escalation_level) == ("escalated", None, 2)

    # The coordinator cannot take the case back from the director.
    post_transition(client, case, "take_over")
    case = reload(case)
    assert (case.handler_id, case.escalation_level) == (None, 2)

    login(world.director)
    post_transition(client, case, "take_over")
    case = reload(case)
    assert (case.state, case.handler_id, case.escalation_level) == ("escalated", world.director.id, 2)
    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert "Director Dirk" in page
    assert timeline(case) == [
        "reported",
        "case.start",
        "case.escalate",
        "case.take_over",
        "case.escalate",
        "case.take_over",
    ]


def test_admin_is_forbidden_and_other_school_gets_not_found(client, login, world, make_school, make_user):
    admin = make_user("admin", world.school)
    login(admin)
    assert post_transition(client, world.case, "start").status_code == 403
    other = make_school()
    login(make_user("coordinator", other))
    assert post_transition(client, world.case, "start").status_code == 404
    assert client.post(f"/cases/{world.case.id}/parent-contact", data={"form": "contact"}).status_code == 404
    case = reload(world.case)
    assert (case.state, case.version) == ("reported", 1)


@pytest.mark.parametrize(
    "role, event, status",
    [
        ("mentor", "close", 403),  # never the mentor's step
        ("mentor", "take_over", 403),
        ("coordinator", "start_monitoring", 409),  # not from `reported`
        ("coordinator", "reopen", 409),
    ],
)
def test_forbidden_step_sent_by_hand_is_refused_and_changes_nothing(client, login, world, role, event, status):
    """Issue #3: a crafted POST for a step the role may not take gets 403, an illegal step 409,
    with a message; nothing changes."""
    login(getattr(world, role))
    response = post_transition(client, world.case, event, confirm="1", reason="Met de hand gepost verzoek")
    assert response.status_code == status
    assert "Your role may not take this step." in response.get_data(as_text=True) or status == 409
    case = reload(world.case)
    assert (case.state, case.version, case.handler_id) == ("reported", 1, None)
    assert timeline(case) == ["reported"]


@pytest.mark.parametrize("version", [0, 2, 99])
def test_stale_version_shows_changed_meanwhile_and_changes_nothing(client, login, world, version):
    login(world.coordinator)
    response = post_transition(client, world.case, "start", version=version, follow=True)
    assert STALE in response.get_data(as_text=True)
    case = reload(world.case)
    assert (case.state, case.version, case.handler_id) == ("reported", 1, None)
    assert "case.start" not in timeline(case)


def test_stale_version_after_someone_else_moved_the_case(client, login, world):
    login(world.coordinator)
    old_version = world.case.version
    post_transition(client, world.case, "start")
    page = post_transition(client, world.case, "take_over", version=old_version, follow=True).get_data(as_text=True)
    assert STALE in page
    case = reload(world.case)
    assert case.state == "in_progress" and case.escalation_level == 0
    assert "case.take_over" not in timeline(case)


def test_dismiss_asks_for_a_reason(client, login, world):
    login(world.coordinator)
    case = world.case
    # First the confirm page, with a reason field; nothing changes yet.
    response = post_transition(client, case, "dismiss")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="reason"' in page and 'name="confirm" value="1"' in page
    assert reload(case).state == "reported"

    # Empty reason: error next to the field, 422.
    response = post_transition(client, case, "dismiss", confirm="1", reason="  ")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="field has-error"' in page and "Give a reason." in page
    assert reload(case).state == "reported"

    response = post_transition(
        client, case, "dismiss", confirm="1", reason="Het bericht bleek een grap tussen vrienden."
    )
    assert response.status_code == 302
    case = reload(case)
    assert case.state == "dismissed"
    event = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "case.dismiss")
    ).one()
    assert event.note == "Het bericht bleek een grap tussen vrienden."


def test_refused_dismiss_keeps_the_reason_typed(client, login, world):
    from incidents.sanctions.operations import propose_sanction

    propose_sanction(world.case, world.coordinator, "coordinator", world.femke, "warning")
    db.session.commit()
    login(world.coordinator)
    response = post_transition(client, reload(world.case), "dismiss", confirm="1", reason="Toch geen pesten")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1 sanction still open." in page
    assert "Toch geen pesten</textarea>" in page
    assert reload(world.case).state == "reported"


def _to_in_progress(client, login, world):
    login(world.coordinator)
    post_transition(client, world.case, "start")
    case = reload(world.case)
    assert case.state == "in_progress"
    return case


def test_close_refused_until_parents_informed(client, login, world):
    case = _to_in_progress(client, login, world)
    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert 'data-blocked="close"' in page and "Femke de Vries" in page

    page = post_transition(client, case, "close", follow=True).get_data(as_text=True)
    assert "Parents not yet informed (or no reason recorded) for: Femke de Vries." in page
    case = reload(case)
    assert case.state == "in_progress" and case.version == 2

    login(world.mentor)  # the mentor records the parent contact
    assert client.get(f"/cases/{case.id}/parent-contact", headers=EN).status_code == 200
    response = client.post(
        f"/cases/{case.id}/parent-contact",
        headers=EN,
        data={
            "form": "contact",
            "pupil_id": str(world.femke.id),
            "kind": "phone",
            "occurred_on": "2026-11-16",
            "note": "Moeder gebeld en het voorval uitgelegd.",
        },
    )
    assert response.status_code == 302
    record = db.session.scalars(select(Correspondence).where(Correspondence.case_id == case.id)).one()
    assert record.purpose == "parent_contact" and [f.person_id for f in record.filings] == [world.femke.id]
    assert "correspondence.parent_contact" in timeline(case)

    login(world.coordinator)
    assert post_transition(client, reload(case), "close").status_code == 302
    assert reload(case).state == "closed"


def test_parent_contact_form_errors_keep_input(client, login, world):
    login(world.mentor)
    response = client.post(
        f"/cases/{world.case.id}/parent-contact",
        headers=EN,
        data={
            "form": "contact",
            "pupil_id": str(world.femke.id),
            "kind": "phone",
            "occurred_on": "2026-11-16",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.scalars(select(Correspondence)).all() == []


def test_waiver_lets_case_close_and_is_for_coordinators_only(client, login, world):
    case = _to_in_progress(client, login, world)
    waiver = {
        "form": "waiver",
        "waiver-pupil_id": str(world.femke.id),
        "waiver-reason": "Informeren van de ouders brengt het kind in gevaar.",
    }

    login(world.mentor)
    assert client.post(f"/cases/{case.id}/parent-contact", data=waiver, headers=EN).status_code == 403
    assert db.session.scalars(select(ParentContactWaiver)).all() == []

    login(world.coordinator)
    # A too short reason is refused by the form.
    response = client.post(f"/cases/{case.id}/parent-contact", headers=EN, data={**waiver, "waiver-reason": "gevaar"})
    assert response.status_code == 200
    assert db.session.scalars(select(ParentContactWaiver)).all() == []

    assert client.post(f"/cases/{case.id}/parent-contact", data=waiver, headers=EN).status_code == 302
    saved = db.session.scalars(select(ParentContactWaiver)).one()
    assert (saved.pupil_id, saved.recorded_by_id) == (world.femke.id, world.coordinator.id)
    assert "parent_contact.waived" in timeline(case)

    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert "Informeren van de ouders brengt het kind in gevaar." in page
    assert post_transition(client, reload(case), "close").status_code == 302
    assert reload(case).state == "closed"


def test_adult_pupil_needs_no_parent_contact(client, login, world, make_person, make_case):
    adult = make_person(world.school, first_name="Sanne", born=date(2007, 1, 1))
    case = make_case(world.school, world.coordinator, [(adult, "target")])
    login(world.coordinator)
    post_transition(client, case, "start")
    assert post_transition(client, reload(case), "close").status_code == 302
    assert reload(case).state == "closed"


def test_close_names_only_the_pupils_still_missing(client, login, world, make_person, make_case):
    other = make_person(world.school, first_name="Joris", last_name="Bakker", born=date(2013, 2, 2))
    case = make_case(world.school, world.coordinator, [(world.femke, "target"), (other, "perpetrator")])
    login(world.coordinator)
    post_transition(client, case, "start")
    client.post(
        f"/cases/{case.id}/parent-contact",
        data={
            "form": "contact",
            "pupil_id": str(world.femke.id),
            "kind": "meeting",
            "occurred_on": "2026-11-16",
            "note": "Gesprek op school.",
        },
    )
    page = post_transition(client, reload(case), "close", follow=True).get_data(as_text=True)
    assert "Parents not yet informed (or no reason recorded) for: Joris Bakker." in page
    assert reload(case).state == "in_progress"


def test_close_refused_while_a_sanction_is_open(client, login, world):
    case = _to_in_progress(client, login, world)
    client.post(
        f"/cases/{case.id}/parent-contact",
        data={
            "form": "contact",
            "pupil_id": str(world.femke.id),
            "kind": "phone",
            "occurred_on": "2026-11-16",
            "note": "Vader gebeld.",
        },
    )
    response = client.post(
        f"/cases/{case.id}/sanctions/new", headers=EN, data={"subject_id": str(world.femke.id), "measure": "warning"}
    )
    assert response.status_code == 302

    page = post_transition(client, reload(case), "close", follow=True).get_data(as_text=True)
    assert "1 sanction still open." in page
    assert reload(case).state == "in_progress"


def test_start_monitoring_plans_aftercare_and_followup_can_be_done(client, login, world):
    case = _to_in_progress(client, login, world)
    assert post_transition(client, case, "start_monitoring").status_code == 302
    case = reload(case)
    assert case.state == "monitoring"
    items = db.session.scalars(select(Followup).where(Followup.case_id == case.id).order_by(Followup.id)).all()
    check = next(f for f in items if f.kind == "aftercare_check")
    assert check.due_on == date(2026, 11, 30)
    assert check.assignee_id == world.coordinator.id  # the handler
    assert check.status == "open"
    # The parents' check-in is now a scheduled notice (tests/notices), not a coordinator task.
    assert len(items) == 1
    from incidents.followups.operations import add_followup

    notice = add_followup(case, "inform_parents", date(2026, 11, 30), assignee_role="coordinator")
    db.session.commit()

    page = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert "Check in with the pupils (aftercare)" in page

    # A mentor may not tick off a coordinator's task.
    login(world.mentor)
    assert client.post(f"/followups/{notice.id}/done", headers=EN).status_code == 403
    db.session.expire_all()
    assert db.session.get(Followup, notice.id).status == "open"

    login(world.coordinator)
    response = follow(
        client, client.post(f"/followups/{check.id}/done", data={"note": "Gesprek gehad, gaat goed."}, headers=EN)
    )
    assert "The follow-up is done." in response.get_data(as_text=True)
    db.session.expire_all()
    check = db.session.get(Followup, check.id)
    assert check.status == "done" and check.done_by_id == world.coordinator.id
    assert check.note == "Gesprek gehad, gaat goed." and check.done_at is not None
    # Done twice is harmless.
    client.post(f"/followups/{check.id}/done", headers=EN)
    assert db.session.get(Followup, check.id).status == "done"


def test_followup_of_other_school_is_not_found(client, login, world, make_school, make_user):
    case = _to_in_progress(client, login, world)
    post_transition(client, case, "start_monitoring")
    item = db.session.scalars(select(Followup).where(Followup.kind == "aftercare_check")).one()
    login(make_user("director", make_school()))
    assert client.post(f"/followups/{item.id}/done").status_code == 404
    db.session.expire_all()
    assert db.session.get(Followup, item.id).status == "open"


def test_reopen_needs_a_reason_and_returns_to_in_progress(client, login, world, make_person, make_case):
    adult = make_person(world.school, born=date(2000, 1, 1))
    case = make_case(world.school, world.coordinator, [(adult, "target")])
    login(world.coordinator)
    post_transition(client, case, "start")
    post_transition(client, reload(case), "close")
    assert reload(case).state == "closed"
    assert post_transition(client, reload(case), "reopen", confirm="1", reason="").status_code == 422
    assert reload(case).state == "closed"
    assert (
        post_transition(
            client, reload(case), "reopen", confirm="1", reason="Het pesten is opnieuw begonnen."
        ).status_code
        == 302
    )
    assert reload(case).state == "in_progress"


def test_second_waiver_for_same_pupil_is_handled(client, login, world):
    """A second reason for the same pupil (double click, second coordinator) must not crash."""
    case = _to_in_progress(client, login, world)
    waiver = {
        "form": "waiver",
        "waiver-pupil_id": str(world.femke.id),
        "waiver-reason": "Informeren van de ouders brengt het kind in gevaar.",
    }
    assert client.post(f"/cases/{case.id}/parent-contact", data=waiver, headers=EN).status_code == 302
    response = client.post(f"/cases/{case.id}/parent-contact", data=waiver, headers=EN)
    assert response.status_code < 500
    assert len(db.session.scalars(select(ParentContactWaiver)).all()) == 1
