"""GET /metrics in Prometheus' text format (README "Monitoring")."""

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from incidents.auth.policy import public
from incidents.observability.access import has_token, is_local_unproxied
from incidents.observability.database_metrics import DatabaseCollector
from incidents.observability.metrics import add_request_metrics

bp = Blueprint("observability", __name__)


@bp.route("/metrics")
@public  # a scraper, not a user: the token or the local-address rule (access.py) decides
def metrics() -> Response:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        if not has_token(request.headers.get("Authorization"), token):
            return Response("", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'})
    elif not is_local_unproxied(request.environ):
        abort(404)
    registry = CollectorRegistry(auto_describe=False)
    add_request_metrics(registry)
    registry.register(DatabaseCollector())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
