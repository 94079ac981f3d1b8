"""Outbox pages: admins see all statuses without bodies; managers resend failed/uncertain."""

import re

import pytest
from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from incidents.outbox.models import OutboxMessage
from incidents.scheduler import jobs
from tests.helpers import EN

BANNER = "E-mail is not being sent"  # no scheduler has reported: nothing is sent now


@pytest.fixture
def outbox(school, add_messages):
    add_messages(
        school,
        1,
        status="dead",
        attempts=8,
        last_error="RCPT TO: 550 no such user",
        body_text="GEHEIME INHOUD van de zaak",
    )
    add_messages(
        school,
        1,
        status="uncertain",
        attempts=1,
        last_error="after data: SMTPServerDisconnected",
        claimed_by="w",
        body_text="GEHEIME INHOUD",
    )
    add_messages(school, 1, body_text="GEHEIME INHOUD")  # pending
    return {m.status: m.id for m in db.session.scalars(select(OutboxMessage))}


def status_of(message_id):
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_admin_sees_every_status_but_never_the_body(client, login, make_user, school, outbox):
    login(make_user("admin", school))
    page = client.get("/admin/outbox", headers=EN).get_data(as_text=True)
    assert set(re.findall(r'data-status="(\w+)"', page)) == {"dead", "uncertain", "pending"}
    assert "RCPT TO: 550 no such user" in page and "ou•••0@e•••.org" in page
    assert "@example.org" not in page  # addresses are masked for the administrator
    # Neither the body nor the subject (which may name a case or a task): the kind instead.
    assert "GEHEIME" not in page and "Bericht 0" not in page
    assert BANNER in page
    filtered = client.get("/admin/outbox?status=dead", headers=EN).get_data(as_text=True)
    assert re.findall(r'data-status="(\w+)"', filtered) == ["dead"]
    assert client.get("/admin/outbox?status=bogus").status_code == 400


def test_admin_sees_parents_addresses_masked_managers_in_full(client, login, make_user, school, add_messages):
    """Issue 10, point 16: "Notice to parents" next to a parent's address tells the
    administrator, who reads no case content, which families have an incident."""
    rejected = "RCPT TO: 550 5.1.1 <jan.devries@example.org>: Recipient address rejected"
    add_messages(school, 1, kind="notice", to_address="jan.devries@example.org", status="dead", last_error=rejected)
    add_messages(school, 1, kind="notice", to_address="jet.de.vos@example.org", status="dead")
    login(make_user("admin", school))
    page = client.get("/admin/outbox", headers=EN).get_data(as_text=True)
    masked = sorted(re.findall(r"<td data-recipient>([^<]*)</td>", page))
    assert masked == ["ja•••s@e•••.org", "je•••s@e•••.org"]
    assert "Notice to parents" in page
    assert "jan.devries" not in page and "jet.de.vos" not in page and "@example.org" not in page
    assert "RCPT TO: 550 5.1.1 &lt;ja•••s@e•••.org&gt;: Recipient address rejected" in page
    for role in ("coordinator", "director"):  # they resend by hand and keep seeing the address
        login(make_user(role, school))
        managers = client.get("/outbox", headers=EN).get_data(as_text=True)
        assert "jan.devries@example.org" in managers and "jet.de.vos@example.org" in managers
        assert "&lt;jan.devries@example.org&gt;" in managers


def test_banner_absent_when_the_scheduler_sends_by_smtp(client, login, make_user, school, outbox, app, configure):
    configure(MAIL_SERVER="smtp.example.org")
    jobs.heartbeat()  # the scheduler's mode counts (tests/notices/test_mail_mode_banner.py)
    configure(MAIL_SERVER=None)
    login(make_user("admin", school))
    assert BANNER not in client.get("/admin/outbox", headers=EN).get_data(as_text=True)


@pytest.mark.parametrize(
    "role,allowed", [("admin", True), ("coordinator", False), ("director", False), ("mentor", False)]
)
def test_admin_page_access(client, login, make_user, school, role, allowed):
    login(make_user(role, school))
    assert client.get("/admin/outbox").status_code == (200 if allowed else 403)


@pytest.mark.parametrize(
    "role,allowed", [("coordinator", True), ("director", True), ("mentor", False), ("admin", False)]
)
def test_managers_page_shows_only_problems(client, login, make_user, school, outbox, role, allowed):
    login(make_user(role, school))
    response = client.get("/outbox", headers=EN)
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        page = response.get_data(as_text=True)
        assert sorted(re.findall(r'data-status="(\w+)"', page)) == ["dead", "uncertain"]


def test_resend_dead_resets_to_pending_and_audits(client, login, make_user, school, outbox, frozen_clock):
    user = make_user("coordinator", school)
    login(user)
    response = client.post(f"/outbox/{outbox['dead']}/resend")
    assert response.status_code == 302
    row = status_of(outbox["dead"])
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 0, frozen_clock.now())
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "outbox.resend")).one()
    assert (event.user_id, event.object_id, event.detail) == (user.id, row.id, "from=dead")


def test_resend_uncertain_needs_explicit_confirmation(client, login, make_user, school, outbox):
    login(make_user("admin", school))
    response = client.post(f"/outbox/{outbox['uncertain']}/resend", headers=EN, follow_redirects=True)
    assert "may already have arrived" in response.get_data(as_text=True)
    assert status_of(outbox["uncertain"]).status == "uncertain"
    client.post(f"/outbox/{outbox['uncertain']}/resend", data={"confirm_duplicate": "y"})
    row = status_of(outbox["uncertain"])
    assert (row.status, row.claimed_by) == ("pending", None)


def test_pending_message_cannot_be_resent(client, login, make_user, school, outbox):
    login(make_user("director", school))
    client.post(f"/outbox/{outbox['pending']}/resend", data={"confirm_duplicate": "y"})
    assert status_of(outbox["pending"]).attempts == 0
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "outbox.resend")).first() is None


def test_other_schools_message_is_not_found(client, login, make_user, make_school, outbox):
    login(make_user("coordinator", make_school()))
    assert client.post(f"/outbox/{outbox['dead']}/resend", data={"confirm_duplicate": "y"}).status_code == 404
    assert status_of(outbox["dead"]).status == "dead"


def test_managers_see_the_subject_admins_the_kind(client, login, make_user, school, add_messages):
    add_messages(school, 1, status="dead", kind="notice", subject="Pesten in de klassenapp")
    login(make_user("admin", school))
    page = client.get("/admin/outbox", headers=EN).get_data(as_text=True)
    assert "Notice to parents" in page and "Pesten in de klassenapp" not in page
    login(make_user("coordinator", school))
    assert "Pesten in de klassenapp" in client.get("/outbox", headers=EN).get_data(as_text=True)


@pytest.mark.parametrize(
    "address,masked",
    [
        ("jan.devries@example.org", "ja•••s@e•••.org"),
        ("piet@ouders.school.nl", "p•••t@o•••.nl"),
        ("jo@x.nl", "j•••@x•••.nl"),
        ("a@localhost", "a•••@l•••"),
        ("geen adres", "•••"),
        ("", ""),
    ],
)
def test_mask_address(address, masked):
    from incidents.outbox.masking import mask_address

    assert mask_address(address) == masked
