"""Follow-ups planned by hand on the case page, cancelled and done; the "My tasks" page."""

from datetime import date

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import add_followup
from tests.helpers import EN


def followups(case):
    db.session.expire_all()
    return db.session.scalars(select(Followup).where(Followup.case_id == case.id).order_by(Followup.id)).all()


def test_coordinator_plans_a_followup_for_a_colleague(client, login, world):
    login(world.coordinator)
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert f'value="u:{world.director.id}"' in page and 'value="r:coordinator"' in page
    response = client.post(
        f"/cases/{world.case.id}/followups/new",
        headers=EN,
        data={
            "kind": "other",
            "note": "Bel de mentor",
            "due_on": "2026-11-20",
            "assignee": f"u:{world.director.id}",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{world.case.id}#followups")
    [item] = followups(world.case)
    assert (item.kind, item.note, item.due_on, item.assignee_id, item.assignee_role, item.status) == (
        "manual",
        "Bel de mentor",
        date(2026, 11, 20),
        world.director.id,
        None,
        "open",
    )
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "followup.create")).detail
        == f"case={world.case.id}"
    )


def test_followup_for_a_role(client, login, world):
    login(world.director)
    response = client.post(
        f"/cases/{world.case.id}/followups/new",
        data={"kind": "inform_parents", "note": "", "due_on": "2026-11-16", "assignee": "r:coordinator"},
    )
    assert response.status_code == 302
    [item] = followups(world.case)
    assert (item.kind, item.assignee_id, item.assignee_role, item.note) == ("inform_parents", None, "coordinator", None)


