"""Issue 11, point 12: the mail banner follows the mode the scheduler reports in its heartbeat
(it sends the outbox), never shows a server path, and gives configuration details to admins only."""

from datetime import timedelta

import pytest

from incidents.extensions import db
from incidents.scheduler import jobs
from incidents.scheduler.mail_mode import reported_mail_mode
from incidents.scheduler.models import SchedulerHeartbeat
from tests.helpers import EN

FILES = "E-mail is not being sent: messages are kept on the server and reach no one."
UNKNOWN = "E-mail is not being sent at the moment"
CONFIG = "data-mail-config"


def beat(configure, mail_server):
    """A scheduler heartbeat from a scheduler with (or without) a mail server."""
    configure(MAIL_SERVER=mail_server, SCHEDULER_NAME=f"scheduler-{mail_server or 'files'}")
    jobs.heartbeat()


def pages(client, world):
    compose = client.get(f"/cases/{world.case.id}/notices/new", headers=EN).get_data(as_text=True)
    case_page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    return compose, case_page


@pytest.mark.parametrize("web_mail_server", [None, "smtp.example.org"])
def test_a_scheduler_with_smtp_means_no_banner_whatever_the_web_has(client, login, world, configure, web_mail_server):
    beat(configure, "smtp.example.org")
    configure(MAIL_SERVER=web_mail_server)  # the web's own setting does not count
    for user in (world.coordinator, world.director):
        login(user)
        for page in pages(client, world):
            assert "data-mail-mode" not in page


@pytest.mark.parametrize("web_mail_server", [None, "smtp.example.org"])
def test_a_scheduler_writing_files_shows_the_banner_without_a_path(client, login, world, configure, web_mail_server):
    beat(configure, None)
    configure(MAIL_SERVER=web_mail_server)
    outbox_dir = str(client.application.config["OUTBOX_DIR"])
    login(world.coordinator)
    compose, case_page = pages(client, world)
    for page in (compose, case_page):
        assert FILES in page and 'data-mail-mode="files"' in page
        assert outbox_dir not in page and "/instance/" not in page and "outbox" not in page.split(FILES)[1][:300]
        assert CONFIG not in page and "MAIL_SERVER" not in page
    assert "Parents do not receive these e-mails" in case_page


def test_only_admins_see_the_configuration(client, login, world, configure):
    beat(configure, None)
    login(world.admin)
    page = client.get("/admin/outbox", headers=EN).get_data(as_text=True)
    assert FILES in page and CONFIG in page and "MAIL_SERVER" in page
    assert client.application.config["OUTBOX_DIR"] not in page
    login(world.coordinator)
    page = client.get("/outbox", headers=EN).get_data(as_text=True)
    assert FILES in page and CONFIG not in page and "MAIL_SERVER" not in page


def test_no_live_scheduler_says_mail_waits(client, login, world, configure, frozen_clock, app):
    login(world.coordinator)
    assert UNKNOWN in pages(client, world)[1]  # never beaten
    beat(configure, "smtp.example.org")
    assert "data-mail-mode" not in pages(client, world)[1]
    frozen_clock(frozen_clock.now() + timedelta(seconds=app.config["SCHEDULER_STALE_SECONDS"] + 1))
    page = pages(client, world)[1]
    assert UNKNOWN in page and 'data-mail-mode="unknown"' in page and CONFIG not in page


def test_no_banner_for_mentors(client, login, world, configure):
    beat(configure, None)
    login(world.mentor)
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    assert "data-mail-mode" not in page


def test_any_live_scheduler_writing_files_counts_and_old_rows_are_unknown(app, configure):
    beat(configure, "smtp.example.org")
    assert reported_mail_mode() == "smtp"
    beat(configure, None)
    assert reported_mail_mode() == "files"
    for row in db.session.query(SchedulerHeartbeat):
        row.mail_mode = None  # a scheduler from before the column
    db.session.commit()
    assert reported_mail_mode() == "unknown"


def test_the_heartbeat_records_the_scheduler_mode(app, configure):
    beat(configure, None)
    assert db.session.query(SchedulerHeartbeat.mail_mode).scalar() == "files"
    beat(configure, None)
    configure(MAIL_SERVER="smtp.example.org")
    jobs.heartbeat()
    assert db.session.query(SchedulerHeartbeat.mail_mode).scalar() == "smtp"


def test_healthz_reports_the_scheduler_mode(client, configure):
    configure(MAIL_SERVER=None)
    assert client.get("/healthz").get_json()["mail"] == "unknown"
    beat(configure, "smtp.example.org")
    configure(MAIL_SERVER=None)
    assert client.get("/healthz").get_json()["mail"] == "smtp"
