"""Every route declares who may use it."""

from app import create_app
from config import TestConfig

# Flask's own static file route serves only public assets.
FRAMEWORK_ENDPOINTS = {"static"}
KNOWN_POLICIES = ("public", "signed_in", "roles:")


def test_every_route_declares_an_access_policy():
    app = create_app(TestConfig())
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in FRAMEWORK_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        policy = getattr(view, "access_policy", None)
        if policy is None or not policy.startswith(KNOWN_POLICIES):
            missing.append(f"{rule.rule} ({rule.endpoint})")
    assert not missing, "routes without an access policy: " + ", ".join(missing)


def test_the_walk_detects_an_undeclared_route():
    app = create_app(TestConfig())
    app.add_url_rule("/naked", "naked", lambda: "hi")
    undeclared = [
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.endpoint not in FRAMEWORK_ENDPOINTS and not hasattr(app.view_functions[r.endpoint], "access_policy")
    ]
    assert undeclared == ["naked"]


def test_case_routes_exclude_admins():
    app = create_app(TestConfig())
    for endpoint in ("cases.index", "cases.new", "cases.show", "evidence.download", "people.search"):
        policy = app.view_functions[endpoint].access_policy
        assert policy.startswith("roles:") and "admin" not in policy
