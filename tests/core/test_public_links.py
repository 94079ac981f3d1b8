"""Issue 14, point 2: every link in an e-mail is built from PUBLIC_URL, never from the Host
header (or X-Forwarded-Host) of the request that caused it, and outside a request alike."""

import re

import pytest
from sqlalchemy import select

from incidents.core.links import public_url_for
from incidents.extensions import db
from incidents.outbox.models import OutboxMessage
from tests.auth.mail import mails_to
from tests.notices.helpers import compose_data

PUBLIC = "https://meldpunt.school.example"
FORGED = "evil.example"
LINK = re.compile(r"https?://[^\s/]+/\S*")


@pytest.fixture(autouse=True)
def public_url(configure):
    configure(PUBLIC_URL=PUBLIC)


def forge_host(client, app):
    """Let the client's cookies go to FORGED too: a signed-in request with a forged Host header."""
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    client.set_cookie(name, cookie.value, domain=FORGED)
    return {"Host": FORGED}


def links_in(message):
    return LINK.findall(message.body_text)


def newest(kind):
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


@pytest.mark.parametrize("via", ["host", "forwarded host"])
def test_notice_links_use_public_url_whatever_host_the_request_names(client, app, login, make_world, configure, via):
    world = make_world(involved=[("femke", "target")])
    login(world.coordinator)
    if via == "host":
        headers = forge_host(client, app)
    else:  # behind a trusted proxy that passes the client's X-Forwarded-Host on
        configure(TRUSTED_PROXIES=1)
        headers = {"X-Forwarded-Host": FORGED, "X-Forwarded-Proto": "http"}
    data = compose_data(client, world.case.id)
    response = client.post(f"/cases/{world.case.id}/notices/new", data=data, headers=headers)
    assert response.status_code == 302
    notices = newest("notice")
    assert notices
    for message in notices:
        (link,) = links_in(message)
        assert link.startswith(f"{PUBLIC}/n/") and FORGED not in message.body_text
        # The link works on the site itself.
        assert client.get(link.removeprefix(PUBLIC)).status_code == 200


def test_invitation_links_use_public_url(client, app, login, make_school, make_user):
    admin = make_user("admin", make_school())
    login(admin)
    headers = forge_host(client, app)
    data = {"name": "Nieuwe Collega", "email": "nieuw@example.org", "role": "admin"}
    assert client.post("/admin/users", data=data, headers=headers).status_code == 302
    (message,) = mails_to("nieuw@example.org", "invitation")
    (link,) = links_in(message)
    assert link.startswith(f"{PUBLIC}/invitation/") and FORGED not in message.body_text


def test_reset_links_use_public_url(client, make_school, make_user):
    user = make_user("mentor", make_school())
    client.post("/forgot-password", data={"email": user.email}, headers={"Host": FORGED})
    (message,) = mails_to(user.email, "password_reset")
    (link,) = links_in(message)
    assert link.startswith(f"{PUBLIC}/reset/") and FORGED not in message.body_text


def test_links_keep_the_path_of_public_url_and_need_no_request(app, configure):
    configure(PUBLIC_URL="https://scholen.example/meldpunt/")
    with app.app_context():
        assert public_url_for("notices.public_notice", token="abc") == "https://scholen.example/meldpunt/n/abc"
        assert public_url_for("followups.tasks") == "https://scholen.example/meldpunt/tasks"
    with app.test_request_context("/", base_url=f"http://{FORGED}/"):
        assert public_url_for("account.reset", token="t") == "https://scholen.example/meldpunt/reset/t"


def test_without_public_url_no_link_is_made(app, configure):
    configure(PUBLIC_URL=None)
    with app.app_context(), pytest.raises(RuntimeError, match="PUBLIC_URL is not set"):
        public_url_for("followups.tasks")
