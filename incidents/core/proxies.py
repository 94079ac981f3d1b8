"""Which forwarded headers to believe: werkzeug's ProxyFix, for as many proxies as configured.

PROXY_FIX_X_FOR, PROXY_FIX_X_PROTO and PROXY_FIX_X_HOST say, each for its header, how many
proxies in front of the app set X-Forwarded-For, -Proto and -Host; TRUSTED_PROXIES is the
shorthand for all three (a setting left at None follows it). 0, the default, ignores the
header: `request.remote_addr` is then the peer's own address, so a client cannot pose as
another address. Behind one nginx that sets all three: TRUSTED_PROXIES = 1. The settings are
read per request (a ProxyFix per combination, made once), so a test can change them on the
shared app.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

if TYPE_CHECKING:
    # typeshed's WSGI protocols exist only for the type checker
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

HEADERS = ("PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO", "PROXY_FIX_X_HOST")


def _count(config: Mapping[str, Any], name: str) -> int:
    own = config.get(name)
    return max(int(config.get("TRUSTED_PROXIES") or 0 if own is None else own), 0)


def forwarded_counts(config: Mapping[str, Any]) -> tuple[int, int, int]:
    """(x_for, x_proto, x_host) for ProxyFix: each header's own setting, else TRUSTED_PROXIES."""
    return _count(config, HEADERS[0]), _count(config, HEADERS[1]), _count(config, HEADERS[2])


class TrustedProxies:
    def __init__(self, config: Mapping[str, Any], wsgi_app: "WSGIApplication") -> None:
        self._config = config
        self._wsgi_app = wsgi_app
        self._fixes: dict[tuple[int, int, int], ProxyFix] = {}

    def __call__(self, environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        counts = forwarded_counts(self._config)
        if not any(counts):
            return self._wsgi_app(environ, start_response)
        if counts not in self._fixes:
            x_for, x_proto, x_host = counts
            self._fixes[counts] = ProxyFix(self._wsgi_app, x_for=x_for, x_proto=x_proto, x_host=x_host)
        return self._fixes[counts](environ, start_response)


def trust_proxies(app: Flask) -> None:
    """Wrap the app's WSGI callable (once, in the app factory)."""
    app.wsgi_app = TrustedProxies(app.config, app.wsgi_app)  # type: ignore[method-assign]
