"""The interface is Dutch however the app starts: missing or stale `.mo` files are compiled."""

import logging
import os
import shutil
from pathlib import Path

from app import create_app
from incidents.catalogues import compile_catalogues, stale_catalogues
from incidents.extensions import db
from tests.conftest import make_config

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def copy_without_mo(tmp_path):
    target = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, target, ignore=shutil.ignore_patterns("*.mo", "*.tmp"))
    return target


def test_an_app_started_without_compiled_catalogues_speaks_dutch(database_url, tmp_path):
    translations = copy_without_mo(tmp_path)
    assert stale_catalogues(translations) == [translations / "nl/LC_MESSAGES/messages.po"]
    app = create_app(make_config(database_url, tmp_path, BABEL_TRANSLATION_DIRECTORIES=str(translations)))
    assert (translations / "nl/LC_MESSAGES/messages.mo").exists()
    with app.app_context():
        db.create_all()  # the login page lists the schools' SSO buttons
    page = app.test_client().get("/login")
    assert "Wachtwoord" in page.get_data(as_text=True)


def test_a_catalogue_older_than_its_po_is_compiled_again(tmp_path):
    translations = copy_without_mo(tmp_path)
    [mo] = compile_catalogues(str(translations))
    assert compile_catalogues(str(translations)) == []  # up to date: nothing to do
    po = mo.with_suffix(".po")
    os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    assert compile_catalogues(str(translations)) == [mo]


def test_a_read_only_installation_is_logged_not_fatal(tmp_path, caplog, monkeypatch):
    # Running the migrations in this process (the test setup) disables existing loggers.
    monkeypatch.setattr(logging.getLogger("incidents.catalogues"), "disabled", False)
    translations = copy_without_mo(tmp_path)
    folder = translations / "nl/LC_MESSAGES"
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root ignores the mode: make the target a directory instead
            (folder / "messages.mo.tmp").mkdir()
        with caplog.at_level(logging.WARNING, logger="incidents.catalogues"):
            assert compile_catalogues(str(translations)) == []
    finally:
        folder.chmod(0o755)
    assert "cannot compile" in caplog.text