def test_invalid_followup_keeps_input_and_saves_nothing(client, login, world, make_school, make_user):
    login(world.coordinator)
    url = f"/cases/{world.case.id}/followups/new"
    response = client.post(
        url,
        headers=EN,
        data={"kind": "other", "note": "", "due_on": "2026-11-01", "assignee": f"u:{world.director.id}"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Describe the task." in html
    assert "The due date cannot be in the past." in html
    assert 'value="2026-11-01"' in html
    # A user of another school is not a choice.
    outsider = make_user("coordinator", make_school())
    response = client.post(
        url, headers=EN, data={"kind": "other", "note": "Iets", "due_on": "2026-11-20", "assignee": f"u:{outsider.id}"}
    )
    assert response.status_code == 422
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert followups(world.case) == []


def test_mentor_cannot_plan_or_cancel(client, login, world):
    item = add_followup(world.case, "manual", date(2026, 11, 20), assignee_id=world.mentor.id, note="x")
    db.session.commit()
    login(world.mentor)
    assert (
        client.post(
            f"/cases/{world.case.id}/followups/new",
            data={"kind": "other", "note": "x", "due_on": "2026-11-20", "assignee": f"u:{world.mentor.id}"},
        ).status_code
        == 403
    )
    assert client.post(f"/followups/{item.id}/cancel", data={"reason": "Niet nodig"}).status_code == 403
    assert [f.status for f in followups(world.case)] == ["open"]


def test_cancel_needs_a_reason_then_done_is_refused(client, login, world):
    item = add_followup(world.case, "manual", date(2026, 11, 20), assignee_id=world.coordinator.id, note="x")
    db.session.commit()
    login(world.coordinator)
    response = client.post(f"/followups/{item.id}/cancel", headers=EN, data={"reason": ""})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert followups(world.case)[0].status == "open"

    response = client.post(f"/followups/{item.id}/cancel", headers=EN, data={"reason": "Dubbel ingepland"})
    assert response.status_code == 302
    item = followups(world.case)[0]
    assert (item.status, item.cancel_reason, item.cancelled_by_id) == (
        "cancelled",
        "Dubbel ingepland",
        world.coordinator.id,
    )
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-followup="{item.id}" data-status="cancelled"' in page and "Dubbel ingepland" in page
    # A cancelled task can be neither done nor cancelled again.
    client.post(f"/followups/{item.id}/done")
    assert followups(world.case)[0].status == "cancelled"
    assert client.post(f"/followups/{item.id}/cancel", data={"reason": "nog eens"}).status_code == 409


def test_done_from_the_case_page(client, login, world):
    item = add_followup(world.case, "manual", date(2026, 11, 20), assignee_id=world.coordinator.id, note="x")
    db.session.commit()
    login(world.coordinator)
    assert client.post(f"/followups/{item.id}/done", data={"note": "Gedaan"}).status_code == 302
    assert followups(world.case)[0].status == "done"


def test_case_page_shows_overdue_explicitly(client, login, world):
    late = add_followup(world.case, "manual", date(2026, 11, 10), assignee_id=world.coordinator.id, note="laat")
    due = add_followup(world.case, "manual", date(2026, 11, 16), assignee_id=world.coordinator.id, note="vandaag")
    db.session.commit()
    login(world.coordinator)
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-followup="{late.id}" data-status="overdue"' in page
    assert f'data-followup="{due.id}" data-status="open"' in page


def test_other_school_cannot_touch_followups(client, login, world, make_school, make_user):
    item = add_followup(world.case, "manual", date(2026, 11, 20), assignee_id=world.coordinator.id, note="x")
    db.session.commit()
    login(make_user("director", make_school()))
    assert client.post(f"/followups/{item.id}/cancel", data={"reason": "weg ermee"}).status_code == 404
    assert client.post(f"/cases/{world.case.id}/followups/new", data={}).status_code == 404
    assert followups(world.case)[0].status == "open"


def _rows(html):
    import re

    return [(int(i), s) for i, s in re.findall(r'data-followup="(\d+)" data-status="(\w+)"', html)]


def test_my_tasks_overdue_first_then_by_due_date(client, login, world):
    case = world.case
    later = add_followup(case, "manual", date(2026, 12, 1), assignee_id=world.coordinator.id, note="later")
    soon = add_followup(case, "manual", date(2026, 11, 17), assignee_id=world.coordinator.id, note="soon")
    late = add_followup(case, "manual", date(2026, 11, 12), assignee_id=world.coordinator.id, note="late")
    very_late = add_followup(case, "manual", date(2026, 11, 2), assignee_id=world.coordinator.id, note="very")
    by_role = add_followup(case, "inform_parents", date(2026, 11, 20), assignee_role="coordinator")
    # Not mine: someone else's, another role's, done, cancelled.
    add_followup(case, "manual", date(2026, 11, 1), assignee_id=world.director.id, note="dirk")
    add_followup(case, "manual", date(2026, 11, 1), assignee_role="director", note="directors")
    done = add_followup(case, "manual", date(2026, 11, 1), assignee_id=world.coordinator.id, note="done")
    done.status, done.done_at = "done", world.case.reported_at
    gone = add_followup(case, "manual", date(2026, 11, 1), assignee_id=world.coordinator.id, note="gone")
    gone.status, gone.cancel_reason = "cancelled", "dubbel"
    db.session.commit()

    login(world.coordinator)
    response = client.get("/tasks", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _rows(html) == [
        (very_late.id, "overdue"),
        (late.id, "overdue"),
        (soon.id, "open"),
        (by_role.id, "open"),
        (later.id, "open"),
    ]
    assert 'href="/tasks"' in html  # the nav link
    assert case.reference in html


def test_my_tasks_only_on_visible_cases_and_own_school(client, login, world, make_school, make_user):
    mine = add_followup(world.case, "manual", date(2026, 11, 20), assignee_id=world.mentor.id, note="zie ik")
    hidden = add_followup(
        world.hidden_case, "manual", date(2026, 11, 18), assignee_id=world.mentor.id, note="niet zichtbaar"
    )
    role_task = add_followup(world.case, "manual", date(2026, 11, 19), assignee_role="mentor", note="rol")
    db.session.commit()
    login(world.mentor)
    html = client.get("/tasks", headers=EN).get_data(as_text=True)
    assert _rows(html) == [(role_task.id, "open"), (mine.id, "open")]
    assert "niet zichtbaar" not in html and hidden.id not in [i for i, _s in _rows(html)]

    # Same user elsewhere: a second school shows none of the first school's tasks.
    login(make_user("coordinator", make_school()))
    assert _rows(client.get("/tasks").get_data(as_text=True)) == []


def test_admin_has_no_tasks_page(client, login, world, make_user):
    login(make_user("admin", world.school))
    assert client.get("/tasks").status_code == 403
