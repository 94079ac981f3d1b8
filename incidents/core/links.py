"""Absolute links for e-mails and PDFs, built from PUBLIC_URL and never from the request.

`url_for(..., _external=True)` takes the scheme and host from the request, and the Host header
(or X-Forwarded-Host behind a trusted proxy) is whatever the client sent: a forged one would
put the attacker's address, with a parent's notice token or a reset token in it, into a real
school e-mail. `public_url_for` builds the same URL on the configured PUBLIC_URL instead, in a
request, a scheduler job or a shell command alike.
"""

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def public_url_for(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` (a full endpoint name) on the site's PUBLIC_URL."""
    public_url = current_app.config.get("PUBLIC_URL")
    if not public_url:
        raise RuntimeError("PUBLIC_URL is not set: no link can be made for an e-mail or PDF")
    base = urlsplit(public_url)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
