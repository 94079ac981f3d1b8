"""Two real scheduler processes on one database: a nightly job runs once between them."""

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from incidents.core import clock
from incidents.extensions import db
from incidents.scheduler.models import JobRun, SchedulerHeartbeat
from tests.outbox.test_processes import spawn, stop, wait_for

NO_MAIL_PORT = 9  # the outbox is empty: no connection is ever made


def purge_runs():
    db.session.commit()  # a fresh snapshot each poll
    return db.session.scalars(select(JobRun).where(JobRun.job == "purge_sessions")).all()


@pytest.mark.postgresql_only
def test_two_schedulers_run_the_nightly_session_purge_once(app, database_url, tmp_path):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several scheduler processes on one database: PostgreSQL only")
    # The "night" is 25 seconds from now in school time: both are up by then.
    at = (clock.utc_now() + timedelta(seconds=25)).astimezone(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"]))
    processes = [
        spawn(database_url, NO_MAIL_PORT, tmp_path, name, SCHEDULER_PURGE_SESSIONS_AT=at.strftime("%H:%M:%S"))
        for name in ("night-a", "night-b")
    ]
    try:
        assert wait_for(
            lambda: db.session.scalar(select(func.count()).select_from(SchedulerHeartbeat)) == 2, 20, processes
        ), "both schedulers must be up before the job's time"
        assert wait_for(lambda: [r.outcome for r in purge_runs()] == ["ok"], 60, processes)
        logs = lambda: [Path(tmp_path / f"{n}.log").read_text() for n in ("night-a", "night-b")]  # noqa: E731
        skipped = f"job purge_sessions {at.date().isoformat()}: already run by another scheduler"
        # The other scheduler fired too, and skipped the run it found claimed.
        assert wait_for(lambda: sum(skipped in text for text in logs()) == 1, 10, processes), logs()
    finally:
        stop(processes)
    (run,) = purge_runs()
    assert run.scheduler in ("night-a", "night-b") and run.finished_at is not None
