"""Claims: two workers never get the same row; dead workers' claims are recovered safely."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from incidents.extensions import db
from incidents.outbox import claim
from incidents.outbox.delivery import deliver_due
from incidents.outbox.models import OutboxMessage


def statuses():
    db.session.expire_all()
    return {m.id: m.status for m in db.session.scalars(select(OutboxMessage))}


def test_two_workers_claim_disjoint_sets(app, school, add_messages):
    add_messages(school, 10)
    first = claim.claim_batch("worker-a", 6)
    second = claim.claim_batch("worker-b", 6)
    assert len(first) == 6 and len(second) == 4
    assert not set(first) & set(second)
    assert claim.claim_batch("worker-c", 6) == []
    db.session.expire_all()
    owners = {m.id: m.claimed_by for m in db.session.scalars(select(OutboxMessage))}
    assert {owners[i] for i in first} == {"worker-a"} and {owners[i] for i in second} == {"worker-b"}


def test_claim_skips_rows_not_yet_due(app, school, add_messages, frozen_clock):
    add_messages(school, 2, due=frozen_clock.now() + timedelta(minutes=5))
    assert claim.claim_batch("w", 10) == []
    frozen_clock(frozen_clock.now() + timedelta(minutes=5))
    assert len(claim.claim_batch("w", 10)) == 2


@pytest.mark.postgresql_only
def test_concurrent_claims_on_postgresql_are_disjoint(app, school, add_messages):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED: PostgreSQL only")
    add_messages(school, 300)
    barrier = threading.Barrier(4)
    results = {}

    def worker(name):
        with app.app_context():
            try:
                barrier.wait(5)
                got = []
                while batch := claim.claim_batch(name, 7):
                    got.extend(batch)
                results[name] = got
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    claimed = [i for got in results.values() for i in got]
    assert len(results) == 4
    assert len(claimed) == len(set(claimed)) == 300


def test_recovery_returns_stale_claims_and_marks_stale_sends_uncertain(app, school, add_messages, frozen_clock):
    add_messages(school, 3)
    ids = claim.claim_batch("dead-worker", 3)
    assert claim.mark_sending(ids[0], "dead-worker")
    # Within the lease nothing is touched: the worker may still be alive.
    assert claim.recover_stale(300) == (0, 0)
    frozen_clock(frozen_clock.now() + timedelta(seconds=301))
    assert claim.recover_stale(300) == (2, 1)
    state = statuses()
    assert state[ids[0]] == "uncertain"
    assert state[ids[1]] == state[ids[2]] == "pending"
    # The dead worker, should it wake up, can no longer hand the released rows to SMTP.
    assert claim.mark_sending(ids[1], "dead-worker") is False


def test_a_worker_that_lost_its_claim_sends_nothing(mail_app, smtp, school, add_messages, frozen_clock):
    add_messages(school, 2)
    ids = claim.claim_batch("slow-worker", 2)
    frozen_clock(frozen_clock.now() + timedelta(seconds=301))
    report = deliver_due()  # recovers both, claims and sends them itself
    assert report.outcomes["sent"] == 2
    assert claim.mark_sending(ids[0], "slow-worker") is False
    assert len(smtp.received) == 2


def test_late_success_of_an_uncertain_send_is_recorded(app, school, add_messages, frozen_clock):
    add_messages(school, 1)
    (message_id,) = claim.claim_batch("w", 1)
    claim.mark_sending(message_id, "w")
    frozen_clock(frozen_clock.now() + timedelta(seconds=301))
    claim.recover_stale(300)
    assert statuses()[message_id] == "uncertain"
    assert claim.finish(message_id, "w", ("sending", "uncertain"), status="sent", sent_at=frozen_clock.now())
    assert statuses()[message_id] == "sent"
