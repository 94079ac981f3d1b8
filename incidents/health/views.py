"""Liveness, database status, the scheduler's heartbeat and each job's last run, for monitoring."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from incidents.auth.policy import public
from incidents.core import clock
from incidents.extensions import db
from incidents.scheduler.mail_mode import reported_mail_mode
from incidents.scheduler.models import SchedulerHeartbeat
from incidents.scheduler.runs import last_runs

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        database = "unreachable"
    status = 200 if database == "ok" else 503
    body = {"status": "ok" if status == 200 else "degraded", "database": database}
    if database == "ok":
        # A stale scheduler is reported, not failed: the web app itself still works.
        body["scheduler"] = _scheduler_status()
        body["jobs"] = _job_runs()
        body["mail"] = reported_mail_mode()  # the scheduler's, which sends: smtp, files or unknown
    return jsonify(body), status


def _scheduler_status():
    try:
        last = db.session.scalar(select(func.max(SchedulerHeartbeat.beat_at)))
    except SQLAlchemyError:
        db.session.rollback()
        return {"state": "unknown", "last_heartbeat": None}
    if last is None:
        return {"state": "never", "last_heartbeat": None}
    age = (clock.utc_now() - last).total_seconds()
    state = "ok" if age <= current_app.config["SCHEDULER_STALE_SECONDS"] else "stale"
    return {"state": state, "last_heartbeat": last.isoformat(), "age_seconds": round(age)}


def _job_runs():
    """Per job that runs once across schedulers: outcome and times of its last run, nothing else."""
    try:
        return last_runs()
    except SQLAlchemyError:
        db.session.rollback()
        return {}
