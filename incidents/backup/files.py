"""Copying the object store (whatever its backend) into and out of a backup.

In the backup the objects are files at storage/ab/cd/<sha256>, for both backends, so a backup
of one backend restores into the other. Every object is hashed while it is copied: one whose
bytes do not match its name is never restored under that name, and one damaged in the store is
named in the manifest instead.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from incidents.evidence.local_store import LocalStore, path_in
from incidents.evidence.objects import CHUNK, DamagedObject, ObjectStore, Readable


def is_empty(store: ObjectStore) -> bool:
    """Nothing stored (for the local store: no file anywhere under its root, empty directories
    left by a failed restore do not count)."""
    if isinstance(store, LocalStore):
        return not store.root.exists() or not any(path.is_file() for path in store.root.rglob("*"))
    return next(iter(store.hashes()), None) is None


def _write_verified(source: Readable, target_root: Path, sha256: str) -> int | None:
    """Write `source` to its place under `target_root`, read-only; its size, or None (nothing
    written) when its bytes do not hash to `sha256`."""
    target = path_in(target_root, sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    try:
        with os.fdopen(fd, "wb") as tmp:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                tmp.write(chunk)
            tmp.flush()
            os.fsync(tmp.fileno())
        if digest.hexdigest() != sha256:
            os.unlink(tmp_name)
            return None
        os.chmod(tmp_name, 0o440)
        os.replace(tmp_name, target)
        return size
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def back_up_store(store: ObjectStore, target_root: Path) -> tuple[dict[str, int], list[str]]:
    """Copy every stored object; ({sha256: size} copied, [sha256 of damaged objects])."""
    copied: dict[str, int] = {}
    damaged: list[str] = []
    for sha256 in list(store.hashes()):
        try:
            with store.open(sha256) as stream:
                size = _write_verified(stream, target_root, sha256)
        except DamagedObject:
            size = None
        except FileNotFoundError:  # removed since it was listed (retention): not part of the backup
            continue
        if size is None:
            damaged.append(sha256)
        else:
            copied[sha256] = size
    return copied, damaged


def _file_matches(path: Path, sha256: str, size: int) -> bool:
    if not path.is_file() or path.stat().st_size != size:
        return False
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def damaged_in_backup(source_root: Path, expected: dict[str, int]) -> list[str]:
    """The sha256 of each backed-up object missing or not matching its hash and size in the manifest."""
    return [
        sha256
        for sha256, size in sorted(expected.items())
        if not _file_matches(path_in(source_root, sha256), sha256, size)
    ]


def restore_store(source_root: Path, store: ObjectStore, expected: dict[str, int]) -> list[str]:
    """Put the backup's objects into the (empty) store; the sha256 of each one missing or not
    matching its hash and size in the manifest. On any problem the objects put are removed
    again, so the store is left empty for the next attempt."""
    problems, written = [], []
    for sha256, size in sorted(expected.items()):
        source = path_in(source_root, sha256)
        if not _file_matches(source, sha256, size):
            problems.append(sha256)
            continue
        with open(source, "rb") as stream:
            written.append(store.put(stream))
    if problems:
        for sha256 in written:
            store.delete(sha256)
    return problems
