"""Reading session records: the per-request lookup and the sessions page."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from incidents.auth.sessions.models import UserSession
from incidents.extensions import db


def find_session(key: str) -> UserSession | None:
    """The record with this stored key and its user: one lookup by primary key, per request."""
    return db.session.get(UserSession, key, options=[joinedload(UserSession.user)])


def open_sessions(user_id: int, now: datetime, idle: timedelta) -> list[UserSession]:
    """The user's sessions that are still valid, most recently used first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user_id,
                UserSession.ended_at.is_(None),
                UserSession.expires_at > now,
                UserSession.last_seen_at > now - idle,
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.created_at.desc())
        )
    )
