"""gunicorn settings for Meldpunt (README, "Production"):

    gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'

The access log is on, and never holds a parent's notice link: `RedactingLogger` replaces the
token of `/n/<token>` in every value the access-log format can use (request line, path,
query, Referer and the other headers, environ) and in the error log's messages, with the
same `redact` the app applies to its own request log (incidents/core/logs.py).
"""

import os
import sys
import tempfile
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app, wherever gunicorn starts

from incidents.core.logs import RedactNoticeLinks, redact

bind = os.environ.get("MELDPUNT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 4))


def unshared_limits_problem(environ: "os._Environ[str] | dict[str, str]", worker_count: int) -> str | None:
    """Why production must not start: several workers counting the request limits each in its own
    memory would let a client try every limit once per worker (None: nothing is wrong)."""
    storage = environ.get("MELDPUNT_LIMITER_STORAGE", "memory://")
    if environ.get("MELDPUNT_ENV") != "production" or worker_count < 2 or not storage.startswith("memory://"):
        return None
    return (
        f"Production start refused: {worker_count} gunicorn workers would each count the request limits on their "
        "own; set MELDPUNT_LIMITER_STORAGE=redis://HOST:6379/N (shared by all workers and hosts) or WEB_CONCURRENCY=1"
    )


if problem := unshared_limits_problem(os.environ, workers):
    sys.exit(problem)  # gunicorn prints it and exits 1, before any worker starts
accesslog = os.environ.get("MELDPUNT_ACCESS_LOG", "-")
errorlog = os.environ.get("MELDPUNT_ERROR_LOG", "-")
# Which forwarded headers to believe is the app's setting alone (PROXY_FIX_X_* and
# MELDPUNT_TRUSTED_PROXIES, incidents/core/proxies.py): gunicorn would otherwise take the scheme
# from X-Forwarded-Proto of any request from 127.0.0.1, whatever those say.
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""


class RedactingLogger(Logger):
    """gunicorn's logger, with notice tokens taken out of the access and error logs."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, RedactNoticeLinks) for f in self.error_log.filters):
            self.error_log.addFilter(RedactNoticeLinks())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = RedactingLogger


def on_starting(server):
    """Request metrics of all workers added up (incidents/observability/metrics.py): the workers,
    forked after this, write their values to files in PROMETHEUS_MULTIPROC_DIR, emptied here so
    counts of an earlier run are not added in. Unset, a fresh temporary directory is used."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="meldpunt-metrics-")
    os.makedirs(directory, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    from prometheus_client import multiprocess  # only here: the master never imports it before forking

    multiprocess.mark_process_dead(worker.pid)
