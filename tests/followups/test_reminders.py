"""The morning reminder job: due today, overdue once, coordinator alert after N days."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from incidents.extensions import db
from incidents.followups.operations import add_followup
from incidents.followups.reminders import enqueue_followup_reminders
from incidents.outbox.models import OutboxMessage


def outbox():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def keys():
    return sorted(m.idempotency_key for m in outbox())


def test_due_today_reminds_the_assignee_without_pupil_names(app, world):
    item = add_followup(
        world.case, "manual", date(2026, 11, 16), assignee_id=world.mentor.id, note="Bel de ouders van Femke de Vries"
    )
    add_followup(world.case, "manual", date(2026, 11, 17), assignee_id=world.mentor.id, note="morgen")
    db.session.commit()
    assert enqueue_followup_reminders() == 1
    [message] = outbox()
    assert message.idempotency_key == f"followup:{item.id}:due:2026-11-16:{world.mentor.id}"
    assert (message.to_address, message.recipient_user_id, message.case_id, message.status) == (
        world.mentor.email,
        world.mentor.id,
        world.case.id,
        "pending",
    )
    assert world.case.reference in message.subject and world.case.reference in message.body_text
    for text in (message.subject, message.body_text):
        assert "Femke" not in text and "Vries" not in text and "Bel de ouders" not in text


def test_overdue_mail_once_and_alert_after_n_days(app, world, frozen_clock):
    world.school.overdue_alert_days = 3
    item = add_followup(world.case, "aftercare_check", date(2026, 11, 14), assignee_id=world.mentor.id)
    db.session.commit()
    assert enqueue_followup_reminders() == 1  # two days late: overdue, no alert yet
    assert keys() == [f"followup:{item.id}:overdue:{world.mentor.id}"]
    assert outbox()[0].subject.startswith("Taak te laat") and "14-11-2026" in outbox()[0].body_text

    # Three days late is not "more than" three.
    frozen_clock(datetime(2026, 11, 17, 6, 0, tzinfo=UTC))
    assert enqueue_followup_reminders() == 0

    frozen_clock(datetime(2026, 11, 18, 6, 0, tzinfo=UTC))
    assert enqueue_followup_reminders() == 2  # both coordinators, once
    assert keys() == sorted(
        [
            f"followup:{item.id}:overdue:{world.mentor.id}",
            f"followup:{item.id}:alert:{world.coordinator.id}",
            f"followup:{item.id}:alert:{world.coordinator2.id}",
        ]
    )
    alert = next(m for m in outbox() if ":alert:" in m.idempotency_key)
    assert world.case.reference in alert.subject

    frozen_clock(datetime(2026, 11, 25, 6, 0, tzinfo=UTC))
    assert enqueue_followup_reminders() == 0
    assert len(outbox()) == 3


def test_running_twice_is_idempotent(app, world):
    add_followup(world.case, "manual", date(2026, 11, 16), assignee_id=world.mentor.id, note="a")
    add_followup(world.case, "manual", date(2026, 11, 1), assignee_id=world.director.id, note="b")
    db.session.commit()
    first = enqueue_followup_reminders()
    assert first == 1 + 1 + 2  # due, overdue, alert to two coordinators
    assert enqueue_followup_reminders() == 0
    assert len(outbox()) == first


def test_role_assigned_task_fans_out_to_every_holder(app, world, make_user, make_school):
    other_school = make_school()
    make_user("coordinator", other_school)  # same role elsewhere: not reminded
    inactive = make_user("coordinator", world.school)
    inactive.active = False
    item = add_followup(world.case, "inform_parents", date(2026, 11, 16), assignee_role="coordinator")
    db.session.commit()
    assert enqueue_followup_reminders() == 2
    assert keys() == sorted(
        f"followup:{item.id}:due:2026-11-16:{u.id}" for u in (world.coordinator, world.coordinator2)
    )


def test_done_and_cancelled_tasks_are_quiet(app, world):
    done = add_followup(world.case, "manual", date(2026, 11, 1), assignee_id=world.mentor.id, note="a")
    done.status, done.done_at = "done", world.case.reported_at
    gone = add_followup(world.case, "manual", date(2026, 11, 16), assignee_id=world.mentor.id, note="b")
    gone.status, gone.cancel_reason = "cancelled", "dubbel"
    db.session.commit()
    assert enqueue_followup_reminders() == 0
    assert outbox() == []


def test_explicit_day_and_commit(app, world):
    item = add_followup(world.case, "manual", date(2026, 11, 20), assignee_id=world.mentor.id, note="a")
    db.session.commit()
    enqueue_followup_reminders(today=date(2026, 11, 20))
    db.session.rollback()  # the job committed itself
    assert keys() == [f"followup:{item.id}:due:2026-11-20:{world.mentor.id}"]
