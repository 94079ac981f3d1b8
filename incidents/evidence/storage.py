"""Write-once, content-addressed file storage outside static/.

Files live at ROOT/ab/cd/<sha256>; the name is the hash, never the user's file name,
so a path from the outside can never be joined in.
"""

import hashlib
import os
import re
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from flask import abort, current_app

ALLOWED_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "video/mp4",
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024


class RefusedFile(ValueError):
    """The file's bytes are not of a type we accept."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    content_type: str


def storage_root() -> Path:
    return Path(current_app.config["STORAGE_ROOT"])


def path_for(sha256: str | None, root: str | os.PathLike[str] | None = None) -> Path:
    if sha256 is None or not _SHA256.match(sha256):
        raise FileNotFoundError("not a content hash")
    root = Path(root) if root else storage_root()
    return root / sha256[:2] / sha256[2:4] / sha256


def store_stream(stream: IO[bytes], max_bytes: int, allowed: Collection[str] = ALLOWED_TYPES) -> StoredFile:
    """Hash and store an upload; 413 when over `max_bytes`, RefusedFile for a wrong type."""
    root = storage_root()
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as tmp:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    abort(413)
                if len(head) < 262:
                    head += chunk[: 262 - len(head)]
                digest.update(chunk)
                tmp.write(chunk)
        kind = filetype.guess(head)
        content_type: str | None = kind.mime if kind else None
        if size == 0 or content_type is None or content_type not in allowed:
            raise RefusedFile(content_type or "unknown")
        sha256 = digest.hexdigest()
        target = path_for(sha256, root)
        try:
            # Same bytes already stored: keep the original, but mark it as just stored, so
            # retention's orphan sweep (which spares young files) cannot remove it before
            # this upload's row is committed.
            os.utime(target)
            os.unlink(tmp_name)
        except FileNotFoundError:  # new bytes (or removed a moment ago): store ours
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp_name, 0o440)
            os.replace(tmp_name, target)
        return StoredFile(sha256=sha256, size=size, content_type=content_type)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def hash_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
