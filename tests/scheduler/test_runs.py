"""Claims on job runs: a guarded job runs once per run key, its outcome is recorded, and
/healthz shows each job's last run without naming the scheduler or host that ran it."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from incidents.extensions import db
from incidents.scheduler import jobs, runs
from incidents.scheduler.models import JobRun

AMSTERDAM = "Europe/Amsterdam"


def test_run_keys_are_the_school_date_or_the_nearest_slot():
    late_evening_utc = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 December in Amsterdam
    assert runs.run_key(late_evening_utc, runs.DAY, AMSTERDAM) == "2026-12-02"
    quarter = timedelta(minutes=15)
    # Two hosts whose clocks differ by seconds around 07:15 school time name the same run.
    early = datetime(2026, 12, 2, 6, 14, 58, tzinfo=UTC)
    late = datetime(2026, 12, 2, 6, 15, 3, tzinfo=UTC)
    assert runs.run_key(early, quarter, AMSTERDAM) == runs.run_key(late, quarter, AMSTERDAM) == "2026-12-02T07:15"
    assert runs.run_key(late + quarter, quarter, AMSTERDAM) == "2026-12-02T07:30"


def test_a_guarded_job_runs_once_per_run_and_again_the_next_night(app, frozen_clock):
    calls = []

    def nightly():
        calls.append(1)
        return "done"

    assert jobs.run_in_app(app, nightly, "purge_sessions")() == "done"
    # A second scheduler reaching the same night an hour later skips it.
    frozen_clock(frozen_clock.now() + timedelta(hours=1))
    assert jobs.run_in_app(app, nightly, "purge_sessions")() == "skipped: already run by another scheduler"
    assert len(calls) == 1
    frozen_clock(frozen_clock.now() + timedelta(days=1))
    assert jobs.run_in_app(app, nightly, "purge_sessions")() == "done"
    assert len(calls) == 2
    rows = db.session.scalars(select(JobRun).order_by(JobRun.id)).all()
    assert [(r.job, r.outcome) for r in rows] == [("purge_sessions", "ok")] * 2
    assert rows[0].run_key != rows[1].run_key and all(r.finished_at is not None for r in rows)


def test_jobs_not_guarded_run_every_time(app):
    calls = []
    for _ in range(2):
        jobs.run_in_app(app, lambda: calls.append(1), "deliver_outbox")()
    assert len(calls) == 2 and db.session.scalars(select(JobRun)).all() == []


def test_a_failing_guarded_job_is_recorded_failed_and_not_rerun_in_the_same_run(app, caplog, monkeypatch):
    monkeypatch.setattr(jobs.log, "disabled", False)

    personal = "ouder@example.org"

    def broken():
        raise RuntimeError(personal)

    with caplog.at_level("ERROR"):
        assert jobs.run_in_app(app, broken, "retention")() is None
    (row,) = db.session.scalars(select(JobRun)).all()
    assert row.outcome == "failed" and row.finished_at is not None
    assert "ouder@example.org" not in caplog.text
    assert jobs.run_in_app(app, broken, "retention")().startswith("skipped")


def test_purging_old_runs_keeps_each_jobs_latest(app, frozen_clock):
    start = frozen_clock.now()
    for day in range(3):
        frozen_clock(start + timedelta(days=day))
        for job in ("retention", "purge_sessions"):
            jobs.run_in_app(app, lambda: None, job)()
    frozen_clock(start + timedelta(days=40))
    assert runs.purge_runs(timedelta(days=30)) == 4
    left = db.session.scalars(select(JobRun)).all()
    assert sorted((r.job, r.started_at) for r in left) == [
        ("purge_sessions", start + timedelta(days=2)),
        ("retention", start + timedelta(days=2)),
    ]


def test_healthz_shows_each_jobs_last_run_and_nothing_sensitive(client, app, frozen_clock, configure):
    configure(SCHEDULER_NAME="web-host-7.school.internal")
    assert client.get("/healthz").get_json()["jobs"] == {}
    jobs.run_in_app(app, lambda: None, "retention")()
    frozen_clock(frozen_clock.now() + timedelta(minutes=45))
    jobs.run_in_app(app, lambda: 1 / 0, "purge_sessions")()
    response = client.get("/healthz")
    assert response.status_code == 200
    shown = response.get_json()["jobs"]
    assert shown == {
        "purge_sessions": {
            "outcome": "failed",
            "started_at": frozen_clock.now().isoformat(),
            "finished_at": frozen_clock.now().isoformat(),
        },
        "retention": {
            "outcome": "ok",
            "started_at": (frozen_clock.now() - timedelta(minutes=45)).isoformat(),
            "finished_at": (frozen_clock.now() - timedelta(minutes=45)).isoformat(),
        },
    }
    assert "web-host-7" not in response.get_data(as_text=True)
