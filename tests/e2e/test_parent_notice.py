"""End to end: the coordinator sends a notice, the scheduler process delivers it over SMTP,
the parent opens the link from the e-mail that arrived, shows the message and acknowledges it,
and the case shows it acknowledged."""

import os
import re
import subprocess
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.e2e.browser import sign_in
from tests.outbox.conftest import Handler, free_port

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp_inbox():
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def _case_with_one_pupil(app):
    """A case about one demo pupil whose parents all have an e-mail address; (case id, pupil)."""
    from sqlalchemy import select

    from incidents.auth.models import User
    from incidents.casework.operations import NewCase, report_case
    from incidents.extensions import db
    from incidents.people.models import Person
    from incidents.schools.models import School

    with app.app_context():
        school = db.session.scalar(select(School).where(School.name == "Demo College"))
        mentor = db.session.scalar(select(User).where(User.email == "mentor@demo.meldpunt.nl"))
        pupils = db.session.scalars(
            select(Person).where(Person.school_id == school.id, Person.kind == "pupil").order_by(Person.id)
        ).all()
        pupil = next(p for p in pupils if p.parents and all(parent.email for parent in p.parents))
        case = report_case(
            school,
            mentor,
            NewCase(
                category="bullying",
                platform="whatsapp",
                occurred_at=datetime(2026, 11, 10, 12, tzinfo=UTC),
                severity="medium",
                description="Buitensluiten in de klassenapp.",
                involved=[(pupil.id, "target")],
            ),
        )
        db.session.commit()
        result = case.id, pupil.full_name, [parent.email for parent in pupil.parents]
        db.session.remove()
    return result


def _run_scheduler_once(app, smtp_port, tmp_path):
    """The real scheduler process, once: it claims the due notice and sends it."""
    env = dict(
        os.environ,
        MELDPUNT_ENV="development",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        MAIL_DEFAULT_SENDER="School <school@example.org>",
        MELDPUNT_STORAGE=app.config["STORAGE_ROOT"],
        MELDPUNT_OUTBOX_DIR=str(tmp_path / "eml"),
    )
    done = subprocess.run(
        [
            str(ROOT / ".venv/bin/flask"),
            "--app",
            "app",
            "scheduler",
            "--once",
            "--only",
            "deliver_outbox",
            "--name",
            "e2e",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_parent_reads_and_acknowledges_a_notice_from_the_email(
    live_app, live_server, chromium_page, smtp_inbox, tmp_path
):
    case_id, pupil_name, parent_emails = _case_with_one_pupil(live_app)
    page = chromium_page

    # The coordinator composes the notice from the case and sends it.
    sign_in(page, live_server, "coordinator@demo.meldpunt.nl")
    page.goto(f"{live_server}/cases/{case_id}")
    page.click(f"a[href='/cases/{case_id}/notices/new']")
    draft = page.locator("fieldset.notice-draft")
    assert draft.count() == 1 and pupil_name in draft.inner_text()
    page.click("form button.primary")
    page.wait_for_url(re.compile(rf".*/cases/{case_id}#notices"))
    statuses = page.locator("#notices tr[data-status]")
    assert statuses.count() == len(parent_emails)
    assert {statuses.nth(i).get_attribute("data-status") for i in range(statuses.count())} == {"queued"}
    # Filed at once, but the file says it has not been sent yet (not parent contact yet).
    assert page.locator("#correspondence tr[data-pending-dispatch]").count() == len(parent_emails)

    # The scheduler process delivers it to the SMTP server.
    _run_scheduler_once(live_app, smtp_inbox.port, tmp_path)
    received = [message_from_bytes(raw, policy=policy.default) for raw in smtp_inbox.handler.received]
    assert sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in received) == sorted(parent_emails)
    mail = received[0]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:\d+/n/\S+", text).group(0)
    assert pupil_name.split()[0] in text

    # The parent, without an account, opens the link in their own browser and acknowledges.
    parent = page.context.browser.new_context(locale="nl-NL")
    parent_page = parent.new_page()
    response = parent_page.goto(link)
    assert response.status == 200 and response.headers["cache-control"] == "no-store"
    # Opening the link shows a landing page only (a mail scanner's fetch must not count as read).
    assert parent_page.locator("[data-notice-landing]").count() == 1
    assert str(mail["Subject"]) not in parent_page.content()
    page.goto(f"{live_server}/cases/{case_id}")
    statuses = page.locator("#notices tr[data-status]")
    assert {statuses.nth(i).get_attribute("data-status") for i in range(statuses.count())} == {"sent"}
    parent_page.click("form[data-show-notice] button[type=submit]")
    parent_page.wait_for_selector("article.notice[data-notice]")
    assert parent_page.locator("article.notice h1").inner_text() == str(mail["Subject"])
    page.goto(f"{live_server}/cases/{case_id}")
    assert page.locator("#notices tr[data-status='read']").count() == 1
    parent_page.click("form[data-acknowledge-notice] button[type=submit]")
    parent_page.wait_for_selector("[data-acknowledged]")
    parent.close()

    # The case shows that parent acknowledged, the other (if any) sent; the records as sent.
    page.goto(f"{live_server}/cases/{case_id}")
    assert page.locator("#correspondence tr[data-pending-dispatch]").count() == 0
    statuses = [
        page.locator("#notices tr[data-status]").nth(i).get_attribute("data-status") for i in range(len(parent_emails))
    ]
    assert sorted(statuses) == sorted(["acknowledged"] + ["sent"] * (len(parent_emails) - 1))
