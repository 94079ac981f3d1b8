"""The app's Flask-Limiter and the named limits routes apply.

Storage is the setting `MELDPUNT_LIMITER_STORAGE` (config `RATELIMIT_STORAGE_URI`): `memory://`
for one process (`make run`), `redis://host:6379/N` when several web processes must share the
counts. Keys are the client address as the trusted proxies report it (`request.remote_addr`
after ProxyFix, incidents/core/proxies.py), never a name or e-mail in clear.

Apply a limit by decorating the view, below the route and policy decorators::

    @bp.route("/totp", methods=["GET", "POST"])
    @public
    @failed_code_attempts
    def verify_code(): ...

`failed_code_attempts` counts only answers that refused the code (status 200 on a POST, the form
shown again), like the login's `failed_logins` (made with `failures_per_address`); a success costs
nothing, so a shared school address is not blocked by its own users. The values are settings
(`LIMIT_*` in config.py), read per request. A route that answers a refused code otherwise (a
redirect, a 400) passes its own `deduct_when` to `limiter.limit`.
"""

import logging
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter, RouteLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

log = logging.getLogger(__name__)
limiter = Limiter(key_func=get_remote_address)


def _setting(name: str) -> Callable[[], str]:
    def value() -> str:
        return str(current_app.config[name])

    return value


def refused_form(response: Response) -> bool:
    """A POST answered with the form again: a wrong password or code (a success redirects)."""
    return request.method == "POST" and response.status_code == 200


def retry_after_seconds() -> int:
    """Whole seconds until the window of the limit this request breached ends (at least 1)."""
    limit = limiter.current_limit
    return max(1, int(limit.reset_at - time.time())) if limit is not None else 60


def _signed_in_account() -> str:
    return f"user:{current_user.get_id()}"


def failures_per_address(setting: str, scope: str, exempt_when: Callable[[], bool] | None = None) -> RouteLimit:
    """A limit on refused POSTs per client address; successes of other accounts do not count."""
    return limiter.limit(
        _setting(setting), methods=["POST"], deduct_when=refused_form, scope=scope, exempt_when=exempt_when
    )


# Login: `failed_logins` in incidents/auth/views.py, this rule sparing browsers that signed in before.
# Second-factor codes (the TOTP route): the same rule as the password.
failed_code_attempts = failures_per_address("LIMIT_CODE_FAILURES_PER_IP", "code-failures")
# The same per account (a stolen password from many addresses): refused codes of the signed-in user.
failed_code_attempts_per_account = limiter.limit(
    _setting("LIMIT_CODE_FAILURES_PER_ACCOUNT"),
    methods=["POST"],
    deduct_when=refused_form,
    scope="code-failures-account",
    key_func=_signed_in_account,
)
# Reset requests send mail: every POST counts.
reset_requests = limiter.limit(_setting("LIMIT_RESET_REQUESTS_PER_IP"), methods=["POST"], scope="reset-requests")
# Links with a token in the path (/reset/, /invitation/, /n/): every request counts, against guessing.
token_links = limiter.limit(_setting("LIMIT_TOKEN_LINKS_PER_IP"), scope="token-links")
# Person search: typed a letter at a time, so a generous limit against harvesting the roster.
person_search = limiter.limit(_setting("LIMIT_PERSON_SEARCH_PER_IP"), scope="person-search")


def claim(name: str, seconds: int = 30) -> bool:
    """True when no other request (in any process sharing the storage) holds `name`, which this
    request then holds until it ends, after its commit (or for `seconds` at most): an atomic
    increment in the limiter storage. Conditional limits test before the view and count after
    it, so parallel requests all pass them; this serialises the costly part (a password hash)
    per account instead."""
    if not limiter.enabled:
        return True
    key = f"{current_app.config.get('RATELIMIT_KEY_PREFIX', '')}/claim/{name}"
    try:
        if limiter.storage.incr(key, seconds) != 1:
            return False
    except Exception:  # any storage client's error (Redis down): sign-ins go on, unserialised
        log.warning("limiter storage unreachable: no claim taken")
        return True
    g.setdefault("limit_claims", []).append(key)
    return True


def release_claims(_error: BaseException | None = None) -> None:
    """Teardown: give up this request's claims (they expire by themselves if the storage is gone)."""
    for key in g.pop("limit_claims", []):
        try:
            limiter.storage.clear(key)
        except Exception:  # as in claim()
            log.warning("limiter storage unreachable: claim left to expire")


def init_limits(app: Flask) -> None:
    limiter.init_app(app)  # storage: RATELIMIT_STORAGE_URI (MELDPUNT_LIMITER_STORAGE)
    app.teardown_request(release_claims)
