"""The client secret at rest: Fernet (AES-128-CBC with HMAC-SHA256) with a key derived from
SSO_SECRET_KEY, or SECRET_KEY when that is not set. A rotated key makes stored secrets unreadable:
the admin enters the secret again (`UnreadableSecret`)."""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class UnreadableSecret(Exception):
    """The stored secret was encrypted with another key."""


def _fernet() -> Fernet:
    key_material = current_app.config.get("SSO_SECRET_KEY") or current_app.config["SECRET_KEY"]
    # A key of its own (HKDF), so the cookie-signing key itself never encrypts anything.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"meldpunt sso client secret").derive(
        str(key_material).encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableSecret() from error
