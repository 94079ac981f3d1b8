"""TOTP codes (RFC 6238: SHA-1, 6 digits, 30-second steps) and recovery codes. No Flask, no database."""

import hashlib
import re
import secrets
from datetime import datetime

import pyotp
from pyotp.utils import strings_equal

# A code of the step before or after the current one is accepted too (clock drift, typing time).
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper
_TOTP_FORMAT = re.compile(r"^[0-9]{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def matching_step(secret: str, code: str, at: datetime, after_step: int | None) -> int | None:
    """The time step `code` belongs to, within VALID_WINDOW of `at` and later than `after_step`
    (the last accepted one: a code is accepted once); None when it does not match."""
    code = normalize(code)
    if not _TOTP_FORMAT.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(at)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if (after_step is None or step > after_step) and strings_equal(code, totp.generate_otp(step)):
            return step
    return None


def code_at(secret: str, at: datetime, offset: int = 0) -> str:
    """The code for `at` plus `offset` steps (for tests and the enrolment hint)."""
    return pyotp.TOTP(secret).at(at, counter_offset=offset)


def normalize(code: str) -> str:
    """Spaces and dashes as people type them from an app or a sheet of paper are ignored."""
    return re.sub(r"[\s-]", "", code or "").lower()


def looks_like_totp(code: str) -> bool:
    return bool(_TOTP_FORMAT.match(normalize(code)))


def new_recovery_codes() -> list[str]:
    """Ten codes of 10 characters (about 49 bits each), shown as `xxxxx-xxxxx`."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def recovery_code_hash(code: str) -> str:
    """Random codes, so a plain hash of the normalized code suffices (and allows an indexed lookup)."""
    return hashlib.sha256(normalize(code).encode()).hexdigest()
