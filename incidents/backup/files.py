"""Copying the content-addressed file store (ROOT/ab/cd/<sha256>) into and out of a backup.

Every file is hashed while it is copied: a file whose bytes do not match its name is never
restored under that name, and one damaged in the store is named in the manifest instead.
"""

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from incidents.evidence.storage import CHUNK, path_for

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def stored_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(sha256, path) of every stored file under `root`; upload temporaries are skipped."""
    if not root.is_dir():
        return
    for path in sorted(root.glob("??/??/*")):
        name = path.name
        if (
            path.is_file()
            and _SHA256.match(name)
            and path.parent.name == name[2:4]
            and path.parent.parent.name == name[:2]
        ):
            yield name, path


def is_empty(root: Path) -> bool:
    """No file anywhere under `root` (empty directories left by a failed restore do not count)."""
    return not root.exists() or not any(path.is_file() for path in root.rglob("*"))


def copy_verified(source: Path, target_root: Path, sha256: str) -> int | None:
    """Copy `source` to its place under `target_root`, read-only; its size, or None (nothing
    written) when its bytes do not hash to `sha256`."""
    target = path_for(sha256, target_root)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    try:
        with os.fdopen(fd, "wb") as tmp, open(source, "rb") as src:
            while chunk := src.read(CHUNK):
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


def back_up_store(root: Path, target_root: Path) -> tuple[dict[str, int], list[str]]:
    """Copy every stored file; ({sha256: size} copied, [sha256 of damaged files])."""
    copied: dict[str, int] = {}
    damaged: list[str] = []
    for sha256, path in stored_files(root):
        size = copy_verified(path, target_root, sha256)
        if size is None:
            damaged.append(sha256)
        else:
            copied[sha256] = size
    return copied, damaged


def restore_store(source_root: Path, root: Path, expected: dict[str, int]) -> list[str]:
    """Copy the backup's files into the (empty) store; the sha256 of each one missing or not
    matching its hash and size in the manifest. On any problem the files written are removed
    again, so the store is left empty for the next attempt."""
    problems, written = [], []
    for sha256, size in sorted(expected.items()):
        source = path_for(sha256, source_root)
        copied = copy_verified(source, root, sha256) if source.is_file() else None
        if copied is not None:
            written.append(path_for(sha256, root))
        if copied != size:
            problems.append(sha256)
    if problems:
        for path in written:
            path.unlink()
    return problems
