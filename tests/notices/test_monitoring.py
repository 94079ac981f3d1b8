"""Entering monitoring schedules the parents' check-in notice and the handler's task."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from incidents.cases.models import Case
from incidents.correspondence.models import Correspondence, Filing
from incidents.extensions import db
from incidents.followups.models import Followup
from tests.helpers import EN
from tests.notices.helpers import messages, notices_of, recipients_of


def transition(client, case_id, event):
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    response = client.post(f"/cases/{case_id}/transition", data={"event": event, "version": str(case.version)})
    assert response.status_code == 302, event
    return response


def test_start_monitoring_schedules_checkin_notices(client, login, world):
    login(world.coordinator)
    transition(client, world.case.id, "start")
    transition(client, world.case.id, "start_monitoring")

    femke_notice, sem_notice = notices_of(world.case)
    assert {femke_notice.kind, sem_notice.kind} == {"monitoring_checkin"}
    assert "Femke de Vries" in femke_notice.body and "Sem" not in femke_notice.body
    due = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam, 14 days later
    assert femke_notice.send_at == due

    outbox = messages()
    assert len(outbox) == 3  # Femke's two parents, Sem's parent with e-mail
    assert {m.next_attempt_at for m in outbox} == {due}
    assert all(m.status == "pending" for m in outbox)
    keys = {m.idempotency_key for m in outbox}
    femke_parents = [p.id for p in world.femke.parents]
    assert f"case:{world.case.id}:monitoring:1:{femke_parents[0]}:{world.femke.id}" in keys

    # Filed as correspondence at once, but not counted as parents informed before it leaves.
    records = db.session.scalars(select(Correspondence).order_by(Correspondence.id)).all()
    assert len(records) == 4 and {c.purpose for c in records} == {"general"}
    assert {c.occurred_on for c in records} == {date(2026, 11, 30)}
    assert db.session.scalar(select(Filing).where(Filing.person_id == world.femke.id)) is not None

    # The handler's "how is it going" task, and a task to post the letter to Sem's paper parent.
    tasks = db.session.scalars(select(Followup).where(Followup.case_id == world.case.id)).all()
    assert sorted((t.kind, t.due_on, t.assignee_id, t.assignee_role) for t in tasks) == [
        ("aftercare_check", date(2026, 11, 30), world.coordinator.id, None),
        ("send_notice_letter", date(2026, 11, 30), None, "coordinator"),
    ]

    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    email_recipient = next(r for r in recipients_of(world.case) if r.channel == "email")
    assert f'data-recipient="{email_recipient.id}" data-status="scheduled"' in page


def test_second_entry_into_monitoring_schedules_a_new_checkin(client, login, world):
    login(world.coordinator)
    transition(client, world.case.id, "start")
    transition(client, world.case.id, "start_monitoring")
    transition(client, world.case.id, "escalate")
    transition(client, world.case.id, "start_monitoring")
    keys = sorted(m.idempotency_key for m in messages())
    assert len(keys) == 6
    assert sum(":monitoring:1:" in k for k in keys) == 3 and sum(":monitoring:2:" in k for k in keys) == 3


def test_waived_pupil_gets_no_checkin(client, login, world):
    from incidents.correspondence.operations import waive_parent_contact

    waive_parent_contact(world.case, world.coordinator, world.sem, "Thuissituatie onveilig voor het kind")
    db.session.commit()
    login(world.coordinator)
    transition(client, world.case.id, "start")
    transition(client, world.case.id, "start_monitoring")
    assert [n.pupil_id for n in notices_of(world.case)] == [world.femke.id]
    assert len(messages()) == 2
