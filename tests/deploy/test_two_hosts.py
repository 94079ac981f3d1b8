"""Issue 14, point 4: two web hosts and two schedulers on one PostgreSQL database.

Two gunicorn processes (the shipped deploy/gunicorn.conf.py, different ports, the same SECRET_KEY,
database and STORAGE_ROOT, the request limits in Redis) and two `flask scheduler` processes run
against a fresh database this test creates, migrates with `flask db upgrade` and drops, and send
to a real SMTP server. One HTTP client drives a case through the workflow, alternating between the
hosts at every step, so any state one process keeps to itself (sessions, CSRF tokens, limit
counters, uploaded files) breaks a step. Each notice must arrive exactly once at the SMTP server
although both schedulers run.
"""

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes, policy
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
import requests
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, make_url, text

from tests.helpers import png_bytes
from tests.outbox.conftest import Handler, free_port

pytestmark = pytest.mark.postgresql_only

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = "redis://127.0.0.1:6379/13"  # a db number of its own; keys under a per-run prefix too
PASSWORD = "demo"  # incidents/auth/demo_accounts.py
MENTOR, COORDINATOR = "mentor@demo.meldpunt.nl", "coordinator@demo.meldpunt.nl"


# --- the cluster ----------------------------------------------------------------------


@pytest.fixture
def database():
    """A fresh PostgreSQL database next to TEST_DATABASE_URL's, dropped afterwards."""
    if not PG_URL:
        pytest.skip("PostgreSQL only: TEST_DATABASE_URL is not set")
    base = make_url(PG_URL)
    name = f"meldpunt_hosts_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    yield url, engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def limiter_prefix():
    """The Redis key prefix of this run's limit counters, deleted afterwards."""
    prefix = f"meldpunt-hosts-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def smtp():
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def _environment(tmp_path, database_url, smtp_port, limiter_prefix, public_url):
    return dict(
        os.environ,
        MELDPUNT_ENV="development",
        SECRET_KEY="two-hosts-" + "x" * 40,
        DATABASE_URL=database_url,
        MELDPUNT_STORAGE=str(tmp_path / "shared-storage"),  # one volume both hosts mount
        MELDPUNT_OUTBOX_DIR=str(tmp_path / "eml"),
        MELDPUNT_LIMITER_STORAGE=REDIS_URL,
        MELDPUNT_LIMITER_PREFIX=limiter_prefix,
        MELDPUNT_LIMIT_LOGIN_FAILURES="3 per minute",
        PUBLIC_URL=public_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        MAIL_TIMEOUT="10",
        MAIL_DEFAULT_SENDER="Meldpunt <meldpunt@example.org>",
        SCHEDULER_DELIVER_SECONDS="1",
        SCHEDULER_HEARTBEAT_SECONDS="1",
        WEB_CONCURRENCY="1",
    )


def _flask(env, *args):
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _wait_until_up(base, process, log):
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, f"{base} exited: {log.read_text()}"
        try:
            if requests.get(f"{base}/login", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or its first page still compiling
            pass
        assert time.monotonic() < deadline, f"{base} did not answer: {log.read_text()}"
        time.sleep(0.2)


def _stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def cluster(database, smtp, limiter_prefix, tmp_path):
    """Hosts A and B and two schedulers; yields (base URL of A, of B, SMTP handler, engine)."""
    database_url, engine = database
    ports = free_port(), free_port()
    public_url = f"http://127.0.0.1:{ports[0]}"
    env = _environment(tmp_path, database_url, smtp.port, limiter_prefix, public_url)
    _flask(env, "db", "upgrade")
    _flask(env, "demo-data")
    with engine.begin() as conn:  # the demo school asks no second factor of anyone here
        conn.execute(text("UPDATE schools SET second_factor_roles_csv = ''"))
    processes = []
    try:
        for name, port in zip("ab", ports, strict=True):
            log = tmp_path / f"web-{name}.log"
            web_env = dict(env, MELDPUNT_BIND=f"127.0.0.1:{port}", MELDPUNT_ACCESS_LOG=str(log))
            web_env["MELDPUNT_ERROR_LOG"] = str(log)
            command = [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "app:create_app()"]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=web_env))
            _wait_until_up(f"http://127.0.0.1:{port}", processes[-1], log)
        for name in ("one", "two"):
            log = open(tmp_path / f"scheduler-{name}.log", "wb")
            command = [str(BIN / "flask"), "--app", "app", "scheduler", "--name", name]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}", smtp.handler, engine
        for process in processes:
            assert process.poll() is None, f"process {process.args} stopped early"
    finally:
        _stop(processes)


