"""Browsers an account has signed in from: the per-address limit on failed sign-ins spares them.

A successful sign-in leaves a signed cookie naming the account (by its address's HMAC, never the
address), for up to `DEVICE_COOKIE_ACCOUNTS` accounts (a shared staff-room computer). A pupil who
floods the login from the school's network uses up the school address's failures, but colleagues
on browsers they signed in from before keep signing in (OWASP "device cookies"). The per-account
delay applies to every browser alike.
"""

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from incidents.auth.throttle.operations import account_key

DEVICE_COOKIE = "meldpunt_device"
DEVICE_COOKIE_ACCOUNTS = 5


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login-device")


def _max_age() -> int:
    return int(current_app.config["DEVICE_COOKIE_DAYS"]) * 24 * 3600


def _known_keys() -> list[str]:
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        keys = _serializer().loads(value, max_age=_max_age())
    except BadSignature:
        return []
    return [str(k) for k in keys] if isinstance(keys, list) else []


def _short_key(email: str) -> str:
    return account_key(email)[:32]


def signed_in_here_before(email: str) -> bool:
    """Whether this browser carries a valid device cookie for this address."""
    return _short_key(email) in _known_keys()


def posted_address_signed_in_here_before() -> bool:
    """For the login limit's `exempt_when`: the address in the posted form, from such a browser."""
    email = request.form.get("email", "")
    return bool(email) and signed_in_here_before(email)


def remember_device(response: Response, email: str) -> Response:
    keys = [k for k in _known_keys() if k != _short_key(email)]
    keys = [_short_key(email), *keys][:DEVICE_COOKIE_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(keys),
        max_age=_max_age(),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response
