"""Delivering due outbox rows: used by the scheduler job, the tests and the benchmark.

Logs carry message ids and outcome kinds only, never addresses, names or subjects.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app

from incidents.core import clock
from incidents.extensions import db
from incidents.outbox import claim, hooks
from incidents.outbox.mailer import (
    PERMANENT,
    SENT,
    TEMPORARY,
    UNCERTAIN,
    InvalidMessage,
    Outcome,
    build_message,
    message_bytes,
    transport_for,
)
from incidents.outbox.models import OutboxMessage

log = logging.getLogger(__name__)


@dataclass
class Report:
    worker: str
    claimed: int = 0
    recovered: int = 0
    made_uncertain: int = 0
    outcomes: Counter = field(default_factory=Counter)

    def __str__(self):
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())) or "nothing due"
        return f"claimed {self.claimed}: {parts}"


def backoff(attempts, config):
    """Delay before the next try after `attempts` failed tries: base * 2**(attempts-1), capped."""
    base, cap = config["OUTBOX_BACKOFF_SECONDS"], config["OUTBOX_BACKOFF_CAP_SECONDS"]
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def _never():
    return False


def deliver_due(limit=None, worker=None, batches=1, should_stop=_never):
    """Recover dead claims, then claim and deliver up to `batches` batches of due messages.

    `should_stop` is asked before each message: once it says so, the message in flight has
    been finished and the rest of the batch goes back to pending for another worker."""
    config = current_app.config
    limit = limit or config["OUTBOX_BATCH_SIZE"]
    report = Report(worker=worker or claim.worker_name())
    report.recovered, report.made_uncertain = claim.recover_stale(config["OUTBOX_LEASE_SECONDS"])
    if report.made_uncertain:
        log.warning("outbox: %d message(s) left mid-send by a stopped worker are now uncertain", report.made_uncertain)
    transport = transport_for(config)
    try:
        for _ in range(batches):
            if should_stop():
                break
            ids = claim.claim_batch(report.worker, limit)
            if not ids:
                break
            report.claimed += len(ids)
            _deliver_batch(ids, transport, report, config, should_stop)
    finally:
        transport.close()
    if report.claimed:
        log.info("outbox %s", report)
    return report


def _deliver_batch(ids, transport, report, config, should_stop=_never):
    worker = report.worker
    for position, message_id in enumerate(ids):
        if should_stop():
            claim.release(ids[position:], worker)
            report.outcomes["released"] += len(ids) - position
            log.info("outbox: stopping, %d claimed message(s) given back", len(ids) - position)
            return
        refused = transport.open()
        if refused is not None:
            # The server is unreachable: every message left in this batch fails the same way.
            _fail_remaining(ids[position:], refused, worker, config, report)
            return
        row = db.session.get(OutboxMessage, message_id, populate_existing=True)
        if row is None:  # deleted meanwhile (retention): nothing to send
            continue
        try:
            msg, sender = build_message(row, config)
            data = message_bytes(msg)
            recipient = msg["To"].addresses[0].addr_spec
        except (InvalidMessage, ValueError) as exc:
            _record_failure(
                message_id,
                worker,
                Outcome(PERMANENT, f"message: {exc}"),
                ("claimed",),
                config,
                report,
                count_attempt=True,
            )
            continue
        if not claim.mark_sending(message_id, worker):
            report.outcomes["lost_claim"] += 1
            continue
        outcome = transport.send(row, data, sender, recipient)
        # Committed at once: a worker killed after the server answered leaves no doubt behind.
        _record_outcome(row, message_id, outcome, worker, config, report)
        if row in db.session:
            db.session.expunge(row)  # a long batch must not grow the identity map


def _fail_remaining(rest, refused, worker, config, report):
    """The messages left in the batch after the server refused the connection, each failed."""
    if refused.kind == PERMANENT:
        # A setting is wrong (password, TLS mode, CA): say so where the operator looks.
        log.warning("outbox: mail server set-up refused, %d message(s) dead: %s", len(rest), refused.error)
    for message_id in rest:
        _record_failure(message_id, worker, refused, ("claimed",), config, report, count_attempt=True)


def _record_outcome(row, message_id, outcome, worker, config, report):
    """Mark and commit a message after its send; a sent mark runs the feature's hook in the same commit."""
    if outcome.kind == SENT:
        sent_at = clock.utc_now()
        if claim.finish(
            message_id, worker, ("sending", "uncertain"), commit=False, status="sent", sent_at=sent_at, last_error=None
        ):
            _run_sent_hook(row.kind, message_id, sent_at)
            report.outcomes[SENT] += 1
        db.session.commit()
    else:
        _record_failure(message_id, worker, outcome, ("sending",), config, report, count_attempt=False)


def _run_sent_hook(kind, message_id, sent_at):
    """The feature's follow-up of a sent message, in a savepoint: if it fails, the mail has
    still left, so the sent mark must stand (a lost mark would make it 'uncertain')."""
    try:
        with db.session.begin_nested():
            hooks.message_sent(kind, message_id, sent_at)
    except Exception as exc:  # logged without its message: it may quote personal data
        log.error("outbox: after-send step for message %d failed: %s", message_id, type(exc).__name__)


def _record_failure(message_id, worker, outcome, from_statuses, config, report, count_attempt, commit=True):
    row = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if row is None:
        return
    attempts = row.attempts + (1 if count_attempt else 0)
    values = {"attempts": attempts, "last_error": (outcome.error or outcome.kind)[:1000]}
    if outcome.kind == UNCERTAIN:
        status = "uncertain"
    elif outcome.kind == TEMPORARY and attempts < config["OUTBOX_MAX_ATTEMPTS"]:
        status = "retrying"
        values["next_attempt_at"] = clock.utc_now() + backoff(attempts, config)
    else:
        status = "dead"
    values.update(status=status)
    if status != "uncertain":
        values.update(claimed_by=None, claimed_at=None)
    if claim.finish(message_id, worker, from_statuses, commit=commit, **values):
        report.outcomes[status] += 1
        log.info("outbox message %d %s (attempt %d)", message_id, status, attempts)
