"""The request log never holds a parent's notice link."""

import logging

from incidents.core.logs import RedactNoticeLinks, redact


def test_notice_tokens_are_redacted_in_werkzeug_request_lines(app, caplog, monkeypatch):
    token = "eyJyIjoxLCJuIjoiYWJjIn0.ZzYx.c2lnbmF0dXJl"
    logger = logging.getLogger("werkzeug")
    assert any(isinstance(f, RedactNoticeLinks) for f in logger.filters)
    # Running the migrations in this process (the test setup) disables existing loggers.
    monkeypatch.setattr(logger, "disabled", False)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        # The shape werkzeug's request handler logs: '%s - - [%s] %s' with the request line.
        logger.info("%s - - [%s] %s", "127.0.0.1", "21/Nov/2026 09:00:00", f'"GET /n/{token} HTTP/1.1" 200 -')
    assert token not in caplog.text
    assert "/n/[redacted]" in caplog.text


def test_other_paths_are_left_alone():
    assert redact('"GET /cases/12 HTTP/1.1" 200') == '"GET /cases/12 HTTP/1.1" 200'
    assert redact('"POST /n/abc.def?x=1 HTTP/1.1"') == '"POST /n/[redacted]?x=1 HTTP/1.1"'
