"""Uploads into the object store, and the store this app is configured with.

STORAGE_BACKEND chooses the store (`objects.ObjectStore`): "local" keeps the files under
STORAGE_ROOT (ROOT/ab/cd/<sha256>), "database" in the `stored_objects` table, which every
web host reaches. Both are content-addressed, write-once and verified when read.
"""

import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import abort, current_app

from incidents.evidence.database_store import DatabaseStore
from incidents.evidence.local_store import LocalStore, path_in
from incidents.evidence.objects import CHUNK, DamagedObject, ObjectStore, Readable, hash_of

__all__ = ["CHUNK", "DamagedObject", "ObjectStore", "object_store", "path_for", "store_stream"]

ALLOWED_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "video/mp4",
}


class RefusedFile(ValueError):
    """The file's bytes are not of a type we accept."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    content_type: str


def storage_root() -> Path:
    return Path(current_app.config["STORAGE_ROOT"])


def object_store() -> ObjectStore:
    backend = current_app.config.get("STORAGE_BACKEND", "local")
    if backend == "database":
        return DatabaseStore()
    if backend == "local":
        return LocalStore(storage_root())
    raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r}: use local or database")


def path_for(sha256: str | None, root: str | os.PathLike[str] | None = None) -> Path:
    """Where the local store keeps `sha256` (under `root`, or STORAGE_ROOT)."""
    return path_in(Path(root) if root else storage_root(), sha256)


def store_stream(stream: Readable, max_bytes: int, allowed: Collection[str] = ALLOWED_TYPES) -> StoredFile:
    """Check and store an upload; 413 when over `max_bytes`, RefusedFile for a wrong type.

    The bytes are spooled first (memory, then a temporary file), so nothing reaches the store
    before the size and type are known to be right.
    """
    size = 0
    head = b""
    with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as spool:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                abort(413)
            if len(head) < 262:
                head += chunk[: 262 - len(head)]
            spool.write(chunk)
        kind = filetype.guess(head)
        content_type: str | None = kind.mime if kind else None
        if size == 0 or content_type is None or content_type not in allowed:
            raise RefusedFile(content_type or "unknown")
        spool.seek(0)
        sha256 = object_store().put(spool)
    return StoredFile(sha256=sha256, size=size, content_type=content_type)


def hash_stored(sha256: str | None) -> str | None:
    """What the stored bytes of `sha256` hash to now; None when absent (or not a hash)."""
    try:
        with object_store().open(sha256 or "") as stream:
            return hash_of(stream)
    except FileNotFoundError:
        return None
    except DamagedObject as damaged:
        return damaged.actual
