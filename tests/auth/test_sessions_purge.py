"""Old session records go: the scheduler's nightly job deletes those unused for SESSION_RECORD_DAYS."""

from datetime import timedelta

from incidents.auth.sessions.models import UserSession
from incidents.auth.sessions.operations import end_session
from incidents.extensions import db
from incidents.scheduler import jobs
from incidents.scheduler.commands import build_scheduler
from tests.auth.sessions_helpers import sessions_of, signed_in
from tests.helpers import FROZEN_NOW, TEST_PASSWORD, count


def sign_in_at(app, frozen_clock, user, when):
    frozen_clock(when)
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    return client


def test_records_unused_for_thirty_days_are_purged(app, make_school, make_user, frozen_clock):
    user = make_user("mentor", make_school())
    sign_in_at(app, frozen_clock, user, FROZEN_NOW - timedelta(days=31))  # expired a month ago
    ended = sign_in_at(app, frozen_clock, user, FROZEN_NOW - timedelta(days=29))
    ended.post("/logout")  # ended 29 days ago: kept a little longer
    live = sign_in_at(app, frozen_clock, user, FROZEN_NOW)
    assert count(UserSession) == 3
    assert jobs.purge_old_sessions() == 1
    db.session.expire_all()
    assert sorted(s.created_at for s in sessions_of(user)) == [FROZEN_NOW - timedelta(days=29), FROZEN_NOW]
    assert signed_in(live)


def test_the_retention_is_a_setting(app, make_school, make_user, frozen_clock, configure):
    user = make_user("mentor", make_school())
    client = sign_in_at(app, frozen_clock, user, FROZEN_NOW - timedelta(days=3))
    frozen_clock(FROZEN_NOW)
    end_session(sessions_of(user)[0], "logout")
    db.session.commit()
    configure(SESSION_RECORD_DAYS=2)
    assert jobs.purge_old_sessions() == 1
    assert count(UserSession) == 0 and not signed_in(client)


def test_the_purge_runs_nightly_in_the_scheduler(app):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    job = {job.id: job for job in build_scheduler(app).get_jobs()}["purge_sessions"]
    evening = datetime(2026, 11, 16, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    nightly = job.trigger.get_next_fire_time(None, evening)
    assert (nightly.day, nightly.hour, nightly.minute) == (17, 3, 15)
