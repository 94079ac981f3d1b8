"""The app's log lines on stdout: JSON in production (MELDPUNT_LOG_FORMAT=json), text in development.

Every record that reaches the root logger (the app's own loggers, Flask's, werkzeug's dev server)
is written by one handler, with the id of the request it belongs to. Messages and tracebacks
pass through `redact` (incidents/core/logs.py), since Flask's "Exception on <path>" names the path.
Structured fields go in `extra={"fields": {...}}`; they must never hold personal data.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context

from incidents.core.logs import redact

HANDLER_NAME = "meldpunt-stdout"
FORMATS = ("json", "text")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being answered (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(_fields(record))
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The same content for a person at a terminal: fields as key=value after the message."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or "-"
        fields = " ".join(f"{key}={value}" for key, value in _fields(record).items())
        line = f"{_time(record)} {record.levelname} {record.name} [{request_id}] {redact(record.getMessage())}"
        if fields:
            line += " " + fields
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


def make_formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter()
    if log_format == "text":
        return TextFormatter()
    raise ValueError(f"MELDPUNT_LOG_FORMAT must be one of {', '.join(FORMATS)} (now {log_format!r})")


def install_logging(log_format: str, level: str) -> logging.Handler:
    """Put the stdout handler on the root logger, replacing one an earlier app put there."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stdout)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(make_formatter(log_format))
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