# --- forms ----------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The fields of every form on a page as the browser would post them untouched."""

    def __init__(self):
        super().__init__()
        self.forms = []  # (action, {name: value})
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action") or "", {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            fields[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("name") and a.get("type") in ("checkbox", "radio") and "checked" in a:
            fields[a["name"]] = a.get("value") or "y"
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and ("selected" in a or self._select not in fields):
            fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form(html, action):
    """The fields of the form posting to `action` (its path; a form without action posts to its own page)."""
    parser = _Forms()
    parser.feed(html)
    for form_action, fields in parser.forms:
        if form_action.split("?")[0].endswith(action) or (not form_action and "csrf_token" in fields):
            return dict(fields)
    raise AssertionError(f"no form for {action}")


def csrf(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def page(session, url):
    response = session.get(url, timeout=10)
    assert response.status_code == 200, (url, response.status_code)
    return response.text


def post(session, url, data, files=None, expect=302):
    response = session.post(url, data=data, files=files, allow_redirects=False, timeout=30)
    assert response.status_code == expect, (url, response.status_code, response.text[:2000])
    return response


def sign_in(session, host, email):
    html = page(session, f"{host}/login")
    post(session, f"{host}/login", {"csrf_token": csrf(html), "email": email, "password": PASSWORD})


def sign_out(session, host, html):
    post(session, f"{host}/logout", {"csrf_token": csrf(html)})


def transition(session, read_on, post_on, case_id, event):
    """Read the case page (its version and token) on one host and take the step on the other."""
    html = page(session, f"{read_on}/cases/{case_id}")
    version = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    data = {"csrf_token": csrf(html), "event": event, "version": version}
    post(session, f"{post_on}/cases/{case_id}/transition", data)


def pupil_with_parents(engine):
    """A demo pupil of the first school whose parents all have an e-mail address: (id, parent addresses)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT g.pupil_id, p.email FROM guardianships g JOIN people p ON p.id = g.parent_id "
                "JOIN people c ON c.id = g.pupil_id JOIN schools s ON s.id = c.school_id "
                "WHERE s.name = 'Demo College' ORDER BY g.pupil_id, g.id"
            )
        ).all()
    parents = {}
    for pupil_id, address in rows:
        parents.setdefault(pupil_id, []).append(address)
    return next((pupil, addresses) for pupil, addresses in parents.items() if all(addresses))


def outbox_statuses(engine, case_id):
    """The notices of this test's case (the demo data has notices of its own, sent or scheduled)."""
    with engine.connect() as conn:
        query = text("SELECT status FROM outbox_messages WHERE kind = 'notice' AND case_id = :case_id")
        return Counter(conn.scalars(query, {"case_id": case_id}).all())


def heartbeats(engine):
    with engine.connect() as conn:
        return conn.scalar(text("SELECT count(*) FROM scheduler_heartbeats"))


# --- the test -------------------------------------------------------------------------


def test_a_case_through_two_hosts_and_each_notice_once_from_two_schedulers(cluster):
    a, b, inbox, engine = cluster
    browser = requests.Session()
    pupil_id, parent_addresses = pupil_with_parents(engine)

    # Signed in on A, the session (in the database) is known on B.
    sign_in(browser, a, MENTOR)
    html = page(browser, f"{b}/cases/new")
    # The report form from B, with B's CSRF token, posted on A.
    data = form(html, "/cases/new") | {
        "category": "bullying",
        "platform": "whatsapp",
        "occurred_at": "2026-11-20T20:30",
        "severity": "high",
        "description": "Buitensluiten in de klassenapp.",
        "involved-0-person_id": str(pupil_id),
        "involved-0-role": "target",
    }
    assert data["csrf_token"]
    without_token = {key: value for key, value in data.items() if key != "csrf_token"}
    post(browser, f"{a}/cases/new", without_token, expect=400)  # CSRF is checked here, as in production
    response = post(browser, f"{a}/cases/new", data)
    case_id = int(re.search(r"/cases/(\d+)", response.headers["Location"]).group(1))

    # Evidence uploaded on B is served by A: the files are on the storage both hosts share.
    screenshot = png_bytes()
    html = page(browser, f"{a}/cases/{case_id}/evidence/new")
    data = form(html, f"/cases/{case_id}/evidence/new") | {
        "platform": "whatsapp",
        "captured_at": "2026-11-20T21:00",
        "source_url": "",
        "links": "",
    }
    files = {"files": ("screenshot.png", io.BytesIO(screenshot), "image/png")}
    post(browser, f"{b}/cases/{case_id}/evidence/new", data, files=files)
    html = page(browser, f"{b}/cases/{case_id}")
    evidence_id = re.search(r"/evidence/(\d+)/download", html).group(1)
    download = browser.get(f"{a}/evidence/{evidence_id}/download", timeout=10)
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(screenshot).hexdigest()

    # The mentor starts and escalates; the coordinator (signed in on B) takes over.
    transition(browser, a, b, case_id, "start")
    transition(browser, b, a, case_id, "escalate")
    sign_out(browser, b, page(browser, f"{b}/cases/{case_id}"))
    sign_in(browser, b, COORDINATOR)
    transition(browser, a, b, case_id, "take_over")

    # Parent contact: the form from A, posted on B.
    html = page(browser, f"{a}/cases/{case_id}/parent-contact")
    data = {
        "csrf_token": csrf(html),
        "form": "contact",
        "pupil_id": str(pupil_id),
        "kind": "phone",
        "occurred_on": "2026-11-21",
        "note": "Moeder gebeld en het voorval uitgelegd.",
    }
    post(browser, f"{b}/cases/{case_id}/parent-contact", data)

    # The parent notice: composed on B, sent from A.
    html = page(browser, f"{b}/cases/{case_id}/notices/new")
    data = form(html, f"/cases/{case_id}/notices/new")
    drafts = re.findall(r'<fieldset class="notice-draft" data-pupil="(\d+)">', html)
    assert drafts == [str(pupil_id)]
    data["entries-0-send"] = "y"
    data["entries-0-subject"] = "Gesprek over het voorval"
    data["entries-0-body"] = "Beste ouder,\n\nWe willen graag met u in gesprek over wat er gebeurd is."
    post(browser, f"{a}/cases/{case_id}/notices/new", data)

    # Delivered by the two schedulers (both running: two heartbeats): each notice once, to each parent once.
    deadline = time.monotonic() + 20
    while outbox_statuses(engine, case_id) != Counter(sent=len(parent_addresses)) or heartbeats(engine) != 2:
        assert time.monotonic() < deadline, (outbox_statuses(engine, case_id), heartbeats(engine))
        time.sleep(0.3)
    time.sleep(2.5)  # two more rounds of both schedulers: nothing is sent again
    received = [message_from_bytes(raw, policy=policy.default) for raw in inbox.received]
    assert sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in received) == sorted(parent_addresses)
    assert len({m["Message-ID"] for m in received}) == len(received)
    link = re.search(r"http://127\.0\.0\.1:(\d+)/n/\S+", received[0].get_body(("plain",)).get_content())
    assert link is not None and a.endswith(link.group(1))  # built from PUBLIC_URL, whichever host composed it
    # The parent's link (signed with the shared SECRET_KEY) opens on the other host as well.
    landing = requests.get(link.group(0).replace(a, b), timeout=10)
    assert landing.status_code == 200 and "data-notice-landing" in landing.text

    # The per-address limit on failed sign-ins (3 a minute) counts across hosts: two failures on
    # A and one on B use it up, so the next attempt on A is refused before the password is checked.
    stranger = requests.Session()  # a browser that never signed in (no device cookie to spare it)
    for host in (a, a, b):
        html = page(stranger, f"{host}/login")
        data = {"csrf_token": csrf(html), "email": "niemand@example.org", "password": "fout"}
        post(stranger, f"{host}/login", data, expect=200)
    html = page(stranger, f"{a}/login")
    data = {"csrf_token": csrf(html), "email": "niemand@example.org", "password": "fout"}
    post(stranger, f"{a}/login", data, expect=429)
