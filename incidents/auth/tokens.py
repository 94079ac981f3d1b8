"""Single-use secrets for invitation and password-reset links.

Only the SHA-256 of a token is stored: whoever reads the database (or a backup) cannot use a
link. A token is 32 random bytes, so a plain hash (no salt, no slow hash) is enough and lets
the link be found by an indexed lookup.
"""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """A fresh (token, hash of it): the token goes into the e-mail, the hash into the row."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
