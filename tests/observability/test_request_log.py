"""Issue 14, point 6: one JSON line per request with its id, user, school, route, status and
duration, and never a name, e-mail address, search term or token; the id on the answer and on
error pages; the app's other records in the same form."""

import io
import json
import logging

import pytest

from incidents.observability.log_format import install_logging, make_formatter
from incidents.observability.request_ids import request_id_from

TOKEN = "eyJyIjoxLCJuIjoiZ2VoZWltIn0.ZzYxQg.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ"


@pytest.fixture
def json_log(app, monkeypatch):
    """The app's stdout handler in JSON, writing to a buffer; returns a reader of its lines."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", root.level)  # restored after the test
    handler = install_logging("json", "INFO")
    stream = io.StringIO()
    handler.setStream(stream)
    # Running the migrations in this process (the test setup) disables existing loggers.
    for name in ("incidents.requests", "incidents.outbox.delivery", app.logger.name):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    yield lambda: (stream.getvalue(), [json.loads(line) for line in stream.getvalue().splitlines()])
    root.removeHandler(handler)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "incidents.requests"]


def test_a_request_line_has_the_fields_and_its_id(world, client, login, json_log):
    login(world.mentor)
    response = client.get(f"/cases/{world.case.id}")
    assert response.status_code == 200
    _text, lines = json_log()
    line = request_lines(lines)[-1]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["endpoint"] == "cases.show"
    assert line["route"] == "/cases/<int:case_id>"
    assert line["status"] == 200
    assert line["user_id"] == world.mentor.id
    assert line["school_id"] == world.school.id
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_signed_out_request_has_no_user_or_school(app, client, json_log):
    client.get("/healthz")
    line = request_lines(json_log()[1])[-1]
    assert (line["endpoint"], line["user_id"], line["school_id"], line["status"]) == ("health.healthz", None, None, 200)


def test_no_names_addresses_search_terms_or_tokens_in_the_log(world, client, json_log):
    client.post("/login", data={"email": world.mentor.email, "password": "wrong password"})
    client.post("/login", data={"email": world.mentor.email, "password": "correct horse battery staple"})
    from tests.helpers import sign_in

    sign_in(client, world.mentor)
    found = client.post("/people/search", json={"q": "femke"})
    assert found.status_code == 200 and found.get_json()  # the search did find her
    client.get(f"/n/{TOKEN}")
    client.get(f"/n/{TOKEN}?x=1", headers={"Referer": f"http://localhost/n/{TOKEN}"})
    client.get(f"/cases/{world.case.id}")  # a page showing names
    text, lines = json_log()
    assert len(request_lines(lines)) >= 6
    for secret in (world.mentor.email, "example.org", "femke", "Femke", "de Vries", "Mentor Mies", TOKEN, "horse"):
        assert secret not in text, secret
    routes = {line["route"] for line in request_lines(lines)}
    assert {"/login", "/people/search", "/n/<token>", "/cases/<int:case_id>"} <= routes


def test_the_apps_own_records_carry_the_request_id(app, json_log):
    with app.test_request_context("/"):
        from flask import g

        g.request_id = "abc123def456"
        logging.getLogger("incidents.outbox.delivery").warning("smtp refused %s", "/n/" + TOKEN)
    _text, lines = json_log()
    assert lines[-1]["request_id"] == "abc123def456"
    assert lines[-1]["logger"] == "incidents.outbox.delivery"
    assert lines[-1]["message"] == "smtp refused /n/[redacted]"


def test_a_safe_incoming_request_id_is_kept_and_others_replaced(app, client):
    assert client.get("/healthz", headers={"X-Request-ID": "0f3a9c2e7b1d4e5f"}).headers["X-Request-ID"] == (
        "0f3a9c2e7b1d4e5f"
    )
    for unsafe in ("ouder@example.org", TOKEN, "x" * 65, "short", "a b c d e f g h", "id;drop"):
        given = client.get("/healthz", headers={"X-Request-ID": unsafe}).headers["X-Request-ID"]
        assert given != unsafe and len(given) == 32, unsafe
    first, second = (client.get("/healthz").headers["X-Request-ID"] for _ in range(2))
    assert first != second


def test_the_error_page_shows_the_request_id(world, client, login):
    login(world.mentor)
    response = client.get(f"/cases/{world.other_case.id}", headers={"X-Request-ID": "nginx-4f2a9d1c"})
    assert response.status_code in (403, 404)
    assert response.headers["X-Request-ID"] == "nginx-4f2a9d1c"
    assert "nginx-4f2a9d1c" in response.get_data(as_text=True)
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["X-Request-ID"] in missing.get_data(as_text=True)


def test_text_format_for_development():
    record = logging.LogRecord("incidents.requests", logging.INFO, __file__, 1, "request", None, None)
    record.request_id = "abc123def456"
    record.fields = {"endpoint": "cases.show", "status": 200}
    line = make_formatter("text").format(record)
    assert "[abc123def456] request endpoint=cases.show status=200" in line
    with pytest.raises(ValueError):
        make_formatter("xml")


def test_production_logs_json_by_default():
    import os

    import config

    assert config.ProductionConfig.LOG_FORMAT == os.environ.get("MELDPUNT_LOG_FORMAT", "json")
    assert config.DevelopmentConfig.LOG_FORMAT == os.environ.get("MELDPUNT_LOG_FORMAT", "text")


def test_generated_ids_are_random():
    assert request_id_from(None) != request_id_from(None)


def test_a_server_error_logs_the_traceback_with_the_request_id_and_shows_it(
    app, client, configure, json_log, monkeypatch
):
    configure(PROPAGATE_EXCEPTIONS=False)  # as in production: the 500 page instead of the exception

    def broken():
        raise RuntimeError("database went away")

    monkeypatch.setitem(app.view_functions, "health.healthz", broken)
    response = client.get("/healthz", headers={"X-Request-ID": "incident-20261202"})
    assert response.status_code == 500
    assert "incident-20261202" in response.get_data(as_text=True)
    _text, lines = json_log()
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == "incident-20261202"
    assert "RuntimeError: database went away" in error["exception"]
    request_line = request_lines(lines)[-1]
    assert (request_line["status"], request_line["request_id"]) == (500, "incident-20261202")
