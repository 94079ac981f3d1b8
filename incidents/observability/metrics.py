"""Request metrics per endpoint and status class, with several gunicorn workers.

Each gunicorn worker is its own process and a scrape reaches only one of them. So the counts
use prometheus-client's multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set (the shipped
deploy/gunicorn.conf.py sets and empties it at start): every worker writes its values to files
there and a scrape, in whichever worker, adds them all up. Without it (one process: `make run`,
the tests) the values are the process's own. The variable must be set before prometheus-client
is imported, so it comes from the environment, never from the app's settings.
"""

import os

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.multiprocess import MultiProcessCollector

# Requests no URL rule matched (a 404 on a made-up path) share one label: bounded cardinality.
UNMATCHED = "unmatched"
LABELS = ("endpoint", "status")
# Seconds; a page with a PDF takes a second or two, a ZIP export longer.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Not in prometheus-client's default registry: each scrape builds its own (views.py).
REQUESTS = Counter("meldpunt_http_requests", "Requests answered, per endpoint and status class.", LABELS, registry=None)
LATENCY = Histogram(
    "meldpunt_http_request_duration_seconds",
    "Time from the start of a request to its answer, per endpoint and status class.",
    LABELS,
    buckets=BUCKETS,
    registry=None,
)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def record_request(endpoint: str | None, status: int, seconds: float) -> None:
    labels = (endpoint or UNMATCHED, status_class(status))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(seconds)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def add_request_metrics(registry: CollectorRegistry) -> None:
    """The request metrics of all workers (multiprocess mode) or of this process."""
    if multiprocess_dir():
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus-client leaves it untyped
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
