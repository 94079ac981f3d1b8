"""Shared by the second-factor tests."""

import re

from sqlalchemy import select

from incidents.audit.models import AuditEvent
from incidents.auth.sessions.models import UserSession
from incidents.extensions import db
from tests.helpers import EN, TEST_PASSWORD


def password_only(client, user):
    """Sign in with the password alone; returns the login's redirect target."""
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


def errors(response):
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', response.get_data(as_text=True))


def actions(name):
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == name)).all()


def open_sessions(user):
    db.session.expire_all()
    return db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    ).all()


def get(client, url):
    return client.get(url, headers=EN)
