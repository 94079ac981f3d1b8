"""Signed, expiring links for parents to read and acknowledge a notice without an account.

The payload is the recipient id and a random nonce stored with the recipient (a link
stops working if the nonce changes) plus the time the notice leaves: a scheduled check-in
link is valid for the full period after it is sent, not after it was planned.
"""

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from incidents.core import clock
from incidents.notices.models import NoticeRecipient

SALT = "meldpunt.notice-link"
DEFAULT_DAYS = 30


class InvalidLink(Exception):
    """Tampered, unknown or malformed: answer 404."""


class ExpiredLink(Exception):
    """Genuine but too old: answer 410."""


class _ClockSigner(TimestampSigner):
    """Timestamps from the application clock, so a frozen clock also freezes link age."""

    def get_timestamp(self) -> int:
        return int(clock.utc_now().timestamp())


def signing_keys() -> list[str]:
    """The keys in the order Flask's session cookie uses them: links are signed with the last
    (SECRET_KEY) and verified with any, so after a key rotation the links already in parents' mailboxes keep
    working for as long as the old key stays in SECRET_KEY_FALLBACKS (docs/operations.md)."""
    fallbacks = current_app.config.get("SECRET_KEY_FALLBACKS") or []
    return [*fallbacks, current_app.config["SECRET_KEY"]]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_keys(), salt=SALT, signer=_ClockSigner)


def max_age() -> timedelta:
    return timedelta(days=current_app.config.get("NOTICE_LINK_DAYS", DEFAULT_DAYS))


def make_token(recipient: NoticeRecipient, valid_from: datetime) -> str:
    return _serializer().dumps({"r": recipient.id, "n": recipient.nonce, "f": int(valid_from.timestamp())})


def read_token(token: str) -> tuple[int, str]:
    """(recipient_id, nonce) of a valid token; raises InvalidLink or ExpiredLink."""
    try:
        data, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        raise InvalidLink() from None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("n"), str):
        raise InvalidLink()
    start = max(int(signed_at.timestamp()), int(data.get("f") or 0))
    if clock.utc_now().timestamp() - start > max_age().total_seconds():
        raise ExpiredLink()
    return data["r"], data["n"]
