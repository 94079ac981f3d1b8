"""The scheduler's own records: a heartbeat per scheduler name, and a row per run of a job
that must run once however many schedulers there are; /healthz reads both."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model


class SchedulerHeartbeat(Model):
    __tablename__ = "scheduler_heartbeats"
    __table_args__ = (CheckConstraint("mail_mode IS NULL OR mail_mode IN ('smtp', 'files')", name="mail_mode"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # How this scheduler delivers the outbox (its own MAIL_SERVER, not the web's): the web's
    # mail banner reads it. NULL: a scheduler from before this column.
    mail_mode: Mapped[str | None] = mapped_column(String(10))


JOB_RUN_OUTCOMES = ("running", "ok", "failed")


class JobRun(Model):
    """A claim on one run of a job: (job, run_key) is unique, so of several schedulers whose
    clocks reach the same run (the night of a date, a quarter of an hour) one inserts the
    row and runs the job; the others' inserts fail and they skip it."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "run_key"),
        CheckConstraint("outcome IN ('running', 'ok', 'failed')", name="outcome"),
        CheckConstraint("outcome = 'running' OR finished_at IS NOT NULL", name="finished_has_time"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40), index=True)
    # The school-time date (nightly jobs) or slot start (e.g. "2026-12-02T07:15") of this run.
    run_key: Mapped[str] = mapped_column(String(40))
    scheduler: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(12), default="running")
