"""Claiming due outbox rows so that each is handed to SMTP by exactly one worker.

States a worker moves a row through, each step committed before the next:
  pending/retrying --claim--> claimed --mark_sending--> sending --record--> sent/retrying/dead/uncertain
Every step after the claim is a conditional UPDATE on (status, claimed_by): a worker that
lost its claim (recovered after the lease, taken by another worker) changes nothing.
Recovery: a `claimed` row older than the lease was never handed over, so it is due again;
a `sending` row older than the lease may have reached the server, so it becomes `uncertain`.
"""

import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import and_, select, update

from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import DUE_STATUSES
from incidents.outbox.models import OutboxMessage as M


def worker_name():
    """Unique per call: host, pid and a random part (a pid can be reused after a crash)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _due(now):
    return and_(M.status.in_(DUE_STATUSES), M.next_attempt_at <= now)


def claim_batch(worker, limit, now=None):
    """Claim up to `limit` due rows for `worker` and commit; returns their ids, oldest due first."""
    now = now or clock.utc_now()
    session = db.session
    query = select(M.id).where(_due(now)).order_by(M.next_attempt_at, M.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        # Rows another worker is claiming right now are skipped, not waited for.
        ids = list(session.scalars(query.with_for_update(skip_locked=True)))
        if ids:
            session.execute(
                update(M)
                .where(M.id.in_(ids))
                .values(status="claimed", claimed_by=worker, claimed_at=now)
                .execution_options(synchronize_session=False)
            )
    else:
        # SQLite has no row locks: each UPDATE re-checks the row is still due, and only a
        # row count of 1 means this worker got it.
        candidates = list(session.scalars(query))
        ids = []
        for message_id in candidates:
            result = session.execute(
                update(M)
                .where(M.id == message_id, _due(now))
                .values(status="claimed", claimed_by=worker, claimed_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                ids.append(message_id)
    session.commit()
    return ids


def mark_sending(message_id, worker, now=None):
    """claimed -> sending, committed before any byte goes to SMTP. False: the claim was lost."""
    now = now or clock.utc_now()
    result = db.session.execute(
        update(M)
        .where(M.id == message_id, M.status == "claimed", M.claimed_by == worker)
        .values(status="sending", claimed_at=now, attempts=M.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def finish(message_id, worker, from_statuses, commit=True, **values):
    """Record an outcome if this worker still holds the row. Without `commit`, the caller
    commits it (with the sent hook's changes); delivery commits every outcome as soon as the
    server has answered, so a killed worker leaves only the message in flight `sending`."""
    result = db.session.execute(
        update(M)
        .where(M.id == message_id, M.status.in_(from_statuses), M.claimed_by == worker)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if commit:
        db.session.commit()
    return result.rowcount == 1


def release(ids, worker):
    """Give unsent claimed rows back untouched (the worker stops early, on SIGTERM)."""
    if ids:
        db.session.execute(
            update(M)
            .where(M.id.in_(ids), M.status == "claimed", M.claimed_by == worker)
            .values(status="pending", claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def recover_stale(lease_seconds, now=None):
    """Undo the claims of dead workers; returns (back to pending, now uncertain)."""
    now = now or clock.utc_now()
    cutoff = now - timedelta(seconds=lease_seconds)
    released = db.session.execute(
        update(M)
        .where(M.status == "claimed", M.claimed_at < cutoff)
        .values(status="pending", claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    uncertain = db.session.execute(
        update(M)
        .where(M.status == "sending", M.claimed_at < cutoff)
        .values(status="uncertain", last_error="worker stopped while sending; the message may have been delivered")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return released, uncertain
