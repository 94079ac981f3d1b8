"""Signing in: what is written when a password was accepted."""

from incidents.audit.record import audit
from incidents.auth.models import User
from incidents.auth.passwords import hash_password, needs_rehash


def record_sign_in(user: User, password: str) -> None:
    """Audit the sign-in; a hash made with outdated parameters is replaced while the plain
    password is at hand."""
    if user.password_hash is not None and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit("login", user, user=user, school_id=None)
