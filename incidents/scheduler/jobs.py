"""The scheduled jobs. Add a job from another feature with one line in JOBS.

Each entry: (id, trigger kwargs for APScheduler's add_job, function). A job runs in an app
context, commits its own transactions, and logs counts and ids only, never personal data.
Due times live in the database: a job asks the database what is due, so a restarted or
second scheduler loses and duplicates nothing.
"""

import logging
import os
import socket
import traceback
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from incidents.access_requests.reminders import enqueue_access_request_reminders
from incidents.auth.sessions.operations import purge_sessions
from incidents.cases.models import Case
from incidents.core import clock
from incidents.extensions import db
from incidents.followups.reminders import enqueue_followup_reminders
from incidents.outbox.delivery import deliver_due
from incidents.retention.operations import run_retention
from incidents.sanctions.operations import cases_with_due_sanctions, finalize_due_sanctions
from incidents.scheduler import runs
from incidents.scheduler.mail_mode import configured_mail_mode
from incidents.scheduler.models import SchedulerHeartbeat
from incidents.scheduler.stopping import stop_requested

log = logging.getLogger(__name__)


def deliver_outbox():
    return deliver_due(batches=current_app.config.get("OUTBOX_BATCHES_PER_RUN", 20), should_stop=stop_requested)


def finalize_sanctions():
    """Sanctions whose objection window passed become final, as SYSTEM, one case per transaction."""

    finalized = 0
    for case_id in cases_with_due_sanctions():
        if stop_requested():  # the next run finalizes the rest
            break
        try:
            case = db.session.get(Case, case_id)
            finalized += len(finalize_due_sanctions(case))
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            log_failure(f"finalizing sanctions of case {case_id}", exc)
        finally:
            db.session.expunge_all()
    if finalized:
        log.info("finalized %d sanction(s)", finalized)
    return finalized


def followup_reminders():
    return enqueue_followup_reminders()


def access_request_reminders():
    return enqueue_access_request_reminders()


def retention():
    report = run_retention()
    log.info("retention: %d file(s) of people and %d case(s) removed", len(report.people), len(report.cases))
    return report


def purge_old_sessions():
    """Session records unused for SESSION_RECORD_DAYS go (they were ended, expired or idle long ago)."""
    purged = purge_sessions(timedelta(days=current_app.config["SESSION_RECORD_DAYS"]))
    db.session.commit()
    if purged:
        log.info("purged %d old session record(s)", purged)
    return purged


def purge_old_job_runs():
    """The claims of job runs older than JOB_RUN_DAYS go (each job's latest stays for /healthz)."""
    return runs.purge_runs(timedelta(days=current_app.config["JOB_RUN_DAYS"]))


def scheduler_name():
    return current_app.config.get("SCHEDULER_NAME") or socket.gethostname()[:100]


def heartbeat():
    name, now = scheduler_name(), clock.utc_now()
    row = db.session.scalar(select(SchedulerHeartbeat).where(SchedulerHeartbeat.name == name))
    if row is None:
        row = SchedulerHeartbeat(name=name, host=socket.gethostname()[:255], pid=os.getpid(), started_at=now)
        db.session.add(row)
    elif row.pid != os.getpid():
        row.pid, row.host, row.started_at = os.getpid(), socket.gethostname()[:255], now
    row.beat_at = now
    row.mail_mode = configured_mail_mode(current_app.config)
    try:
        db.session.commit()
    except IntegrityError:  # another scheduler of the same name inserted it first
        db.session.rollback()
    return now


def _seconds(key, default):
    return lambda app: {"trigger": "interval", "seconds": app.config.get(key, default)}


def _school_time(**fields):
    # A missed run (scheduler down at that moment) still runs within the grace time.
    return lambda app: {
        "trigger": "cron",
        "timezone": app.config["BABEL_DEFAULT_TIMEZONE"],
        "misfire_grace_time": 3600,
        **fields,
    }


def _nightly(key):
    """A daily job at the school-time clock time the setting `key` gives ("02:30" or "02:30:00")."""

    def trigger(app):
        hour, minute, second = (list(map(int, app.config[key].split(":"))) + [0])[:3]
        return _school_time(hour=hour, minute=minute, second=second)(app)

    return trigger


JOBS = [
    ("heartbeat", _seconds("SCHEDULER_HEARTBEAT_SECONDS", 30), heartbeat),
    ("deliver_outbox", _seconds("SCHEDULER_DELIVER_SECONDS", 5), deliver_outbox),
    ("finalize_sanctions", lambda app: {"trigger": "interval", "minutes": 5}, finalize_sanctions),
    # From 07:00 every quarter hour: the reminder keys make repeats no-ops, and a scheduler
    # restarted during the day still sends the morning's reminders.
    ("followup_reminders", _school_time(hour="7-21", minute="*/15"), followup_reminders),
    ("access_request_reminders", _school_time(hour="7-21", minute="*/15"), access_request_reminders),
    ("retention", _nightly("SCHEDULER_RETENTION_AT"), retention),
    ("purge_sessions", _nightly("SCHEDULER_PURGE_SESSIONS_AT"), purge_old_sessions),
    ("purge_job_runs", _nightly("SCHEDULER_PURGE_JOB_RUNS_AT"), purge_old_job_runs),
]

# Jobs that run once across all schedulers: one claim per run (see runs.py), the run being
# the school-time date or the slot of this length. Delivery needs none (it claims rows) and
# the heartbeat is per scheduler.
ONCE_PER = {
    "finalize_sanctions": timedelta(minutes=5),
    "followup_reminders": timedelta(minutes=15),
    "access_request_reminders": timedelta(minutes=15),
    "retention": runs.DAY,
    "purge_sessions": runs.DAY,
    "purge_job_runs": runs.DAY,
}


def log_failure(what, exc):
    """Where it failed, without the exception's message: database errors quote the
    statement's parameters, which may be names or addresses."""
    where = "".join(traceback.format_tb(exc.__traceback__)[-3:])
    log.error("%s failed: %s\n%s", what, type(exc).__name__, where)


def run_in_app(app, function, job_id=None):
    """Wrap a job: its own app context and session, and no exception escapes to APScheduler
    (which would only log it; we log without arguments that might carry personal data).
    A job in ONCE_PER first claims its run; when another scheduler has it, it is skipped."""

    def run():
        with app.app_context():
            try:
                return _run_claimed(function, job_id) if job_id in ONCE_PER else _run(function)[1]
            finally:
                db.session.remove()

    run.__name__ = function.__name__
    return run


def _run(function):
    """(ok, result) of one call; a failure is rolled back and logged."""
    try:
        return True, function()
    except Exception as exc:
        db.session.rollback()
        log_failure(f"scheduled job {function.__name__}", exc)
        return False, None


def _run_claimed(function, job_id):
    key = runs.run_key(clock.utc_now(), ONCE_PER[job_id], current_app.config["BABEL_DEFAULT_TIMEZONE"])
    run_id = runs.claim_run(job_id, key, scheduler_name())
    if run_id is None:
        log.info("job %s %s: already run by another scheduler, skipped", job_id, key)
        return "skipped: already run by another scheduler"
    ok, result = _run(function)
    runs.finish_run(run_id, ok)
    return result
