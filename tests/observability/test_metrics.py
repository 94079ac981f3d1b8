"""Issue 14, point 6: /metrics behind a bearer token or, without one, for this host only; request
counts and latencies per endpoint and status class; outbox, scheduler and job gauges read from
the database at scrape time."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from incidents.extensions import db
from incidents.outbox.models import OutboxMessage
from incidents.scheduler.models import JobRun, SchedulerHeartbeat
from tests.observability.helpers import samples, value

ROOT = Path(__file__).resolve().parents[2]
METRIC_NAMES = (
    "meldpunt_http_requests_total",
    "meldpunt_http_request_duration_seconds_bucket",
    "meldpunt_outbox_messages",
    "meldpunt_outbox_oldest_due_age_seconds",
    "meldpunt_scheduler_heartbeat_age_seconds",
    "meldpunt_database_up",
)


def test_local_scrape_without_a_token_lists_the_metrics(app, client):
    client.get("/healthz")
    found = samples(client)
    names = {name for name, _labels in found}
    assert set(METRIC_NAMES) <= names
    assert value(found, "meldpunt_database_up") == 1


def test_without_a_token_only_this_host_unproxied_is_answered(app, client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 404
    # nginx on this host connects from 127.0.0.1 but always says for whom.
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics", headers={"X-Real-IP": "203.0.113.9"}).status_code == 404


def test_with_a_token_a_scraper_must_send_it_from_anywhere(app, client, configure):
    configure(METRICS_TOKEN="a-long-random-scrape-token")
    anywhere = {"REMOTE_ADDR": "10.0.0.7"}
    assert client.get("/metrics").status_code == 401  # even from this host
    refused = client.get("/metrics", headers={"Authorization": "Bearer wrong"}, environ_base=anywhere)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", headers={"Authorization": "Basic a-long-random-scrape-token"}).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer a-long-random-scrape-token"}, environ_base=anywhere)
    assert ok.status_code == 200 and b"meldpunt_http_requests_total" in ok.data


def test_a_request_moves_its_counter_and_histogram(app, client):
    labels = {"endpoint": "health.healthz", "status": "2xx"}
    before = samples(client)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page")
    after = samples(client)
    assert (
        value(after, "meldpunt_http_requests_total", **labels)
        == value(before, "meldpunt_http_requests_total", **labels) + 2
    )
    count = "meldpunt_http_request_duration_seconds_count"
    assert value(after, count, **labels) == value(before, count, **labels) + 2
    unmatched = {"endpoint": "unmatched", "status": "4xx"}
    assert value(after, "meldpunt_http_requests_total", **unmatched) == (
        value(before, "meldpunt_http_requests_total", **unmatched) + 1
    )


def _message(school, n, **values):
    return OutboxMessage(
        school_id=school.id,
        idempotency_key=f"test:{n}",
        kind="notice",
        to_address=f"ouder{n}@example.org",
        subject="Melding",
        body_text="Tekst",
        message_id=f"<{n}@meldpunt.test>",
        **values,
    )


def test_outbox_rows_move_the_queue_gauges(world, client, frozen_clock):
    now = frozen_clock.now()
    assert value(samples(client), "meldpunt_outbox_messages", state="pending") == 0
    db.session.add(_message(world.school, 1, next_attempt_at=now - timedelta(seconds=90)))
    db.session.add(_message(world.school, 2, next_attempt_at=now + timedelta(hours=2)))  # not due yet
    db.session.add(_message(world.school, 3, status="dead", attempts=8))
    db.session.commit()
    found = samples(client)
    assert value(found, "meldpunt_outbox_messages", state="pending") == 2
    assert value(found, "meldpunt_outbox_messages", state="dead") == 1
    assert value(found, "meldpunt_outbox_messages", state="sent") == 0
    assert value(found, "meldpunt_outbox_oldest_due_age_seconds") == 90
    text = client.get("/metrics").get_data(as_text=True)
    assert "example.org" not in text and "Melding" not in text


def test_scheduler_heartbeat_age(app, client, frozen_clock):
    assert value(samples(client), "meldpunt_scheduler_heartbeat_age_seconds") == float("inf")
    beat = frozen_clock.now() - timedelta(seconds=40)
    db.session.add(SchedulerHeartbeat(name="sched-a", host="web1", pid=1, started_at=beat, beat_at=beat))
    db.session.commit()
    assert value(samples(client), "meldpunt_scheduler_heartbeat_age_seconds") == 40


def test_job_outcomes_durations_and_failures(app, client, frozen_clock):
    now = frozen_clock.now()
    day = timedelta(days=1)
    for key, started, outcome in (("2026-11-14", now - 2 * day, "failed"), ("2026-11-15", now - day, "ok")):
        run = JobRun(job="retention", run_key=key, scheduler="a", started_at=started, outcome=outcome)
        run.finished_at = started + timedelta(seconds=12)
        db.session.add(run)
    db.session.add(
        JobRun(
            job="purge_sessions",
            run_key="2026-11-16",
            scheduler="a",
            started_at=now,
            outcome="failed",
            finished_at=now + timedelta(seconds=3),
        )
    )
    db.session.commit()
    found = samples(client)
    assert value(found, "meldpunt_job_last_run_outcome", job="retention", outcome="ok") == 1
    assert value(found, "meldpunt_job_last_run_outcome", job="retention", outcome="failed") == 0
    assert value(found, "meldpunt_job_last_run_outcome", job="purge_sessions", outcome="failed") == 1
    assert value(found, "meldpunt_job_last_run_duration_seconds", job="retention") == 12
    assert value(found, "meldpunt_job_last_run_started_timestamp_seconds", job="retention") == (now - day).timestamp()
    assert value(found, "meldpunt_job_failed_runs", job="retention") == 1
    assert value(found, "meldpunt_job_failed_runs", job="purge_sessions") == 1


SCRIPT = """
import sys
from prometheus_client import CollectorRegistry, generate_latest
from incidents.observability.metrics import add_request_metrics, record_request
if sys.argv[1] == "record":
    record_request("cases.show", 200, 0.2)
else:
    registry = CollectorRegistry()
    add_request_metrics(registry)
    sys.stdout.write(generate_latest(registry).decode())
"""


def test_counts_of_several_worker_processes_add_up_in_multiprocess_mode(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _worker in range(2):  # two gunicorn workers, each answering one request
        subprocess.run([sys.executable, "-c", SCRIPT, "record"], cwd=ROOT, env=env, check=True, timeout=60)
    scraped = subprocess.run(
        [sys.executable, "-c", SCRIPT, "scrape"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    assert 'meldpunt_http_requests_total{endpoint="cases.show",status="2xx"} 2.0' in scraped
