"""The id of one request: taken from the proxy's X-Request-ID when it is a safe short token, else new.

nginx sends its own `$request_id` (32 hex digits), so its access log and the app's lines of one
request share the id. Anything else a client sends there (a notice token, an e-mail address, a
long string) is replaced: the id is written to every log line and shown on error pages.
"""

import re
import secrets

# Letters, digits and dashes only: no dots (signed tokens have them), no @, no spaces.
_SAFE = re.compile(r"[A-Za-z0-9-]{8,64}")


def is_safe(candidate: str) -> bool:
    return _SAFE.fullmatch(candidate) is not None


def request_id_from(incoming: str | None) -> str:
    """`incoming` when it is a safe token, else a fresh random one."""
    if incoming and is_safe(incoming):
        return incoming
    return secrets.token_hex(16)
