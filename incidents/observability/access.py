"""Who may read /metrics: a scraper with the bearer token, or without a token set, this host only.

Without MELDPUNT_METRICS_TOKEN only a request from 127.0.0.1 or ::1 that came through no proxy
is answered (others get 404): nginx on the same host connects from 127.0.0.1 too, but it always
sets X-Forwarded-For, and the peer is read before ProxyFix rewrites it.
"""

import hmac
from typing import Any

LOOPBACK = frozenset({"127.0.0.1", "::1"})
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def peer_address(environ: dict[str, Any]) -> str | None:
    """The address of the connection itself, before ProxyFix replaced it."""
    original = environ.get("werkzeug.proxy_fix.orig") or {}
    address = original.get("REMOTE_ADDR") or environ.get("REMOTE_ADDR")
    return str(address) if address else None


def is_local_unproxied(environ: dict[str, Any]) -> bool:
    if any(environ.get(header) for header in FORWARDED_HEADERS):
        return False
    return peer_address(environ) in LOOPBACK


def has_token(authorization: str | None, token: str) -> bool:
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
