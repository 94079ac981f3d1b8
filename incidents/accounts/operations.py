"""Inviting people, four eyes on roles that open case work, and password-reset requests.

Nobody chooses a password for someone else: an administrator adds a person to the school and
the holder gets an invitation. A new account (or one whose holder never set a password) gets
a single-use link to set their own; an account with a password signs in and accepts. Either
way the membership grants nothing until accepted (incidents/auth/models.py), and a role in
`APPROVAL_ROLES` also waits until a director of the school, not the administrator, approves.
Flush, never commit; the mails are outbox rows in the same transaction.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from incidents.accounts import mails
from incidents.audit.record import SYSTEM, audit
from incidents.auth.account import start_reset
from incidents.auth.models import APPROVAL_ROLES, Membership, User
from incidents.auth.tokens import new_token
from incidents.core import clock
from incidents.extensions import db
from incidents.schools.models import School

INVITATION_HOURS = 72
RESET_MINUTES = 60


class AlreadyMember(ValueError):
    pass


class NotPending(ValueError):
    """The invitation was accepted or withdrawn meanwhile: nothing to resend or withdraw."""


class NotAllowed(ValueError):
    """Four eyes: this user may not approve this role (not a director there, or their own)."""


def _hours() -> int:
    return int(current_app.config.get("INVITATION_HOURS", INVITATION_HOURS))


def find_account(email: str) -> User | None:
    user: User | None = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    return user


def invite(school: School, name: str, email: str, role: str, by: User) -> Membership:
    """Give an (existing or new) account a pending role at `school` and send the invitation.
    The name of an existing account is kept: the holder's own, not what this school typed."""
    user = find_account(email)
    if user is None:
        user = User(name=name.strip(), email=email.strip().lower(), password_hash=None)
        db.session.add(user)
        db.session.flush()
    membership = user.membership_at(school.id)
    if membership is not None and membership.invitation != "withdrawn":
        raise AlreadyMember(user.id)
    if membership is None:
        membership = Membership(user_id=user.id, school_id=school.id, role=role)
        db.session.add(membership)
    membership.role = role
    membership.invitation = "pending"
    membership.approval = "pending" if role in APPROVAL_ROLES else "approved"
    membership.granted_by_id = by.id
    membership.accepted_at = membership.approved_at = membership.approved_by_id = membership.disabled_at = None
    db.session.flush()
    db.session.refresh(user, ["memberships"])
    audit("role.granted", membership, user=by, detail=role)
    _send_invitation(membership, by)
    if membership.approval == "pending":
        for director in directors_of(school.id):
            mails.ask_director(director, membership)
    return membership


def _send_invitation(membership: Membership, by: object) -> None:
    now = clock.utc_now()
    hours = _hours()
    membership.invited_at = now
    membership.invite_expires_at = now + timedelta(hours=hours)
    token: str | None = None
    if membership.user.password_hash is None:
        token, membership.invite_token_hash = new_token()
    else:
        membership.invite_token_hash = None
    mails.send_invitation(membership, token, hours)
    audit("invitation.sent", membership, user=by)
    db.session.flush()


def resend(membership: Membership, by: User) -> None:
    """A new link (the old one stops working) and 72 hours from now."""
    if membership.invitation != "pending":
        raise NotPending(membership.id)
    _send_invitation(membership, by)


def withdraw(membership: Membership, by: User) -> None:
    if membership.invitation != "pending":
        raise NotPending(membership.id)
    membership.invitation = "withdrawn"
    membership.invite_token_hash = None
    audit("invitation.withdrawn", membership, user=by)
    db.session.flush()


def directors_of(school_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.school_id == school_id,
                Membership.role == "director",
                Membership.grants_clause(),
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def awaiting_approval(school_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.school_id == school_id,
                Membership.approval == "pending",
                Membership.invitation != "withdrawn",
            )
            .order_by(User.name)
        )
    )


def _check_approver(membership: Membership, director: User) -> None:
    if director.role_at(membership.school_id) != "director":
        raise NotAllowed(membership.id)
    if director.id in (membership.user_id, membership.granted_by_id):
        raise NotAllowed(membership.id)
    if membership.approval != "pending" or membership.invitation == "withdrawn":
        raise NotPending(membership.id)


def approve(membership: Membership, director: User) -> None:
    _check_approver(membership, director)
    membership.approval = "approved"
    membership.approved_at = clock.utc_now()
    membership.approved_by_id = director.id
    audit("role.approved", membership, user=director, detail=membership.role)
    db.session.flush()


def refuse(membership: Membership, director: User) -> None:
    _check_approver(membership, director)
    membership.invitation = "withdrawn"
    membership.invite_token_hash = None
    audit("role.refused", membership, user=director, detail=membership.role)
    db.session.flush()


def grant_director(school: School, email: str, name: str | None = None) -> Membership:
    """The server command's first director: approved at once (whoever runs it has shell access).
    An account without a password gets an invitation link; one with a password is a director at once."""
    user = find_account(email)
    if user is None:
        user = User(name=(name or email.partition("@")[0]).strip(), email=email.strip().lower(), password_hash=None)
        db.session.add(user)
        db.session.flush()
    membership = user.membership_at(school.id)
    if membership is None:
        membership = Membership(user_id=user.id, school_id=school.id, role="director")
        db.session.add(membership)
    now = clock.utc_now()
    membership.role = "director"
    membership.approval = "approved"
    membership.approved_at = now
    membership.approved_by_id = None
    membership.granted_by_id = None
    membership.disabled_at = None
    membership.invitation = "pending" if user.password_hash is None else "accepted"
    membership.accepted_at = None if user.password_hash is None else now
    db.session.flush()
    db.session.refresh(user, ["memberships"])
    audit("role.granted", membership, user=SYSTEM, detail="director")
    audit("role.approved", membership, user=SYSTEM, detail="director (command)")
    if membership.invitation == "pending":
        _send_invitation(membership, SYSTEM)
    return membership


def request_reset(email: str) -> None:
    """Send a reset link when the address belongs to an active account; otherwise nothing.
    The caller answers the same either way."""
    user = find_account(email)
    if user is None or not user.active or not user.memberships or user.locked_out:
        return
    token, hashed = new_token()
    minutes = int(current_app.config.get("PASSWORD_RESET_MINUTES", RESET_MINUTES))
    start_reset(user, hashed, timedelta(minutes=minutes))
    school_id = min(m.school_id for m in user.memberships)
    mails.send_reset(user, school_id, token, minutes)
