"""Signing in: what is written when a password was accepted."""

from incidents.audit.security import record_security_event
from incidents.auth.models import User
from incidents.auth.passwords import hash_password, needs_rehash


def record_sign_in(user: User, password: str) -> None:
    """Audit the sign-in; a hash made with outdated parameters is replaced while the plain
    password is at hand."""
    if user.password_hash is not None and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record_security_event("login", user=user)


def record_failed_sign_in(user: User | None, email: str) -> None:
    """A refused sign-in: about the account when the address has one (whatever the reason:
    wrong password, disabled, no password yet), else about the address's keyed digest."""
    record_security_event("login.failed", user=user, email=None if user is not None else email)
