"""The parents' page behind the signed link: read, acknowledge, expiry, tampering; the case
page status per recipient."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.extensions import db
from tests.helpers import EN
from tests.notices.helpers import compose_data, link_in, messages, recipients_of

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
SHOW = {"action": "show"}
ACK = {"action": "acknowledge"}


def send_all(client, login, world):
    login(world.coordinator)
    response = client.post(f"/cases/{world.case.id}/notices/new", data=compose_data(client, world.case.id))
    assert response.status_code == 302
    client.post("/logout")


def femke_link(world):
    recipient = next(r for r in recipients_of(world.case) if r.notice.pupil_id == world.femke.id)
    return recipient, link_in(recipient.outbox_message)


def status_on_case_page(client, login, world, recipient):
    login(world.coordinator)
    page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
    client.post("/logout")
    import re

    return re.search(rf'data-recipient="{recipient.id}" data-status="(\w+)"', page).group(1)


def test_read_and_acknowledge_without_an_account(client, login, world, frozen_clock):
    send_all(client, login, world)
    recipient, link = femke_link(world)
    assert status_on_case_page(client, login, world, recipient) == "queued"

    # The scheduler delivered it.
    message = recipient.outbox_message
    message.status, message.sent_at = "sent", NOW
    db.session.commit()
    assert status_on_case_page(client, login, world, recipient) == "sent"

    frozen_clock(NOW + timedelta(days=2))
    response = client.post(link, data=SHOW, headers=EN)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"
    html = response.get_data(as_text=True)
    assert "Het Baken" in html and "Femke de Vries" in html and "Sem" not in html
    assert "I have read this" in html and "data-acknowledge-notice" in html
    db.session.expire_all()
    assert recipient.read_at == NOW + timedelta(days=2) and recipient.acknowledged_at is None
    assert status_on_case_page(client, login, world, recipient) == "read"

    frozen_clock(NOW + timedelta(days=3))
    client.post(link, data=SHOW)  # a second view keeps the first read time
    response = client.post(link, data=ACK, headers=EN)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "The school can see that you have read this message." in html and "data-acknowledged" in html
    assert "You acknowledged this message on 19 November 2026." in html
    assert "Femke de Vries" not in html and "data-acknowledge-notice" not in html
    db.session.expire_all()
    assert recipient.read_at == NOW + timedelta(days=2)
    assert recipient.acknowledged_at == NOW + timedelta(days=3)
    # Later visits: only that it was acknowledged, and a second acknowledgement keeps the first time.
    assert "data-acknowledged" in client.get(link).get_data(as_text=True)
    frozen_clock(NOW + timedelta(days=4))
    assert "data-acknowledged" in client.post(link, data=ACK).get_data(as_text=True)
    db.session.expire_all()
    assert recipient.acknowledged_at == NOW + timedelta(days=3)
    assert status_on_case_page(client, login, world, recipient) == "acknowledged"

    token = link.rsplit("/", 1)[1]
    details = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action.like("notice.%"))).all()
    assert {"notice.read", "notice.acknowledge"} <= set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("notice.%")))
    )
    assert all(token not in (d or "") for d in details)


def test_an_acknowledged_notice_no_longer_opens_from_any_browser(app, client, login, world, frozen_clock):
    """Issue 10, point 18: the link (forwarded, or the e-mail on a shared computer) kept
    opening the message for 30 days after the parent acknowledged it."""
    send_all(client, login, world)
    recipient, link = femke_link(world)
    frozen_clock(NOW + timedelta(days=1))
    assert client.post(link, data=ACK).status_code == 200
    notice = recipient.notice
    contact = notice.contact_person
    assert contact

    frozen_clock(NOW + timedelta(days=10))
    other_browser = app.test_client()
    for response, language in (
        (other_browser.get(link, headers=EN), "en"),
        (other_browser.post(link, data=SHOW, headers=EN), "en"),
        (other_browser.post(link, data=ACK, headers=EN), "en"),
        (other_browser.get(link), "nl"),
        (other_browser.post(link, data=SHOW), "nl"),
    ):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        html = response.get_data(as_text=True)
        assert "data-acknowledged" in html and "Het Baken" in html and contact in html
        if language == "en":
            assert "You acknowledged this message on 17 November 2026." in html
            assert f"please contact {contact} at Het Baken" in html
        else:
            assert "U hebt dit bericht op 17 november 2026 als gelezen bevestigd." in html
            assert f"neem dan contact op met {contact} van Het Baken" in html
        assert "data-notice=" not in html and "data-show-notice" not in html and "data-acknowledge-notice" not in html
        assert notice.subject not in html and "Femke" not in html and "Vries" not in html
        for paragraph in notice.body.split("\n\n"):
            for line in paragraph.splitlines():
                if line.strip() and contact not in line and line.strip() != "Het Baken":
                    assert line.strip() not in html
    db.session.expire_all()
    assert recipient.acknowledged_at == NOW + timedelta(days=1)


def test_expired_link_is_gone(client, login, world, frozen_clock):
    send_all(client, login, world)
    recipient, link = femke_link(world)
    frozen_clock(NOW + timedelta(days=29))
    assert client.get(link).status_code == 200
    frozen_clock(NOW + timedelta(days=31))
    response = client.get(link, headers=EN)
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "This link has expired" in html and "Femke" not in html and "Het Baken" not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert client.post(link, data=SHOW).status_code == 410
    assert client.post(link, data=ACK).status_code == 410
    db.session.expire_all()
    assert recipient.read_at is None and recipient.acknowledged_at is None


def test_tampered_or_foreign_links_are_not_found(client, login, world, make_school, frozen_clock):
    send_all(client, login, world)
    recipient, link = femke_link(world)
    for bad in (link[:-2] + ("AA" if not link.endswith("AA") else "BB"), "/n/nonsense", link + "x"):
        response = client.get(bad, headers=EN)
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert client.post(bad, data=SHOW).status_code == 404
    # A token signed with another key (another installation) is refused too.
    from flask import current_app

    key = current_app.config["SECRET_KEY"]
    current_app.config["SECRET_KEY"] = "another-key"
    try:
        from incidents.notices.tokens import make_token

        with current_app.test_request_context():
            forged = make_token(recipient, NOW)
    finally:
        current_app.config["SECRET_KEY"] = key
    assert client.get(f"/n/{forged}").status_code == 404
    # A fresh nonce revokes the old link.
    recipient.nonce = "0" * 32
    db.session.commit()
    assert client.get(link).status_code == 404
    assert client.post(link, data=SHOW).status_code == 404
    db.session.expire_all()
    assert recipient.read_at is None


def test_every_parent_has_their_own_link(client, login, world):
    send_all(client, login, world)
    links = {link_in(m) for m in messages()}
    assert len(links) == 3


def test_a_get_alone_is_not_a_read(client, login, world, frozen_clock):
    """Mail security scanners fetch links with GET: that shows a landing page without the
    message and records nothing; only the button (a POST) opens the message."""
    send_all(client, login, world)
    recipient, link = femke_link(world)
    notice = recipient.notice
    for _ in range(2):
        response = client.get(link, headers=EN)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Robots-Tag"] == "noindex"
        html = response.get_data(as_text=True)
        assert "Het Baken" in html and "A message from the school about your child" in html
        assert "data-show-notice" in html and 'name="action" value="show"' in html
        assert notice.subject not in html and "Femke" not in html and "Vries" not in html
        for paragraph in notice.body.split("\n\n"):
            for line in paragraph.splitlines():
                if line.strip() and line.strip() != "Het Baken":
                    assert line.strip() not in html
    db.session.expire_all()
    assert recipient.read_at is None and recipient.acknowledged_at is None
    assert status_on_case_page(client, login, world, recipient) == "queued"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "notice.read")).all() == []


def test_a_post_without_a_known_action_changes_nothing(client, login, world):
    send_all(client, login, world)
    recipient, link = femke_link(world)
    for data in ({}, {"action": "delete"}):
        assert client.post(link, data=data).status_code == 400
    db.session.expire_all()
    assert recipient.read_at is None and recipient.acknowledged_at is None


def test_acknowledging_straight_away_also_records_the_read(client, login, world, frozen_clock):
    send_all(client, login, world)
    recipient, link = femke_link(world)
    assert client.post(link, data=ACK).status_code == 200
    db.session.expire_all()
    assert recipient.read_at == recipient.acknowledged_at == NOW


def test_the_buttons_need_the_csrf_token(app, client, login, world):
    send_all(client, login, world)
    recipient, link = femke_link(world)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        landing = client.get(link).get_data(as_text=True)
        assert client.post(link, data=SHOW).status_code == 400
        import re

        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', landing).group(1)
        assert client.post(link, data={**SHOW, "csrf_token": token}).status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert recipient.read_at is not None
