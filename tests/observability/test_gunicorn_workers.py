"""Issue 14, point 6, with the shipped deploy/gunicorn.conf.py and two real workers: every scrape
of /metrics, whichever worker answers, reports the requests of both (prometheus multiprocess
mode), and production writes one JSON line per request on stdout."""

import json
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy.test_gunicorn_log import DIRECT, GUNICORN, ROOT, _free_port, _get

BATCH = 16


def _healthz_count(text):
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "meldpunt_http_requests_total" and sample.labels == {
                "endpoint": "health.healthz",
                "status": "2xx",
            }:
                return sample.value
    return 0


@pytest.fixture
def two_workers(tmp_path):
    port = _free_port()
    metrics_dir = tmp_path / "metrics"
    env = {
        **os.environ,
        "MELDPUNT_ENV": "production",
        "SECRET_KEY": "x" * 40,
        "PUBLIC_URL": "https://meldpunt.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite'}",
        "MELDPUNT_STORAGE": str(tmp_path / "storage"),
        "MELDPUNT_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "MELDPUNT_ACCESS_LOG": str(tmp_path / "access.log"),
        "MELDPUNT_ERROR_LOG": str(tmp_path / "error.log"),
        # Production refuses per-worker limit counts with 2 workers: share them in Redis
        # (127.0.0.1:6379), under a prefix of this run (the keys expire with their windows).
        "MELDPUNT_LIMITER_STORAGE": "redis://127.0.0.1:6379/12",
        "MELDPUNT_LIMITER_PREFIX": f"test-metrics-{uuid.uuid4().hex}",
    }
    env.pop("MELDPUNT_LOG_FORMAT", None)
    env.pop("MELDPUNT_METRICS_TOKEN", None)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    stdout = (tmp_path / "stdout.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--chdir", str(ROOT), "app:create_app()"],
        cwd=tmp_path,
        env=env,
        stdout=stdout,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while _get(f"{base}/login") != 200:
            assert process.poll() is None, "gunicorn stopped"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        yield base, metrics_dir, tmp_path / "stdout.log"
    finally:
        process.terminate()
        process.wait(timeout=15)
        stdout.close()


def _scrape(base):
    with DIRECT.open(f"{base}/metrics", timeout=10) as response:
        return response.read().decode()


def test_every_scrape_counts_the_requests_of_both_workers(two_workers):
    base, metrics_dir, stdout = two_workers
    sent = 0
    writers: set[str] = set()
    deadline = time.monotonic() + 60
    # Concurrent batches until both workers have answered some (the second may still be starting).
    while len(writers) < 2:
        assert time.monotonic() < deadline, f"only worker(s) {writers} answered"
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(
                pool.map(lambda _n: _get(f"{base}/healthz", **{"X-Request-ID": "probe-0001"}), range(BATCH))
            )
        assert statuses == [200] * BATCH
        sent += BATCH
        writers = {path.name for path in Path(metrics_dir).glob("counter_*.db")}
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _n: _healthz_count(_scrape(base)), range(8)))
    assert counts == [sent] * 8  # whichever worker answered the scrape
    time.sleep(0.5)
    lines = [json.loads(line) for line in stdout.read_text().splitlines() if line.startswith("{")]
    health = [line for line in lines if line.get("endpoint") == "health.healthz"]
    assert len(health) == sent
    assert {line["request_id"] for line in health} == {"probe-0001"}
    assert {line["route"] for line in health} == {"/healthz"}
