"""Fixtures for the browser tests: a live Meldpunt server and Debian's Chromium.

Self-contained on purpose: nothing here depends on tests/conftest.py. The live server
runs on its own SQLite file, made by the migrations and filled with the demo data.
"""

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: end-to-end test in a real browser (Chromium via Playwright)")


@pytest.fixture
def live_app(tmp_path):
    """The app on a fresh, migrated SQLite file with the demo data, CSRF on."""
    import flask_migrate

    from app import create_app
    from config import TestConfig
    from incidents.demo.data import load_demo_data
    from incidents.extensions import db

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'e2e.sqlite'}"
    config.STORAGE_ROOT = str(tmp_path / "storage")
    config.WTF_CSRF_ENABLED = True  # a real browser posts real forms
    Path(config.STORAGE_ROOT).mkdir()
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
        load_demo_data()
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    """Serve live_app on a free port in a daemon thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="meldpunt-live-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["PUBLIC_URL"] = base_url  # the links in its e-mails lead here
    try:
        yield base_url
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def chromium_page():
    """A fresh Chromium page (Debian's /usr/bin/chromium; never `playwright install`)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; in CI it is required (.ci/run installs Debian's chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
            context.set_default_timeout(15_000)
            page = context.new_page()
            yield page
            context.close()
        finally:
            browser.close()
