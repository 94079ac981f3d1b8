"""Encrypting TOTP secrets at rest (Fernet: AES-128-CBC with HMAC-SHA256).

The key is TOTP_ENCRYPTION_KEY when set (a Fernet key), else derived from SECRET_KEY: changing
either makes the stored secrets unreadable, so every account must enrol again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

__all__ = ["InvalidToken", "decrypt", "encrypt"]


def _fernet() -> Fernet:
    key: str | None = current_app.config.get("TOTP_ENCRYPTION_KEY")
    if key:
        return Fernet(key.encode())
    derived = hashlib.sha256(b"meldpunt-totp-secret:" + str(current_app.config["SECRET_KEY"]).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(secret: str) -> bytes:
    return _fernet().encrypt(secret.encode())


def decrypt(token: bytes) -> str:
    """Raises InvalidToken when the key changed or the value was tampered with."""
    return _fernet().decrypt(token).decode()
