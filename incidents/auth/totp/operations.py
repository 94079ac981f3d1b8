"""Enrolling, checking and resetting the second factor. Flush, never commit; audit rows carry ids
only (never a secret or a code)."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.auth.sessions.models import UserSession
from incidents.auth.tokens import token_hash
from incidents.auth.totp import codes, crypto
from incidents.auth.totp.models import RecoveryCode, RememberedBrowser, TotpCredential
from incidents.auth.totp.requirement import credential_of
from incidents.core import clock
from incidents.extensions import db

REMEMBER_FOR = timedelta(days=14)


class AlreadyEnrolled(Exception):
    """An account has one authenticator; replacing it takes an administrator's reset."""


@dataclass(frozen=True)
class Verified:
    """How the second factor was given: a TOTP code, or a recovery code (and how many remain)."""

    by_recovery_code: bool
    recovery_codes_left: int


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Store `secret` once `code` proves the authenticator holds it; returns the ten recovery codes
    (to show once) or None for a wrong code."""
    if credential_of(user.id) is not None:
        raise AlreadyEnrolled()
    now = clock.utc_now()
    step = codes.matching_step(secret, code, now, after_step=None)
    if step is None:
        audit("second_factor.failed", user, user=user, school_id=None, detail="enrolment")
        return None
    db.session.add(
        TotpCredential(user_id=user.id, secret_encrypted=crypto.encrypt(secret), enrolled_at=now, last_used_step=step)
    )
    recovery = _replace_recovery_codes(user)
    audit("second_factor.enrolled", user, user=user, school_id=None)
    db.session.flush()
    return recovery


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    fresh = codes.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=codes.recovery_code_hash(c)) for c in fresh)
    return fresh


def verify(user: User, code: str) -> Verified | None:
    """Check a TOTP code (once, within one step either side) or an unused recovery code; a wrong
    one is audited and gives None."""
    credential = credential_of(user.id)
    if credential is None:
        return None
    if codes.looks_like_totp(code):
        secret = crypto.decrypt(credential.secret_encrypted)
        step = codes.matching_step(secret, code, clock.utc_now(), after_step=credential.last_used_step)
        if step is not None:
            credential.last_used_step = step  # replay refused from now on
            db.session.flush()
            return Verified(by_recovery_code=False, recovery_codes_left=_recovery_codes_left(user.id))
    elif _use_recovery_code(user, code):
        left = _recovery_codes_left(user.id)
        audit("second_factor.recovery_code_used", user, user=user, school_id=None, detail=f"{left} left")
        return Verified(by_recovery_code=True, recovery_codes_left=left)
    audit("second_factor.failed", user, user=user, school_id=None)
    return None


def _use_recovery_code(user: User, code: str) -> bool:
    row: RecoveryCode | None = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == codes.recovery_code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = clock.utc_now()  # single use
    db.session.flush()
    return True


def _recovery_codes_left(user_id: int) -> int:
    rows = db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    )
    return len(list(rows))


def mark_passed(record: UserSession, *, fresh: bool) -> None:
    """The session has its second factor; `fresh` (a code typed now, not a remembered browser)
    also starts the 15 minutes in which sensitive records open without asking again."""
    record.second_factor_ok = True
    if fresh:
        record.second_factor_at = clock.utc_now()
    db.session.flush()


def remember_browser(user: User) -> str:
    """A new remembered browser; returns the token for the (signed) cookie."""
    token = secrets.token_urlsafe(32)
    now = clock.utc_now()
    db.session.add(
        RememberedBrowser(id=token_hash(token), user_id=user.id, created_at=now, expires_at=now + REMEMBER_FOR)
    )
    audit("second_factor.browser_remembered", user, user=user, school_id=None)
    db.session.flush()
    return token


def is_remembered(user: User, token: str, now: datetime) -> bool:
    row: RememberedBrowser | None = db.session.get(RememberedBrowser, token_hash(token))
    return row is not None and row.user_id == user.id and now < row.expires_at


def forget_browsers(user_id: int) -> None:
    """Every remembered browser of the account (its sessions ended: sign out everywhere, a
    password change or reset, a disabled account, a reset second factor)."""
    db.session.execute(delete(RememberedBrowser).where(RememberedBrowser.user_id == user_id))


def reset_second_factor(user: User, by: User, school_id: int) -> bool:
    """An administrator removes the account's authenticator, recovery codes and remembered
    browsers (a lost phone); its open sessions lose their second factor, so a required user
    enrols anew at their next request. False when there was nothing to reset."""
    credential = credential_of(user.id)
    if credential is None:
        return False
    db.session.delete(credential)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    forget_browsers(user.id)
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(second_factor_ok=False, second_factor_at=None)
        .execution_options(synchronize_session="fetch")
    )
    audit("second_factor.reset", user, user=by, school_id=school_id)
    db.session.flush()
    return True
