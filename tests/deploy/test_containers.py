"""Issue 14, point 1: deploy/Dockerfile and deploy/compose.yaml, and the health checks they run
(deploy/healthcheck.py). The image is built only where a Docker daemon answers (`docker info`);
elsewhere that test skips and says so."""

import http.server
import importlib.util
import re
import shutil
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from incidents.core import clock
from incidents.extensions import db
from incidents.scheduler.models import SchedulerHeartbeat

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()


def _healthcheck():
    spec = importlib.util.spec_from_file_location("meldpunt_healthcheck", ROOT / "deploy" / "healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


healthcheck = _healthcheck()


def _docker_runs():
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


def test_the_image_runs_gunicorn_as_a_user_with_pango_and_compiled_translations():
    assert re.search(r"^FROM python:3\.11-slim", DOCKERFILE, re.M)
    assert "libpango-1.0-0" in DOCKERFILE and "libpangoft2-1.0-0" in DOCKERFILE
    assert re.search(r"^USER meldpunt$", DOCKERFILE, re.M)
    assert "RUN pybabel compile -d translations" in DOCKERFILE
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "app:create_app()"]' in DOCKERFILE
    assert "ENV MELDPUNT_ENV=production" in DOCKERFILE


def test_everything_the_image_copies_exists_and_passes_the_dockerignore():
    ignore = (ROOT / "deploy" / "Dockerfile.dockerignore").read_text().splitlines()
    for line in re.findall(r"^COPY (.+) \S+$", DOCKERFILE, re.M):
        for source in line.split():
            assert (ROOT / source).exists(), source
            assert f"!{source.rstrip('/')}" in [rule.rstrip("/") for rule in ignore], source


def test_compose_runs_web_scheduler_and_postgresql_with_volumes_and_healthchecks():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "migrate", "web", "scheduler"} <= set(services)
    assert services["scheduler"]["command"] == ["flask", "--app", "app", "scheduler"]
    assert services["scheduler"]["stop_grace_period"] == "15s"
    assert "scheduler" in services["scheduler"]["healthcheck"]["test"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "database:/var/lib/postgresql/data" in services["db"]["volumes"]
    for name in ("web", "scheduler", "migrate"):
        assert "storage:/var/lib/meldpunt" in services[name]["volumes"]
        assert services[name]["env_file"] == "meldpunt.env"
        assert services[name]["environment"]["DATABASE_URL"].endswith("@db:5432/meldpunt")
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert set(compose["volumes"]) == {"storage", "database"}


@pytest.mark.skipif(not _docker_runs(), reason="no Docker daemon answers `docker info` here")
def test_the_image_builds():
    result = subprocess.run(
        ["docker", "build", "-f", "deploy/Dockerfile", "-t", "meldpunt:test", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):  # the name http.server calls
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_web_check_wants_a_200_from_healthz():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/healthz"
    try:
        assert healthcheck.web_is_healthy(url)
        _Health.status = 503
        assert not healthcheck.web_is_healthy(url)
    finally:
        _Health.status = 200
        server.shutdown()
    assert not healthcheck.web_is_healthy(url)  # nothing listens


def test_the_scheduler_check_wants_this_hosts_fresh_heartbeat(app, configure):
    configure(SCHEDULER_NAME="scheduler-1", SCHEDULER_STALE_SECONDS=120)
    assert not healthcheck.scheduler_is_healthy()  # never beat
    row = SchedulerHeartbeat(name="scheduler-1", host="h", pid=1, beat_at=clock.utc_now())
    db.session.add(row)
    db.session.commit()
    assert healthcheck.scheduler_is_healthy()
    configure(SCHEDULER_NAME="scheduler-2")
    assert not healthcheck.scheduler_is_healthy()  # another scheduler's beat does not count
    configure(SCHEDULER_NAME="scheduler-1")
    row.beat_at = clock.utc_now() - timedelta(seconds=121)
    db.session.commit()
    assert not healthcheck.scheduler_is_healthy()
