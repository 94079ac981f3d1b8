"""Gauges read from the database at scrape time: the outbox, the scheduler and its job runs.

The scheduler is another process (often on another host), so what it did is read from the rows
it writes (outbox_messages, scheduler_heartbeats, job_runs) rather than kept in memory.
Counts, ages and outcomes only: no addresses, subjects or scheduler host names.
"""

from collections.abc import Iterable, Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import DUE_STATUSES, STATUSES, OutboxMessage
from incidents.scheduler.models import JOB_RUN_OUTCOMES, JobRun, SchedulerHeartbeat


def _age(since: datetime | None, now: datetime) -> float:
    return max((now - since).total_seconds(), 0.0) if since is not None else 0.0


def outbox_metrics(now: datetime) -> Iterator[Metric]:
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    queue = GaugeMetricFamily("meldpunt_outbox_messages", "Outbox messages per state.", labels=["state"])
    for status in STATUSES:
        queue.add_metric([status], counts.get(status, 0))
    yield queue
    # How long the longest-waiting message has been due (0: none is due). A working scheduler
    # keeps this near SCHEDULER_DELIVER_SECONDS; a notice planned for later is not due yet.
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status.in_(DUE_STATUSES), OutboxMessage.next_attempt_at <= now
        )
    )
    yield GaugeMetricFamily(
        "meldpunt_outbox_oldest_due_age_seconds",
        "Seconds the longest-waiting pending or retrying message has been due.",
        value=_age(oldest, now),
    )


def scheduler_metrics(now: datetime) -> Iterator[Metric]:
    last = db.session.scalar(select(func.max(SchedulerHeartbeat.beat_at)))
    yield GaugeMetricFamily(
        "meldpunt_scheduler_heartbeat_age_seconds",
        "Seconds since the last heartbeat of any scheduler (+Inf: none ever beat).",
        value=_age(last, now) if last is not None else float("inf"),
    )


def job_metrics() -> Iterator[Metric]:
    latest_ids = select(func.max(JobRun.id)).group_by(JobRun.job)
    latest = db.session.scalars(select(JobRun).where(JobRun.id.in_(latest_ids)).order_by(JobRun.job)).all()
    outcome = GaugeMetricFamily(
        "meldpunt_job_last_run_outcome", "1 for the outcome of each job's last run.", labels=["job", "outcome"]
    )
    started = GaugeMetricFamily(
        "meldpunt_job_last_run_started_timestamp_seconds", "When each job's last run started.", labels=["job"]
    )
    duration = GaugeMetricFamily(
        "meldpunt_job_last_run_duration_seconds", "How long each job's last finished run took.", labels=["job"]
    )
    for run in latest:
        for name in JOB_RUN_OUTCOMES:
            outcome.add_metric([run.job, name], 1 if run.outcome == name else 0)
        started.add_metric([run.job], run.started_at.timestamp())
        if run.finished_at is not None:
            duration.add_metric([run.job], (run.finished_at - run.started_at).total_seconds())
    failed = GaugeMetricFamily(
        "meldpunt_job_failed_runs", "Failed runs per job among those kept (JOB_RUN_DAYS).", labels=["job"]
    )
    rows = db.session.execute(select(JobRun.job, func.count()).where(JobRun.outcome == "failed").group_by(JobRun.job))
    failed_counts = dict(rows.all())
    for run in latest:
        failed.add_metric([run.job], failed_counts.get(run.job, 0))
    yield from (outcome, started, duration, failed)


class DatabaseCollector(Collector):
    """Reads the gauges when scraped; `meldpunt_database_up` 0 when the database does not answer."""

    def collect(self) -> Iterable[Metric]:
        now = clock.utc_now()
        try:
            metrics = [*outbox_metrics(now), *scheduler_metrics(now), *job_metrics()]
        except SQLAlchemyError:
            db.session.rollback()
            metrics = []
        up = GaugeMetricFamily(
            "meldpunt_database_up", "1 when the database answered this scrape.", value=int(bool(metrics))
        )
        return [up, *metrics]
