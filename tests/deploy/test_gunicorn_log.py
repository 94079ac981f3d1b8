"""Issue 10, point 19: a parent's notice token never reaches gunicorn's logs. Runs the shipped
deploy/gunicorn.conf.py with a real gunicorn on 127.0.0.1, asks for /n/<token> (also as the
Referer of another request) and reads the access and error logs."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
TOKEN = "eyJyIjoxLCJuIjoiZ2VoZWltIn0.ZzYxQg.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def _get(url, **headers):
    """The status of GET `url`; None while nothing listens."""
    try:
        with DIRECT.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return None


@pytest.fixture
def gunicorn(tmp_path):
    port = _free_port()
    logs = {"access": tmp_path / "access.log", "error": tmp_path / "error.log"}
    env = {
        **os.environ,
        "MELDPUNT_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite'}",
        "MELDPUNT_STORAGE": str(tmp_path / "storage"),
        "MELDPUNT_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "MELDPUNT_ACCESS_LOG": str(logs["access"]),
        "MELDPUNT_ERROR_LOG": str(logs["error"]),
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    # Started from elsewhere, as a service manager might: the config file finds the app itself.
    process = subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--chdir", str(ROOT), "app:create_app()"],
        cwd=tmp_path,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while _get(f"{base}/login") != 200:
            assert process.poll() is None, "gunicorn stopped"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        yield base, logs
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_the_access_log_never_holds_a_notice_token(gunicorn):
    base, logs = gunicorn
    _get(f"{base}/n/{TOKEN}")
    _get(f"{base}/n/{TOKEN}?lang=en")
    _get(f"{base}/login", Referer=f"{base}/n/{TOKEN}")
    deadline = time.monotonic() + 10
    while logs["access"].read_text().count("\n") < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    access = logs["access"].read_text()
    assert access.count("/n/[redacted]") >= 3, access  # the requests were logged, without the token
    assert "GET /login" in access
    for name, path in logs.items():
        assert TOKEN not in path.read_text(), f"the {name} log holds the token"
        assert TOKEN.split(".")[-1] not in path.read_text()
