"""Container health checks (deploy/compose.yaml, deploy/Dockerfile); exit 0 healthy, 1 not.

    python deploy/healthcheck.py web        # /healthz of the gunicorn on MELDPUNT_BIND answers 200
    python deploy/healthcheck.py scheduler  # this host's scheduler beat within SCHEDULER_STALE_SECONDS

/healthz only reports a stale scheduler (the web still works), so a scheduler container checks
its own heartbeat row: the one named after its host name, as `flask scheduler` names it.
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app, wherever this runs

from flask import current_app
from sqlalchemy import select

from app import create_app
from incidents.core import clock
from incidents.extensions import db
from incidents.scheduler.jobs import scheduler_name
from incidents.scheduler.models import SchedulerHeartbeat


def web_is_healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    try:
        with opener.open(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def scheduler_is_healthy() -> bool:
    """In an app context: this host's heartbeat is younger than SCHEDULER_STALE_SECONDS."""
    beat = db.session.scalar(select(SchedulerHeartbeat.beat_at).where(SchedulerHeartbeat.name == scheduler_name()))
    if beat is None:
        return False
    return (clock.utc_now() - beat).total_seconds() <= current_app.config["SCHEDULER_STALE_SECONDS"]


def main(argv: list[str]) -> int:
    if argv[1:] == ["web"]:
        host, _, port = os.environ.get("MELDPUNT_BIND", "127.0.0.1:8000").rpartition(":")
        host = "127.0.0.1" if host in ("", "0.0.0.0", "[::]") else host
        return 0 if web_is_healthy(f"http://{host}:{port}/healthz") else 1
    if argv[1:] == ["scheduler"]:
        with create_app().app_context():
            return 0 if scheduler_is_healthy() else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
