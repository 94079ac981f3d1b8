"""One log line and the metrics of every request, and its id on the answer.

The line names the route by its endpoint and URL rule ("cases.show", "/cases/<int:case_id>"),
never the path: paths hold record ids and link tokens, query strings search terms.
"""

import logging
import time

from flask import Flask, Response, g, request
from flask_login import current_user
from sqlalchemy import inspect as sa_inspect

from incidents.observability.metrics import record_request
from incidents.observability.request_ids import request_id_from

log = logging.getLogger("incidents.requests")


def begin_request() -> None:
    g.request_id = request_id_from(request.headers.get("X-Request-ID"))
    g.request_started = time.perf_counter()


def _primary_key(record: object) -> int | None:
    """The id of a mapped row without loading it: after the request's commit the row is expired,
    and reading `.id` would cost a query per request."""
    state = sa_inspect(record, raiseerr=False)
    identity = getattr(state, "identity", None)
    return int(identity[0]) if identity else None


def _signed_in_user_id() -> int | None:
    return _primary_key(current_user._get_current_object())  # an anonymous user is no row: None


def finish_request(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    request_id = g.get("request_id") or request_id_from(None)
    response.headers["X-Request-ID"] = request_id
    record_request(request.endpoint, response.status_code, seconds)
    fields = {
        "method": request.method,
        "endpoint": request.endpoint,
        "route": request.url_rule.rule if request.url_rule is not None else None,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "user_id": _signed_in_user_id(),
        "school_id": _primary_key(g.get("school")),
    }
    log.info("request", extra={"fields": fields})
    return response


def install_request_log(app: Flask) -> None:
    """Register first: `begin` runs before the other hooks, `finish` after them (after the commit)."""
    app.before_request(begin_request)
    app.after_request(finish_request)
