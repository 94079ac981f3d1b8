"""Which forwarded headers to believe: werkzeug's ProxyFix, for as many proxies as configured.

With TRUSTED_PROXIES = 0 (the default) X-Forwarded-For/-Proto/-Host are ignored and
`request.remote_addr` is the peer's own address, so a client cannot pose as another address.
Behind N proxies that each append to those headers, set it to N. The setting is read per
request (a ProxyFix per count, made once), so a test can change it on the shared app.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

if TYPE_CHECKING:
    # typeshed's WSGI protocols exist only for the type checker
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class TrustedProxies:
    def __init__(self, config: Mapping[str, Any], wsgi_app: "WSGIApplication") -> None:
        self._config = config
        self._wsgi_app = wsgi_app
        self._fixes: dict[int, ProxyFix] = {}

    def __call__(self, environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        count = int(self._config.get("TRUSTED_PROXIES", 0))
        if count <= 0:
            return self._wsgi_app(environ, start_response)
        if count not in self._fixes:
            self._fixes[count] = ProxyFix(self._wsgi_app, x_for=count, x_proto=count, x_host=count)
        return self._fixes[count](environ, start_response)


def trust_proxies(app: Flask) -> None:
    """Wrap the app's WSGI callable (once, in the app factory)."""
    app.wsgi_app = TrustedProxies(app.config, app.wsgi_app)  # type: ignore[method-assign]
