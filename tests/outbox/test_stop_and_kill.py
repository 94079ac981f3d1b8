"""A scheduler stopped by its service manager: SIGTERM finishes the message in flight, gives
its other claims back and exits within seconds; SIGKILL right after the server answered
loses no outcome (each is committed as soon as the server has answered)."""

import signal
import subprocess
import time
from collections import Counter

from sqlalchemy import select

from incidents.extensions import db
from incidents.outbox import claim
from incidents.outbox.models import OutboxMessage
from tests.outbox.test_processes import count, spawn, stop, wait_for


def test_sigterm_during_a_backlog_exits_within_5_seconds_and_another_scheduler_sends_the_rest_once(
    mail_app, database_url, smtp_server, smtp, school, add_messages, tmp_path
):
    smtp.delay = 0.01  # the backlog would take well over 5 s for one scheduler
    added = add_messages(school, 2000)
    first = spawn(database_url, smtp_server.port, tmp_path, "first")
    try:
        assert wait_for(lambda: len(smtp.received) >= 100, 60, [first], interval=0.05)
        stopped_at = time.monotonic()
        first.send_signal(signal.SIGTERM)
        try:
            first.wait(10)
        except subprocess.TimeoutExpired:
            pass
        took = time.monotonic() - stopped_at
        assert first.returncode is not None and took < 5, f"still running {took:.1f} s after SIGTERM"
    finally:
        stop([first])
    sent_by_first = count("sent")
    assert sent_by_first < 2000, "the backlog was gone before the stop"
    # Its claims went back at once: nothing waits for a lease to run out.
    assert count("claimed", "sending", "uncertain") == 0
    assert count("pending") == 2000 - sent_by_first

    smtp.delay = 0
    heir = spawn(database_url, smtp_server.port, tmp_path, "heir")
    try:
        assert wait_for(lambda: count("sent") == 2000, 180, [heir], interval=0.5), f"only {count('sent')} sent"
    finally:
        stop([heir])
    received = Counter(smtp.message_ids())
    assert set(received) == {r["message_id"] for r in added}
    assert max(received.values()) == 1 and sum(received.values()) == 2000


def test_sigkill_right_after_a_451_leaves_that_message_due_for_retry_not_uncertain(
    mail_app, database_url, smtp_server, smtp, school, add_messages, tmp_path
):
    smtp.mode = "451"
    smtp.rset_delay = 20  # the client is held between the refusal and its next message
    add_messages(school, 5)
    victim = spawn(database_url, smtp_server.port, tmp_path, "victim")
    try:
        assert wait_for(lambda: smtp.rsets >= 1, 60, [victim], interval=0.02)
        time.sleep(0.5)  # the outcome had all the time it needs to be committed
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    finally:
        stop([victim])
    claim.recover_stale(0)  # the victim is dead: all its claims are stale
    db.session.expire_all()
    rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    statuses = Counter(r.status for r in rows)
    assert statuses == {"retrying": 1, "pending": 4}, statuses
    (refused,) = [r for r in rows if r.status == "retrying"]
    assert refused.attempts == 1 and "451" in refused.last_error and refused.claimed_by is None
    assert smtp.received == []  # 451 mode: nothing was ever accepted
