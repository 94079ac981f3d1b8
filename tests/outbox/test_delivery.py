"""Delivery to a real SMTP server: success, every fault, backoff, dead letters, .eml mode."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from incidents.extensions import db
from incidents.outbox.delivery import backoff, deliver_due
from incidents.outbox.enqueue import enqueue
from incidents.outbox.models import OutboxMessage
from tests.outbox.conftest import free_port


def rows():
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_due_messages_are_sent_once_with_their_message_id(mail_app, smtp, school, add_messages, frozen_clock):
    added = add_messages(school, 3)
    add_messages(school, 1, due=frozen_clock.now() + timedelta(hours=1))  # not due yet
    report = deliver_due()
    assert report.outcomes["sent"] == 3
    assert sorted(smtp.message_ids()) == sorted(r["message_id"] for r in added)
    statuses = [r.status for r in rows()]
    assert statuses == ["sent", "sent", "sent", "pending"]
    assert all(r.sent_at == frozen_clock.now() and r.attempts == 1 for r in rows()[:3])
    # Nothing is due any more: a second run sends nothing.
    assert deliver_due().claimed == 0
    assert len(smtp.received) == 3


def test_received_message_has_headers_and_both_bodies(mail_app, smtp, school):
    enqueue(
        school_id=school.id,
        key="k:1",
        kind="notice",
        to_address="ouder@example.org",
        to_name="Ouder Één",
        subject="Uw kind — melding",
        body_text="Beste ouder,\n.\nregel met punt",
        body_html="<p>Beste ouder</p>",
    )
    db.session.commit()
    deliver_due()
    (msg,) = smtp.parsed()
    assert msg["To"].addresses[0].addr_spec == "ouder@example.org"
    assert msg["To"].addresses[0].display_name == "Ouder Één"
    assert msg["From"].addresses[0].addr_spec == "meldpunt@example.org"
    assert str(msg["Subject"]) == "Uw kind — melding"
    assert msg["Message-ID"] == rows()[0].message_id
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == "Beste ouder,\n.\nregel met punt\n"  # dot-stuffing undone
    assert "Beste ouder" in msg.get_body(("html",)).get_content()


@pytest.mark.parametrize("field", ["to_name", "subject"])
def test_header_injection_is_neutralised(mail_app, smtp, school, field):
    values = {"to_name": "Ouder", "subject": "Melding"}
    values[field] = "Jan\r\nBcc: stolen@example.org\r\nX-Injected: yes\nSubject: fake"
    enqueue(
        school_id=school.id, key="k:inj", kind="notice", to_address="ouder@example.org", body_text="Tekst", **values
    )
    db.session.commit()
    deliver_due()
    (raw,) = smtp.received
    (msg,) = smtp.parsed()
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    assert len(msg.get_all("Subject")) == 1
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert not any(line.startswith((b"Bcc:", b"X-Injected:")) for line in header_block.split(b"\r\n"))
    assert rows()[0].status == "sent"


def test_address_with_line_break_is_refused_not_sent(mail_app, smtp, school):
    enqueue(
        school_id=school.id,
        key="k:addr",
        kind="notice",
        to_address="ouder@example.org\r\nBcc: x@example.org",
        subject="S",
        body_text="T",
    )
    db.session.commit()
    # The control characters are removed; what is left is not one address, so it is dead.
    deliver_due()
    (row,) = rows()
    assert row.status == "dead" and "invalid recipient" in row.last_error
    assert smtp.received == []


def test_server_down_is_temporary_with_backoff(mail_app, school, add_messages, frozen_clock, configure):
    configure(MAIL_PORT=free_port())  # nothing listens there
    add_messages(school, 2)
    report = deliver_due()
    assert report.outcomes["retrying"] == 2
    for row in rows():
        assert row.status == "retrying" and row.attempts == 1
        assert row.next_attempt_at == frozen_clock.now() + timedelta(seconds=60)
        assert "connect" in row.last_error
        assert row.claimed_by is None


def test_451_is_retried_and_later_sent(mail_app, smtp, school, add_messages, frozen_clock):
    add_messages(school, 1)
    smtp.mode = "451"
    deliver_due()
    (row,) = rows()
    assert (row.status, row.attempts) == ("retrying", 1)
    assert "451" in row.last_error
    assert deliver_due().claimed == 0  # not due before the backoff has passed
    smtp.mode = "accept"
    frozen_clock(frozen_clock.now() + timedelta(seconds=60))
    deliver_due()
    (row,) = rows()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert len(smtp.received) == 1


def test_550_is_dead_at_once(mail_app, smtp, school, add_messages):
    add_messages(school, 2)
    smtp.mode = "550"
    deliver_due()
    assert [(r.status, r.attempts) for r in rows()] == [("dead", 1), ("dead", 1)]
    assert "550" in rows()[0].last_error


def test_disconnect_after_data_is_uncertain_and_never_resent(mail_app, smtp, school, add_messages, frozen_clock):
    add_messages(school, 2)
    smtp.mode = "drop"
    report = deliver_due()
    assert report.outcomes["uncertain"] == 2
    assert [r.status for r in rows()] == ["uncertain", "uncertain"]
    assert "after data" in rows()[0].last_error
    received = len(smtp.received)
    smtp.mode = "accept"
    frozen_clock(frozen_clock.now() + timedelta(days=3))
    assert deliver_due().claimed == 0
    assert len(smtp.received) == received


def test_backoff_doubles_and_is_capped(app):
    config = {"OUTBOX_BACKOFF_SECONDS": 60, "OUTBOX_BACKOFF_CAP_SECONDS": 3600}
    assert [backoff(n, config).total_seconds() for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_temporary_failures_end_dead_after_max_attempts(mail_app, smtp, school, add_messages, frozen_clock, configure):
    configure(OUTBOX_MAX_ATTEMPTS=4)
    add_messages(school, 1)
    smtp.mode = "451"
    due_times = []
    for _ in range(4):
        deliver_due()
        (row,) = rows()
        due_times.append(row.next_attempt_at - frozen_clock.now())
        frozen_clock(row.next_attempt_at)
    (row,) = rows()
    assert (row.status, row.attempts) == ("dead", 4)
    assert due_times[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert deliver_due().claimed == 0


def test_enqueue_is_idempotent_on_its_key(mail_app, smtp, school):
    first = enqueue(
        school_id=school.id, key="notice:7:ouder", kind="notice", to_address="o@example.org", subject="S", body_text="T"
    )
    again = enqueue(
        school_id=school.id, key="notice:7:ouder", kind="notice", to_address="o@example.org", subject="S", body_text="T"
    )
    db.session.commit()
    assert first is again and len(rows()) == 1
    deliver_due()
    assert (
        enqueue(
            school_id=school.id,
            key="notice:7:ouder",
            kind="notice",
            to_address="o@example.org",
            subject="S",
            body_text="T",
        ).status
        == "sent"
    )
    db.session.commit()
    deliver_due()
    assert len(smtp.received) == 1


def test_without_mail_server_messages_become_eml_files(app, school, add_messages, tmp_path, configure):
    configure(MAIL_SERVER=None, OUTBOX_DIR=str(tmp_path / "outbox"))
    added = add_messages(school, 2)
    assert deliver_due().outcomes["sent"] == 2
    files = sorted(Path(tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    assert {f.name.split("-")[0] for f in files} == {str(r.id) for r in rows()}
    assert added[0]["message_id"].encode() in b"".join(f.read_bytes() for f in files)
    assert all(r.status == "sent" for r in rows())


def test_a_failing_after_send_step_keeps_the_sent_mark(mail_app, smtp, school, add_messages, monkeypatch, caplog):
    """The mail has left: a crashing hook must not turn it into 'uncertain' or stop the batch."""
    from incidents.outbox import hooks

    def broken(message_id, sent_at):
        db.session.execute(select(OutboxMessage))  # some work in the savepoint, then a failure
        raise RuntimeError("parent Jan de Vries")

    import logging

    from incidents.outbox import delivery

    monkeypatch.setitem(hooks._on_sent, "test", broken)
    monkeypatch.setattr(delivery.log, "disabled", False)  # in-process migrations disable loggers
    caplog.set_level(logging.ERROR, logger=delivery.log.name)
    add_messages(school, 3)
    report = deliver_due()
    db.session.expire_all()
    assert [m.status for m in db.session.scalars(select(OutboxMessage))] == ["sent"] * 3
    assert len(smtp.received) == 3 and report.outcomes["sent"] == 3
    assert "after-send step" in caplog.text and "Jan de Vries" not in caplog.text


def test_a_row_deleted_after_the_claim_is_skipped(mail_app, smtp, school, add_messages, monkeypatch):
    from incidents.outbox import claim

    add_messages(school, 2)
    original = claim.claim_batch

    def claim_then_lose_one(worker, limit):
        ids = original(worker, limit)
        db.session.execute(OutboxMessage.__table__.delete().where(OutboxMessage.id == ids[0]))
        db.session.commit()
        return ids

    monkeypatch.setattr(claim, "claim_batch", claim_then_lose_one)
    deliver_due()
    assert len(smtp.received) == 1
    assert [m.status for m in db.session.scalars(select(OutboxMessage))] == ["sent"]
