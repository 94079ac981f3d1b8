"""Issue 14, point 1: the shipped systemd units pass `systemd-analyze verify` (which warns on
stderr, exit code 0, about unknown keys and bad values: both must be silent), and carry the
settings the operations depend on."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze")
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ReadWritePaths": "/var/lib/meldpunt",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "CapabilityBoundingSet": "",
}


def _unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(UNITS / name)
    return parser["Service"]


@pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not installed (Debian package systemd)")
@pytest.mark.parametrize("name", ["meldpunt-web.service", "meldpunt-scheduler.service"])
def test_the_units_pass_systemd_analyze_verify(tmp_path, name):
    # verify checks that ExecStart's program exists: point /opt/meldpunt at this checkout.
    text = (UNITS / name).read_text()
    assert "/opt/meldpunt/.venv/bin/" in text
    text = text.replace("/opt/meldpunt", str(ROOT))
    (tmp_path / name).write_text(text)
    result = subprocess.run([ANALYZE, "verify", "--man=no", str(tmp_path / name)], capture_output=True, text=True)
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "")


@pytest.mark.parametrize("name", ["meldpunt-web.service", "meldpunt-scheduler.service"])
def test_the_units_are_hardened_and_read_the_environment_file(name):
    service = _unit(name)
    assert {key: service.get(key) for key in HARDENING} == HARDENING
    assert service["EnvironmentFile"] == "/etc/meldpunt/meldpunt.env"
    assert service["User"] == "meldpunt" and service["Restart"] == "on-failure"


def test_the_web_runs_gunicorn_with_the_shipped_config():
    service = _unit("meldpunt-web.service")
    assert service["ExecStart"].startswith("/opt/meldpunt/.venv/bin/gunicorn -c /opt/meldpunt/deploy/gunicorn.conf.py")
    assert (ROOT / "deploy" / "gunicorn.conf.py").exists()


def test_the_scheduler_has_time_to_stop_before_it_is_killed():
    service = _unit("meldpunt-scheduler.service")
    assert service["ExecStart"] == "/opt/meldpunt/.venv/bin/flask --app app scheduler"
    # The scheduler stops within 5 s of SIGTERM (issue 14 point 7); systemd kills after TimeoutStopSec.
    assert service["KillSignal"] == "SIGTERM" and 10 <= int(service["TimeoutStopSec"]) <= 30


def test_the_environment_example_names_every_production_requirement():
    example = (ROOT / "deploy" / "meldpunt.env.example").read_text()
    keys = {line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")}
    assert {"MELDPUNT_ENV", "SECRET_KEY", "DATABASE_URL", "PUBLIC_URL", "MELDPUNT_TRUSTED_PROXIES"} <= keys
    assert "MELDPUNT_STORAGE=/var/lib/meldpunt/storage" in example


def test_gunicorn_leaves_the_forwarded_headers_to_the_apps_settings():
    from gunicorn.config import Config

    config = Config()
    namespace = {"__file__": str(ROOT / "deploy" / "gunicorn.conf.py")}
    exec(compile((ROOT / "deploy" / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    for key in ("secure_scheme_headers", "forwarded_allow_ips"):
        config.set(key, namespace[key])  # gunicorn's own validation of the value
    assert config.secure_scheme_headers == {} and config.forwarded_allow_ips == []
