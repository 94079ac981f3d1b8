"""What an account holder does themselves: set a password from a link, change it, accept or
decline a school's invitation. Flush, never commit; audit rows carry ids only.

Where a password change or reset must end the account's other sessions, the session records
(incidents/auth/sessions.py) are called by the caller of these functions once they exist.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from incidents.audit.record import audit
from incidents.audit.security import record_security_event
from incidents.auth.models import Membership, User
from incidents.auth.passwords import check_password, hash_password
from incidents.auth.sessions.operations import end_all_for_user, end_sessions
from incidents.auth.tokens import token_hash
from incidents.core import clock
from incidents.extensions import db


class InvalidLink(Exception):
    """Unknown, used, withdrawn or expired: the same answer for each, so nothing is learnt."""


class WrongPassword(Exception):
    pass


def invitation_for(token: str, now: datetime | None = None) -> Membership:
    """The pending membership whose invitation link is `token`; raises InvalidLink."""
    now = now or clock.utc_now()
    membership: Membership | None = db.session.scalar(
        select(Membership).where(Membership.invite_token_hash == token_hash(token))
    )
    if (
        membership is None
        or membership.invitation != "pending"
        or membership.invite_expires_at is None
        or membership.invite_expires_at <= now
    ):
        raise InvalidLink()
    return membership


def accept_with_password(token: str, password: str) -> Membership:
    """The invitee of an account without a password sets it and so accepts the invitation."""
    membership = invitation_for(token)
    user = membership.user
    if user.password_hash is not None:  # set meanwhile (another school's link): sign in and accept
        raise InvalidLink()
    user.password_hash = hash_password(password)
    audit("password.set", user, user=user, school_id=membership.school_id)
    _accept(membership, user)
    return membership


def accept(user: User, membership_id: int) -> Membership:
    """A signed-in holder accepts a pending, unexpired invitation to another school."""
    membership = _own_pending(user, membership_id)
    _accept(membership, user)
    return membership


def decline(user: User, membership_id: int) -> None:
    membership = _own_pending(user, membership_id)
    membership.invitation = "withdrawn"
    membership.invite_token_hash = None
    audit("invitation.declined", membership, user=user)
    db.session.flush()


def _own_pending(user: User, membership_id: int) -> Membership:
    membership: Membership | None = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user.id:
        raise InvalidLink()
    if membership.invitation_status(clock.utc_now()) != "pending":
        raise InvalidLink()
    return membership


def _accept(membership: Membership, user: User) -> None:
    membership.invitation = "accepted"
    membership.accepted_at = clock.utc_now()
    membership.invite_token_hash = None  # single use
    audit("invitation.accepted", membership, user=user)
    db.session.flush()


def change_password(user: User, current: str, new: str, keep_session_id: str | None = None) -> None:
    """Raises WrongPassword when `current` is not the account's password. Every other session of
    the account ends: whoever learned the old password is signed out (`keep_session_id`: this one)."""
    if user.password_hash is None or not check_password(user.password_hash, current):
        raise WrongPassword()
    user.password_hash = hash_password(new)
    user.reset_token_hash = None
    record_security_event("password.changed", user=user)  # one row per school of the account
    end_sessions(user.id, except_session_id=keep_session_id, reason="password_changed")
    db.session.flush()


def start_reset(user: User, token_hash_: str, valid_for: timedelta) -> None:
    """Store the hash of a new reset link; a newer request replaces (and so voids) the older link."""
    user.reset_token_hash = token_hash_
    user.reset_expires_at = clock.utc_now() + valid_for
    audit("password.reset_requested", user, user=None, school_id=None)
    db.session.flush()


def reset_target(token: str) -> User:
    """The account whose reset link is `token`; raises InvalidLink."""
    user: User | None = db.session.scalar(select(User).where(User.reset_token_hash == token_hash(token)))
    if user is None or user.reset_expires_at is None or user.reset_expires_at <= clock.utc_now() or not user.active:
        raise InvalidLink()
    return user


def reset_password(token: str, new: str) -> User:
    user = reset_target(token)
    user.password_hash = hash_password(new)
    user.reset_token_hash = None  # single use
    user.reset_expires_at = None
    record_security_event("password.reset", user=user)  # one row per school of the account
    end_all_for_user(user.id, reason="password_reset")  # the holder signs in anew with it
    db.session.flush()
    return user
