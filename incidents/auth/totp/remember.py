"""The "remember this browser" cookie: a random token, signed with the app's key and tied to the
account; the server keeps its hash (RememberedBrowser) and forgets it with the account's sessions."""

from datetime import datetime

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from incidents.auth.models import User
from incidents.auth.totp.operations import REMEMBER_FOR, is_remembered

COOKIE = "meldpunt_browser"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="remembered-browser")


def set_cookie(response: Response, user: User, token: str) -> None:
    response.set_cookie(
        COOKIE,
        _serializer().dumps({"user": user.id, "token": token}),
        max_age=int(REMEMBER_FOR.total_seconds()),
        httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        samesite="Lax",
    )


def remembers(user: User, now: datetime) -> bool:
    """This browser's cookie is a valid, unexpired, not forgotten token of `user`."""
    value = request.cookies.get(COOKIE)
    if not value:
        return False
    try:
        data = _serializer().loads(value, max_age=int(REMEMBER_FOR.total_seconds()))
    except BadSignature:
        return False
    if not isinstance(data, dict) or data.get("user") != user.id or not isinstance(data.get("token"), str):
        return False
    return is_remembered(user, data["token"], now)
