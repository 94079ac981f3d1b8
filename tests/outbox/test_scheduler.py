"""Scheduler jobs, the CLI command and the heartbeat in /healthz."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from incidents.extensions import db
from incidents.scheduler import jobs
from incidents.scheduler.commands import build_scheduler, scheduler_command
from incidents.scheduler.models import SchedulerHeartbeat


def test_healthz_reports_scheduler_never_then_ok_then_stale(client, app, frozen_clock):
    body = client.get("/healthz").get_json()
    assert body["scheduler"]["state"] == "never" and body["mail"] == "unknown"
    jobs.heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    scheduler = response.get_json()["scheduler"]
    assert scheduler["state"] == "ok" and scheduler["age_seconds"] == 0
    assert scheduler["last_heartbeat"].startswith("2026-11-16T09:00:00")
    frozen_clock(frozen_clock.now() + timedelta(seconds=app.config["SCHEDULER_STALE_SECONDS"] + 1))
    response = client.get("/healthz")
    assert response.status_code == 200  # a stale scheduler is reported, the web app still answers
    assert response.get_json()["scheduler"]["state"] == "stale"


def test_heartbeat_keeps_one_row_per_name(app, frozen_clock):
    jobs.heartbeat()
    frozen_clock(frozen_clock.now() + timedelta(seconds=30))
    jobs.heartbeat()
    (row,) = db.session.scalars(select(SchedulerHeartbeat)).all()
    assert row.beat_at == frozen_clock.now() and row.started_at == frozen_clock.now() - timedelta(seconds=30)


def test_scheduler_jobs_are_configured_single_instance_and_coalescing(app):
    scheduler = build_scheduler(app)
    ids = {job.id for job in scheduler.get_jobs()}
    assert {"deliver_outbox", "finalize_sanctions", "heartbeat", "followup_reminders", "retention"} <= ids
    for job in scheduler.get_jobs():
        assert job.max_instances == 1 and job.coalesce is True


def test_reminders_and_retention_run_at_school_clock_times(app):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    amsterdam = ZoneInfo("Europe/Amsterdam")
    jobs = {job.id: job for job in build_scheduler(app).get_jobs()}
    at_night = datetime(2026, 11, 16, 3, 0, tzinfo=amsterdam)
    first_reminders = jobs["followup_reminders"].trigger.get_next_fire_time(None, at_night)
    assert (first_reminders.hour, first_reminders.minute) == (7, 0)
    assert first_reminders.utcoffset() == amsterdam.utcoffset(first_reminders.replace(tzinfo=None))
    nightly = jobs["retention"].trigger.get_next_fire_time(None, at_night)
    assert (nightly.date().day, nightly.hour, nightly.minute) == (17, 2, 30)


def test_web_app_starts_no_scheduler(app):
    import threading

    app.test_client().get("/healthz")
    assert not any("APScheduler" in t.name or "apscheduler" in type(t).__module__ for t in threading.enumerate())


def test_scheduler_once_runs_every_job(app, school, add_messages, tmp_path, configure):
    configure(MAIL_SERVER=None, OUTBOX_DIR=str(tmp_path / "eml"))
    add_messages(school, 2)
    result = app.test_cli_runner().invoke(scheduler_command, ["--once", "--name", "test-scheduler"])
    assert result.exit_code == 0, result.output
    assert "deliver_outbox: claimed 2: sent 2" in result.output
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 2
    db.session.expire_all()
    assert db.session.scalar(select(SchedulerHeartbeat.name)) == "test-scheduler"


def test_finalize_job_finalizes_passed_objection_windows_as_system(
    app, make_school, make_user, make_person, make_case, frozen_clock
):
    from incidents.audit.models import AuditEvent
    from incidents.sanctions.models import Sanction
    from incidents.sanctions.operations import propose_sanction, transition_sanction

    ids = []
    for _ in range(2):  # two schools: the job is not limited to one
        school = make_school()
        director = make_user("director", school)
        pupil = make_person(school)
        case = make_case(school, director, [(pupil, "target")])
        sanction, _ = propose_sanction(
            case,
            director,
            "director",
            pupil,
            "suspension",
            justification="Geweld",
            start_date=date(2026, 11, 17),
            end_date=date(2026, 11, 17),
        )
        transition_sanction(sanction, director, "director", "decide", sanction.version, reasons="Geweld")
        transition_sanction(sanction, director, "director", "notify", sanction.version)
        db.session.commit()
        ids.append(sanction.id)
    deadline = db.session.get(Sanction, ids[0]).objection_deadline
    frozen_clock(datetime.combine(deadline, datetime.min.time(), UTC) + timedelta(hours=12))
    assert jobs.finalize_sanctions() == 0  # the deadline day itself still belongs to the window
    frozen_clock(frozen_clock.now() + timedelta(days=1))
    assert jobs.finalize_sanctions() == 2
    db.session.expire_all()
    assert [db.session.get(Sanction, i).state for i in ids] == ["final", "final"]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sanction.finalize")).all()
    assert len(events) == 2 and all(e.user_id is None for e in events)
    assert jobs.finalize_sanctions() == 0


def test_failing_job_is_logged_without_its_message(app, caplog, monkeypatch):
    # alembic's fileConfig (run by the migrations fixture) disables loggers that existed before it.
    monkeypatch.setattr(jobs.log, "disabled", False)

    personal = "ouder@example.org Jan Jansen"

    def broken():
        raise ValueError(personal)

    with caplog.at_level("ERROR"):
        jobs.run_in_app(app, broken)()  # does not raise: the scheduler keeps running
    assert "scheduled job broken failed: ValueError" in caplog.text
    assert "ouder@example.org" not in caplog.text and "Jansen" not in caplog.text
