"""How mail actually leaves: the scheduler sends the outbox, so its mode is the one that counts.

The web process may run without MAIL_SERVER while the scheduler has one (or the reverse); each
scheduler writes its own mode into its heartbeat and the web's banner and /healthz read it.
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Literal

from flask import current_app
from sqlalchemy import select

from incidents.core import clock
from incidents.extensions import db
from incidents.scheduler.models import SchedulerHeartbeat

# "unknown": no scheduler has beaten recently (or it predates the mode), so nothing is sent now.
ReportedMode = Literal["smtp", "files", "unknown"]


def configured_mail_mode(config: Mapping[str, Any]) -> Literal["smtp", "files"]:
    """The mode this process would deliver with (mailer.transport_for picks the same way)."""
    return "smtp" if config.get("MAIL_SERVER") else "files"


def reported_mail_mode() -> ReportedMode:
    """The mode of the schedulers alive now: "files" if any of them writes files."""
    since = clock.utc_now() - timedelta(seconds=current_app.config["SCHEDULER_STALE_SECONDS"])
    modes = set(
        db.session.scalars(select(SchedulerHeartbeat.mail_mode).where(SchedulerHeartbeat.beat_at >= since)).all()
    )
    if "files" in modes:
        return "files"
    if modes == {"smtp"}:
        return "smtp"
    return "unknown"
