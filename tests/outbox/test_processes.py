"""Real scheduler processes: several at once send each message exactly once, and one killed
with SIGKILL mid-batch loses nothing and duplicates nothing except messages marked uncertain."""

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from incidents.extensions import db
from incidents.outbox.delivery import deliver_due
from incidents.outbox.models import OutboxMessage
from incidents.scheduler.models import SchedulerHeartbeat

ROOT = Path(__file__).resolve().parents[2]


def spawn(database_url, smtp_port, tmp_path, name, **env):
    environment = dict(
        os.environ,
        MELDPUNT_ENV="development",
        DATABASE_URL=database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        MAIL_TIMEOUT="10",
        MAIL_DEFAULT_SENDER="Meldpunt <meldpunt@example.org>",
        MELDPUNT_OUTBOX_DIR=str(tmp_path / "eml"),
        MELDPUNT_STORAGE=str(tmp_path / "storage"),
        SCHEDULER_DELIVER_SECONDS="1",
        OUTBOX_BATCH_SIZE="50",
    )
    environment.update(env)
    log = open(tmp_path / f"{name}.log", "wb")
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/flask"), "--app", "app", "scheduler", "--name", name],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(predicate, timeout, processes=(), interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in processes:
            assert p.poll() is None, f"scheduler {p.pid} exited with {p.returncode}"
        if predicate():
            return True
        time.sleep(interval)
    return False


def count(*statuses):
    db.session.commit()  # a fresh snapshot each poll, and no lock held between polls
    query = select(func.count()).select_from(OutboxMessage)
    if statuses:
        query = query.where(OutboxMessage.status.in_(statuses))
    return db.session.scalar(query)


def stop(processes):
    for p in processes:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in processes:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.mark.postgresql_only
def test_three_schedulers_deliver_1000_messages_exactly_once(
    app, database_url, smtp_server, smtp, school, add_messages, tmp_path
):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("three scheduler processes: PostgreSQL only")
    processes = [spawn(database_url, smtp_server.port, tmp_path, f"s{i}") for i in range(3)]
    try:
        # All three are up (each wrote its heartbeat) before the messages become due.
        assert wait_for(
            lambda: count() == 0 and db.session.scalar(select(func.count()).select_from(SchedulerHeartbeat)) == 3,
            60,
            processes,
        )
        added = add_messages(school, 1000)
        assert wait_for(lambda: count("sent") == 1000, 90, processes), (
            f"only {count('sent')} sent; statuses: {count('pending', 'claimed', 'sending', 'retrying')} in flight"
        )
    finally:
        stop(processes)
    received = Counter(smtp.message_ids())
    assert set(received) == {r["message_id"] for r in added}
    assert max(received.values()) == 1 and sum(received.values()) == 1000
    pids = Counter(w.split(":")[1] for w in db.session.scalars(select(OutboxMessage.claimed_by)))
    assert len(pids) >= 2, f"only one scheduler did the work: {pids}"


def test_scheduler_killed_mid_batch_loses_and_duplicates_nothing(
    mail_app, database_url, smtp_server, smtp, school, add_messages, tmp_path, configure
):
    smtp.delay = 0.1  # slow server: the kill lands while a message is with it
    added = add_messages(school, 120)
    victim = spawn(database_url, smtp_server.port, tmp_path, "victim", OUTBOX_BATCH_SIZE="20")
    try:
        assert wait_for(lambda: len(smtp.received) >= 15, 60, [victim], interval=0.02)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    finally:
        stop([victim])
    received_before = len(smtp.received)
    assert received_before < 120, "the scheduler finished before it could be killed mid-batch"
    assert count("claimed") + count("sending") > 0  # the dead worker left claims behind

    smtp.delay = 0
    configure(OUTBOX_LEASE_SECONDS=0)  # the victim is dead: its claims are stale now
    deliver_due(batches=100)

    db.session.expire_all()
    rows = list(db.session.scalars(select(OutboxMessage)))
    received = Counter(smtp.message_ids())
    assert {r.status for r in rows} <= {"sent", "uncertain"}
    for row in rows:
        if row.status == "sent":
            assert received[row.message_id] == 1, row.id
        else:
            assert received[row.message_id] <= 1, row.id
    assert set(received) <= {r["message_id"] for r in added}
    assert count("sent") + count("uncertain") == 120 and count("uncertain") <= 1
