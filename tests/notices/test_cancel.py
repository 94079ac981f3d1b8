"""Scheduled check-in notices that are no longer wanted are cancelled, never sent."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from incidents.audit.models import AuditEvent
from incidents.correspondence.models import Correspondence
from incidents.correspondence.operations import record_parent_contact
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.outbox.claim import claim_batch
from incidents.outbox.delivery import deliver_due
from incidents.outbox.models import OutboxMessage
from incidents.outbox.operations import cancel_message
from tests.helpers import EN
from tests.notices.helpers import link_in, messages, notices_of, recipients_of
from tests.notices.test_monitoring import transition

DUE = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # the check-in, 14 days after the frozen clock


@pytest.fixture
def monitoring(client, login, world, app, tmp_path, configure):
    """World's case in monitoring with its check-ins scheduled; parents informed so it may close.
    Mail in file mode, so a sent message would be an .eml file in `world.outbox_dir`."""
    world.outbox_dir = tmp_path / "outbox"
    configure(MAIL_SERVER=None, OUTBOX_DIR=str(world.outbox_dir))
    for pupil in (world.femke, world.sem):
        record_parent_contact(
            world.case, world.coordinator, pupil, kind="phone", occurred_on=DUE.date(), note="Gebeld."
        )
    db.session.commit()
    login(world.coordinator)
    transition(client, world.case.id, "start")
    transition(client, world.case.id, "start_monitoring")
    assert len(messages()) == 3 and {m.status for m in messages()} == {"pending"}
    return world


def checkin_records():
    db.session.expire_all()
    return db.session.scalars(
        select(Correspondence).where(Correspondence.purpose == "general").order_by(Correspondence.id)
    ).all()


def tasks(case, kind):
    db.session.expire_all()
    return db.session.scalars(select(Followup).where(Followup.case_id == case.id, Followup.kind == kind)).all()


def test_closing_a_case_in_monitoring_cancels_its_checkin(client, monitoring, frozen_clock):
    w = monitoring
    transition(client, w.case.id, "close")

    now = frozen_clock.now()
    assert {(m.status, m.cancel_reason, m.cancelled_at) for m in messages()} == {("cancelled", "close", now)}
    # Every parent, the paper one too: the task to post the letter is cancelled with it.
    assert {(r.cancelled_at, r.cancel_reason) for r in recipients_of(w.case)} == {(now, "close")}
    assert [t.status for t in tasks(w.case, "send_notice_letter")] == ["cancelled"]
    assert [t.status for t in tasks(w.case, "aftercare_check")] == ["open"]  # not this feature's business
    # The filed letters stay in the pupil file, marked as never sent.
    records = checkin_records()
    assert len(records) == 4 and {r.withdrawn_at for r in records} == {now}

    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    for r in recipients_of(w.case):
        assert f'data-recipient="{r.id}" data-status="cancelled"' in page
    assert "the case was closed" in page
    assert page.count("data-withdrawn") == 4 and "Not sent: cancelled on" in page
    assert "data-cancel-notice" not in page  # nothing left to cancel
    pupil_file = client.get(f"/people/{w.femke.id}/file", headers=EN).get_data(as_text=True)
    assert pupil_file.count("data-withdrawn") == 2 and "Not sent: cancelled on" in pupil_file

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "notice.cancel")).all()
    assert sorted(e.object_id for e in events) == [n.id for n in notices_of(w.case)]
    assert all(e.user_id == w.coordinator.id and "reason=close" in e.detail for e in events)

    # Past the due time the scheduler sends nothing: no claim, no .eml file.
    frozen_clock(DUE + timedelta(hours=1))
    assert deliver_due().claimed == 0
    assert {m.status for m in messages()} == {"cancelled"}
    assert not w.outbox_dir.exists() or not any(w.outbox_dir.iterdir())


def test_claimed_and_sent_checkins_are_left_alone(client, monitoring, frozen_clock):
    w = monitoring
    sent, claimed, pending = messages()
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == sent.id).values(status="sent", sent_at=frozen_clock.now())
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == claimed.id)
        .values(status="claimed", claimed_by="worker-1", claimed_at=frozen_clock.now())
    )
    db.session.commit()
    transition(client, w.case.id, "close")

    by_id = {m.id: m for m in messages()}
    assert (by_id[sent.id].status, by_id[sent.id].cancelled_at) == ("sent", None)
    assert (by_id[claimed.id].status, by_id[claimed.id].claimed_by) == ("claimed", "worker-1")
    assert by_id[pending.id].status == "cancelled"
    recipients = {r.outbox_message_id: r for r in recipients_of(w.case) if r.channel == "email"}
    assert recipients[sent.id].cancelled_at is None and recipients[claimed.id].cancelled_at is None
    assert recipients[pending.id].cancel_reason == "close"
    withdrawn = {r.id for r in checkin_records() if r.withdrawn_at is not None}
    assert recipients[sent.id].correspondence_id not in withdrawn
    assert recipients[claimed.id].correspondence_id not in withdrawn
    assert recipients[pending.id].correspondence_id in withdrawn


def test_cancelled_message_is_never_claimed(monitoring, frozen_clock):
    first = messages()[0]
    assert cancel_message(first.id, "manual")
    db.session.commit()
    assert cancel_message(first.id, "manual") is False  # already cancelled: nothing changes
    frozen_clock(DUE + timedelta(days=1))
    claimed = claim_batch("worker-1", 10)
    assert first.id not in claimed and len(claimed) == 2
    # A claimed row can no longer be cancelled: it may be on its way.
    assert cancel_message(claimed[0], "manual") is False


def test_escalating_from_monitoring_cancels_and_a_new_entry_schedules_again(client, monitoring):
    w = monitoring
    transition(client, w.case.id, "escalate")
    assert {(m.status, m.cancel_reason) for m in messages()} == {("cancelled", "escalate")}
    transition(client, w.case.id, "start_monitoring")
    statuses = sorted(m.status for m in messages())
    assert statuses == ["cancelled"] * 3 + ["pending"] * 3


def test_coordinator_cancels_a_scheduled_notice_by_hand(client, monitoring):
    w = monitoring
    femke_notice, sem_notice = notices_of(w.case)
    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-cancel-notice="{femke_notice.id}"' in page and f'data-cancel-notice="{sem_notice.id}"' in page

    response = client.post(f"/notices/{femke_notice.id}/cancel", headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith("#notices")
    femke_recipients = [r for r in recipients_of(w.case) if r.notice_id == femke_notice.id]
    assert {r.cancel_reason for r in femke_recipients} == {"manual"}
    assert {m.status for m in messages() if m.id in {r.outbox_message_id for r in femke_recipients}} == {"cancelled"}
    # Sem's notice is untouched, its letter task too.
    assert {r.cancelled_at for r in recipients_of(w.case) if r.notice_id == sem_notice.id} == {None}
    assert [t.status for t in tasks(w.case, "send_notice_letter")] == ["open"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "notice.cancel")).one()
    assert (event.user_id, event.object_id) == (w.coordinator.id, femke_notice.id)
    assert "reason=manual" in event.detail and "recipients=2" in event.detail

    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-cancel-notice="{femke_notice.id}"' not in page and "cancelled by hand" in page
    # A second cancel changes nothing and audits nothing.
    assert client.post(f"/notices/{femke_notice.id}/cancel").status_code == 302
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "notice.cancel")).all()) == 1

    # Sem's notice: the e-mail and the letter not yet posted.
    client.post(f"/notices/{sem_notice.id}/cancel")
    assert {r.cancel_reason for r in recipients_of(w.case) if r.notice_id == sem_notice.id} == {"manual"}
    assert [t.status for t in tasks(w.case, "send_notice_letter")] == ["cancelled"]


def test_posted_letter_is_not_cancelled(client, monitoring):
    """The coordinator already posted the check-in letter (task done): only the e-mail is withdrawn."""
    from incidents.followups.operations import complete_followup

    w = monitoring
    (task,) = tasks(w.case, "send_notice_letter")
    complete_followup(task, w.coordinator)
    db.session.commit()
    sem_notice = notices_of(w.case)[1]
    client.post(f"/notices/{sem_notice.id}/cancel")
    channels = {r.channel: r.cancel_reason for r in recipients_of(w.case) if r.notice_id == sem_notice.id}
    assert channels == {"email": "manual", "letter": None}


def test_cancel_access(client, login, monitoring, make_school, make_user):
    w = monitoring
    notice = notices_of(w.case)[0]
    login(w.mentor)
    assert client.post(f"/notices/{notice.id}/cancel").status_code == 403
    assert "data-cancel-notice" not in client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    login(make_user("coordinator", make_school()))
    assert client.post(f"/notices/{notice.id}/cancel").status_code == 404
    login(make_user("admin", w.school))
    assert client.post(f"/notices/{notice.id}/cancel").status_code == 403
    assert {m.status for m in messages()} == {"pending"}
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "notice.cancel")).all() == []


def test_link_of_a_cancelled_notice_shows_nothing(client, monitoring):
    w = monitoring
    message = messages()[0]
    link = link_in(message)
    client.post(f"/notices/{notices_of(w.case)[0].id}/cancel")
    assert client.get(link).status_code == 404
    assert {r.read_at for r in recipients_of(w.case)} == {None}


@pytest.fixture
def manual(client, login, world):
    """World's case with a notice composed by hand for each pupil; e-mails still in the outbox,
    Sem's paper parent's letter waiting for the coordinator to print and post it."""
    from tests.notices.helpers import compose_data

    login(world.coordinator)
    assert (
        client.post(f"/cases/{world.case.id}/notices/new", data=compose_data(client, world.case.id)).status_code == 302
    )
    femke_notice, sem_notice = notices_of(world.case)
    assert (femke_notice.kind, femke_notice.letter_task_id) == ("manual", None)
    assert sem_notice.kind == "manual" and sem_notice.letter_task_id is not None
    return world


def test_cancelling_a_manual_notice_by_hand_cancels_its_unposted_letter(client, manual):
    w = manual
    femke_notice, sem_notice = notices_of(w.case)
    # Sem's e-mail has left already; only the letter is still to be posted, and it can be cancelled.
    sem_email = next(r for r in recipients_of(w.case) if r.notice_id == sem_notice.id and r.channel == "email")
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == sem_email.outbox_message_id).values(status="sent", sent_at=DUE)
    )
    db.session.commit()
    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-cancel-notice="{sem_notice.id}"' in page

    client.post(f"/notices/{femke_notice.id}/cancel")  # no letters: the letter task is not its business
    assert [t.status for t in tasks(w.case, "send_notice_letter")] == ["open"]

    assert client.post(f"/notices/{sem_notice.id}/cancel").status_code == 302
    (task,) = tasks(w.case, "send_notice_letter")
    assert task.id == sem_notice.letter_task_id and task.status == "cancelled"
    assert task.cancelled_by_id == w.coordinator.id
    sem = {r.channel: r for r in recipients_of(w.case) if r.notice_id == sem_notice.id}
    assert (sem["letter"].cancel_reason, sem["email"].cancelled_at) == ("manual", None)  # the sent e-mail stays
    withdrawn = {r.id: r.withdrawn_at for r in checkin_records()}
    assert withdrawn[sem["letter"].correspondence_id] is not None
    assert withdrawn[sem["email"].correspondence_id] is None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "notice.cancel", AuditEvent.object_id == sem_notice.id)
    ).one()
    assert "recipients=1" in event.detail

    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-recipient="{sem["letter"].id}" data-status="cancelled"' in page
    assert f'data-recipient="{sem["email"].id}" data-status="sent"' in page
    assert f'data-cancel-notice="{sem_notice.id}"' not in page


def test_a_posted_manual_letter_is_not_cancelled(client, manual):
    from incidents.followups.operations import complete_followup

    w = manual
    sem_notice = notices_of(w.case)[1]
    (task,) = tasks(w.case, "send_notice_letter")
    complete_followup(task, w.coordinator)
    db.session.commit()
    client.post(f"/notices/{sem_notice.id}/cancel")
    channels = {r.channel: r.cancel_reason for r in recipients_of(w.case) if r.notice_id == sem_notice.id}
    assert channels == {"email": "manual", "letter": None}
    assert [t.status for t in tasks(w.case, "send_notice_letter")] == ["done"]
    letter = next(r for r in recipients_of(w.case) if r.notice_id == sem_notice.id and r.channel == "letter")
    assert db.session.get(Correspondence, letter.correspondence_id).withdrawn_at is None
    # Everything has left now: nothing more to cancel.
    page = client.get(f"/cases/{w.case.id}", headers=EN).get_data(as_text=True)
    assert f'data-cancel-notice="{sem_notice.id}"' not in page
    assert f'data-recipient="{letter.id}" data-status="posted"' in page
