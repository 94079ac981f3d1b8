"""Claims on job runs: a nightly job runs once however many schedulers are started.

Each scheduler fires its own cron triggers; before a guarded job runs, its scheduler inserts
(job, run_key) into job_runs and commits. The unique constraint lets exactly one insert win
(PostgreSQL makes a concurrent second insert wait for the first and then fail; SQLite has a
single writer), so the others skip that run. The run key is the school-time date for a daily
job and the nearest slot start for a shorter one: clocks of different hosts that differ by
seconds still name the same run.
"""

from datetime import datetime, timedelta
from typing import Any, TypedDict, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from incidents.core import clock
from incidents.extensions import db
from incidents.scheduler.models import JobRun

DAY = timedelta(days=1)


class LastRun(TypedDict):
    outcome: str
    started_at: str
    finished_at: str | None


def run_key(now: datetime, slot: timedelta, timezone: str) -> str:
    """The run `now` belongs to: its local date for daily jobs, else the nearest slot start."""
    local = now.astimezone(ZoneInfo(timezone))
    if slot >= DAY:
        return local.date().isoformat()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    slots = round((local - midnight) / slot)
    return (midnight + slots * slot).strftime("%Y-%m-%dT%H:%M")


def claim_run(job: str, key: str, scheduler: str) -> int | None:
    """Insert and commit this scheduler's claim on the run; None when another one has it."""
    run = JobRun(job=job, run_key=key, scheduler=scheduler[:100], started_at=clock.utc_now(), outcome="running")
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return run.id


def finish_run(run_id: int, ok: bool) -> None:
    db.session.execute(
        update(JobRun)
        .where(JobRun.id == run_id)
        .values(outcome="ok" if ok else "failed", finished_at=clock.utc_now())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def last_runs() -> dict[str, LastRun]:
    """The latest run of each job: outcome and times only (no scheduler or host names)."""
    latest = select(func.max(JobRun.id)).group_by(JobRun.job)
    runs = db.session.scalars(select(JobRun).where(JobRun.id.in_(latest)).order_by(JobRun.job))
    return {
        run.job: {
            "outcome": run.outcome,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        }
        for run in runs
    }


def purge_runs(older_than: timedelta) -> int:
    """Runs older than `older_than` go, except each job's latest (what /healthz shows)."""
    latest = select(func.max(JobRun.id)).group_by(JobRun.job)
    # A DELETE gives a CursorResult, which has the row count; Session.execute is typed as Result.
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(JobRun)
            .where(JobRun.started_at < clock.utc_now() - older_than, JobRun.id.not_in(latest))
            .execution_options(synchronize_session=False)
        ),
    )
    db.session.commit()
    return result.rowcount
