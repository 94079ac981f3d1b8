"""Reading and forging the session cookie, and the session records, for the session tests."""

import time

from itsdangerous import TimestampSigner
from sqlalchemy import select

from incidents.auth.sessions.models import UserSession
from incidents.extensions import db

COOKIE = "session"


def cookie_of(client):
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None, "no session cookie"
    return cookie.value


def payload_of(app, client):
    """What the signed session cookie carries."""
    return app.session_interface.get_signing_serializer(app).loads(cookie_of(client))


def copy_cookie(app, client):
    """A second browser holding a copy of `client`'s session cookie (as an attacker would)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie_of(client))
    return thief


def signed_cookie(app, payload, age_seconds=0):
    """`payload` signed with the app's key, as if `age_seconds` ago."""
    serializer = app.session_interface.get_signing_serializer(app)
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: int(time.time()) - age_seconds
    try:
        return serializer.dumps(payload)
    finally:
        TimestampSigner.get_timestamp = original


def sessions_of(user):
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)))


def open_sessions_of(user):
    return [s for s in sessions_of(user) if s.ended_at is None]


def signed_in(client):
    """True when the client reaches a signed-in page (the sessions page) rather than the login page."""
    response = client.get("/account/sessions")
    return response.status_code == 200
