"""Argon2 password hashing, with the cost parameters from the app's config.

A hash carries its own parameters, so any stored hash verifies whatever the config says;
one made with other parameters than the current ones `needs_rehash` (sign-in then stores a
new one). Outside an app context the production defaults apply.

`verify_sign_in` is what the login asks: with no usable account it checks the password
against a dummy hash made with the same parameters, so an unknown or disabled address costs
the same single hash as a known one and cannot be told apart by the time the answer takes.
"""

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from flask import current_app, has_app_context

DEFAULT_PARAMETERS = RFC_9106_LOW_MEMORY  # argon2id, t=3, m=64 MiB, p=4


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost,
        memory_cost=memory_cost,
        parallelism=parallelism,
        hash_len=DEFAULT_PARAMETERS.hash_len,
        salt_len=DEFAULT_PARAMETERS.salt_len,
        type=DEFAULT_PARAMETERS.type,
    )


@cache
def _dummy_hash_for(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash of a random secret nobody knows, made once per parameter set."""
    return _hasher_for(time_cost, memory_cost, parallelism).hash(secrets.token_urlsafe(32))


def _parameters() -> tuple[int, int, int]:
    if not has_app_context():
        return DEFAULT_PARAMETERS.time_cost, DEFAULT_PARAMETERS.memory_cost, DEFAULT_PARAMETERS.parallelism
    config = current_app.config
    return (
        config.get("PASSWORD_HASH_TIME_COST", DEFAULT_PARAMETERS.time_cost),
        config.get("PASSWORD_HASH_MEMORY_COST", DEFAULT_PARAMETERS.memory_cost),
        config.get("PASSWORD_HASH_PARALLELISM", DEFAULT_PARAMETERS.parallelism),
    )


def _hasher() -> PasswordHasher:
    return _hasher_for(*_parameters())


def hash_password(plain: str) -> str:
    return _hasher().hash(plain)


def check_password(password_hash: str, plain: str) -> bool:
    try:
        return _hasher().verify(password_hash, plain)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def verify_sign_in(password_hash: str | None, plain: str) -> bool:
    """True when `plain` matches `password_hash`; None (no usable account) verifies against
    the dummy hash instead and is always False, after the same one hash."""
    if password_hash is None:
        check_password(_dummy_hash_for(*_parameters()), plain)
        return False
    return check_password(password_hash, plain)
