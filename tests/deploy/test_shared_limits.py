"""Several gunicorn workers must share the request-limit counts: with `memory://` each worker
counts on its own and a client gets every limit once per worker, so deploy/gunicorn.conf.py
refuses that in production; the shipped environment example and compose.yaml use Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _conf_namespace():
    namespace = {"__file__": str(CONF)}
    exec(compile(CONF.read_text(), "gunicorn.conf.py", "exec"), namespace)
    return namespace


@pytest.mark.parametrize(
    "environ, workers, refused",
    [
        ({"MELDPUNT_ENV": "production"}, 4, True),  # memory:// by default
        ({"MELDPUNT_ENV": "production", "MELDPUNT_LIMITER_STORAGE": "memory://"}, 2, True),
        ({"MELDPUNT_ENV": "production", "MELDPUNT_LIMITER_STORAGE": "redis://127.0.0.1:6379/0"}, 4, False),
        ({"MELDPUNT_ENV": "production"}, 1, False),  # one worker: its memory is the only count
        ({"MELDPUNT_ENV": "development"}, 4, False),
    ],
)
def test_several_workers_counting_in_memory_are_refused_in_production(environ, workers, refused):
    problem = _conf_namespace()["unshared_limits_problem"](environ, workers)
    assert (problem is not None) == refused
    if refused:
        assert "MELDPUNT_LIMITER_STORAGE=redis://" in problem and f"{workers} gunicorn workers" in problem


def test_gunicorn_does_not_start_with_unshared_limits(tmp_path):
    env = dict(os.environ, MELDPUNT_ENV="production", WEB_CONCURRENCY="2", MELDPUNT_BIND="127.0.0.1:0")
    env.pop("MELDPUNT_LIMITER_STORAGE", None)
    done = subprocess.run(
        [str(GUNICORN), "-c", str(CONF), "app:create_app()"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Production start refused: 2 gunicorn workers" in done.stderr


def test_the_shipped_deployments_share_the_limits_in_redis():
    example = (ROOT / "deploy" / "meldpunt.env.example").read_text()
    assert "\nMELDPUNT_LIMITER_STORAGE=redis://127.0.0.1:6379/0\n" in example
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert services["web"]["environment"]["MELDPUNT_LIMITER_STORAGE"] == "redis://redis:6379/0"
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "redis-cli" in services["redis"]["healthcheck"]["test"]
