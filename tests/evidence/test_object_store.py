"""The object store interface, on each backend (the autouse fixture in tests/evidence/conftest.py)."""

import hashlib
import io
import time

import pytest
from sqlalchemy import func, select

from incidents.evidence import database_store
from incidents.evidence.database_store import StoredObject, TooLarge
from incidents.evidence.models import Evidence
from incidents.evidence.objects import DamagedObject, hash_of
from incidents.evidence.storage import object_store, store_stream
from incidents.extensions import db
from tests.evidence.helpers import tamper, upload
from tests.helpers import backdate_stored, pdf_bytes, png_bytes, stored_bytes


def test_put_stores_under_the_hash_once_and_open_reads_it_back(app):
    store = object_store()
    content = b"write once, read many"
    sha = store.put(io.BytesIO(content))
    assert sha == hashlib.sha256(content).hexdigest()
    assert store.put(io.BytesIO(content)) == sha  # the same bytes again: still one object
    assert list(store.hashes()) == [sha] and store.exists(sha)
    with store.open(sha) as stream:
        assert stream.read() == content


def test_reading_damaged_bytes_to_the_end_raises_with_what_they_hash_to(app):
    store = object_store()
    sha = store.put(io.BytesIO(b"the original"))
    tamper(sha, b"not the original")
    with store.open(sha) as stream, pytest.raises(DamagedObject) as raised:
        hash_of(stream)
    assert raised.value.sha256 == sha and raised.value.actual == hashlib.sha256(b"not the original").hexdigest()


def test_absent_and_malformed_hashes_are_not_found(app):
    store = object_store()
    for name in ("0" * 64, "../../etc/passwd", ""):
        with pytest.raises(FileNotFoundError):
            store.open(name)
        assert not store.exists(name) and store.stored_at(name) is None


def test_delete_removes_once_and_hashes_are_sorted(app):
    store = object_store()
    shas = [store.put(io.BytesIO(bytes([n]) * 10)) for n in range(3)]
    assert list(store.hashes()) == sorted(shas)
    assert store.delete(shas[0]) and not store.delete(shas[0])
    db.session.commit()
    assert list(store.hashes()) == sorted(shas[1:]) and not store.exists(shas[0])


def test_putting_the_same_bytes_again_counts_as_stored_now(app):
    store = object_store()
    sha = store.put(io.BytesIO(b"again"))
    db.session.commit()
    backdate_stored(sha)
    assert store.stored_at(sha) < time.time() - 3600
    store.put(io.BytesIO(b"again"))
    assert store.stored_at(sha) > time.time() - 60


def test_a_refused_upload_stores_nothing(app):
    with pytest.raises(ValueError):
        store_stream(io.BytesIO(b"MZ not a picture"), 10 * 1024 * 1024)
    assert list(object_store().hashes()) == []


def test_a_damaged_file_is_not_served_complete(client, login, world):
    login(world.mentor)
    assert upload(client, world.case.id, files=[(png_bytes(), "scherm.png")]).status_code == 302
    item = db.session.scalars(select(Evidence).where(Evidence.kind == "file")).one()
    tamper(item.sha256, b"changed behind our back")
    with pytest.raises(DamagedObject):  # the stream ends in an error instead of completing
        client.get(f"/evidence/{item.id}/download").get_data()


def test_the_setting_chooses_the_backend(app, storage_backend, configure):
    assert type(object_store()).__name__ == {"local": "LocalStore", "database": "DatabaseStore"}[storage_backend]
    configure(STORAGE_BACKEND="s3")
    with pytest.raises(RuntimeError, match="unknown STORAGE_BACKEND"):
        object_store()


def test_the_database_store_keeps_the_bytes_in_the_request_transaction(app, configure, storage_backend):
    if storage_backend != "database":
        pytest.skip("only the database store is transactional")
    stored = store_stream(io.BytesIO(pdf_bytes()), 10 * 1024 * 1024)
    assert stored_bytes(stored.sha256) == pdf_bytes()
    db.session.rollback()  # the request failed: its upload goes with it, no orphan left behind
    assert db.session.scalar(select(func.count()).select_from(StoredObject)) == 0


def test_the_database_store_refuses_an_object_over_its_row_limit(app, storage_backend, monkeypatch):
    if storage_backend != "database":
        pytest.skip("the row limit is the database store's")
    monkeypatch.setattr(database_store, "MAX_OBJECT_BYTES", 1000)
    with pytest.raises(TooLarge):
        object_store().put(io.BytesIO(b"x" * 1001))
