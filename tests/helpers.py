"""Helpers shared by the tests: headers, sign-in, redirects, counting rows, and real files
made in memory for upload tests. Fixtures live in tests/conftest.py."""

import io
import os
import re
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from PIL import Image
from sqlalchemy import event, func, select, update

from incidents.auth.totp import codes, crypto
from incidents.auth.totp.requirement import credential_of
from incidents.core import clock
from incidents.evidence.database_store import DatabaseStore, StoredObject
from incidents.evidence.storage import object_store, path_for
from incidents.extensions import db

EN = {"Accept-Language": "en"}  # ask for the English pages (Dutch is the default)
TEST_PASSWORD = "correct horse battery staple"  # every user made by `make_user`
FROZEN_NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # where `frozen_clock` starts
TODAY = FROZEN_NOW.date()  # the frozen clock's day, a Monday


# --- the browser ------------------------------------------------------------------


def sign_in(client, user, password=TEST_PASSWORD):
    """Sign out whoever is signed in, then sign `user` in; returns the client.

    A user who has a second factor (see `enrol_second_factor`) also gives a code, so suites that
    turn the second factor on sign in as usual. A user who must enrol but has not is left on the
    enrolment page (tests/auth/test_totp_required.py)."""
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, "login failed"
    if response.headers["Location"].startswith("/second-factor?") or response.headers["Location"] == "/second-factor":
        give_second_factor(client, user)
    return client


def current_code(user, offset=0):
    """The TOTP code of `user` now (by the app's clock), `offset` steps away."""
    credential = credential_of(user.id)
    return codes.code_at(crypto.decrypt(credential.secret_encrypted), clock.utc_now(), offset)


def give_second_factor(client, user, path="/second-factor"):
    """Post a valid code. The replay mark is cleared first: with a frozen clock, a test signs the
    same user in twice within one 30-second step (replay itself: tests/auth/test_totp.py)."""
    credential_of(user.id).last_used_step = None
    db.session.commit()
    response = client.post(path, data={"code": current_code(user)})
    assert response.status_code == 302, "second factor refused"
    return response


def follow(client, response):
    """Follow one redirect by hand (IsolatedClient cannot follow_redirects: the nested
    request runs outside the test's app context)."""
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"], headers=EN)


def button(page, event):
    """'enabled', 'disabled' or None (no button) for the workflow step `event` on a page."""
    match = re.search(rf'<button type="submit" data-event="{event}"\s*(disabled)?\s*>', page)
    if match is None:
        return None
    return "disabled" if match.group(1) else "enabled"


# --- the database -----------------------------------------------------------------


def count(model, *where):
    """How many rows of `model` (matching `where`) the database holds."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def exists(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_) is not None


@contextmanager
def count_statements():
    """Collect the SQL statements run inside the block (for the no-N+1 tests)."""
    statements = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before_cursor_execute)


def statements_for(client, url):
    """GET `url` twice; returns the second response and the statements it ran."""
    client.get(url)  # warm up: first-request work must not count
    with count_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return response, list(statements)


# --- files ------------------------------------------------------------------------


def upload(content, name):
    """A file field for a multipart form post."""
    return (io.BytesIO(content), name)


def png_bytes(color=(200, 30, 30), size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), (10, 120, 10)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def windows_executable_bytes():
    # A PE header: what a renamed .exe really starts with.
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


# --- the object store, whichever backend the test runs on (`storage_backend` in tests/conftest.py) -------


def stored_bytes(sha256):
    """The stored bytes of `sha256`, read without verification; None when absent."""

    if isinstance(object_store(), DatabaseStore):
        return db.session.scalar(select(StoredObject.content).where(StoredObject.sha256 == sha256))
    path = path_for(sha256)
    return path.read_bytes() if path.is_file() else None


def tamper_stored(sha256, new_bytes=b"changed"):
    """Overwrite the stored bytes of `sha256` behind the store's back (a damaged disk or row)."""

    if isinstance(object_store(), DatabaseStore):
        db.session.execute(update(StoredObject).where(StoredObject.sha256 == sha256).values(content=new_bytes))
        db.session.commit()
        return
    path = path_for(sha256)
    os.chmod(path, 0o640)
    path.write_bytes(new_bytes)


def remove_stored(sha256):

    assert object_store().delete(sha256)
    db.session.commit()


def backdate_stored(sha256, seconds=7200):
    """Make `sha256` look stored `seconds` ago."""

    past = time.time() - seconds
    if isinstance(object_store(), DatabaseStore):
        moment = datetime.fromtimestamp(past, UTC)
        db.session.execute(update(StoredObject).where(StoredObject.sha256 == sha256).values(stored_at=moment))
        db.session.commit()
        return
    os.utime(path_for(sha256), (past, past))
