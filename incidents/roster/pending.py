"""An uploaded roster kept between preview and confirm.

The file lies under STORAGE_ROOT/roster-pending/<random token>.csv, readable by the app
only; the token lives in the signed session, never in a URL. Files are removed after the
import, on cancel, when replaced by a new upload, and after a day at the latest.
"""

import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{40,64}$")


def _dir():
    return Path(current_app.config["STORAGE_ROOT"]) / "roster-pending"


def _path(token):
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return _dir() / f"{token}.csv"


def sweep():
    """Remove uploads nobody confirmed or cancelled."""
    directory = _dir()
    if not directory.is_dir():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for path in directory.glob("*.csv"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass


def save(stream):
    sweep()
    directory = _dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := stream.read(64 * 1024):
            out.write(chunk)
    return token


def read(token):
    path = _path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def discard(token):
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def remover(token):
    """A callable that removes the file later, when no app context may be left."""
    path = _path(token)
    return lambda: path.unlink(missing_ok=True) if path is not None else None
