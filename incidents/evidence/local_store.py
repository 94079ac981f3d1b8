"""The object store on the local file system: ROOT/ab/cd/<sha256>, read-only files.

The name is the hash, never the user's file name, so a path from the outside can never be
joined in. Only hosts that share this directory can serve its files.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from incidents.evidence.objects import CHUNK, SHA256, Readable, VerifiedReader, check_hash


def path_in(root: Path, sha256: str | None) -> Path:
    sha = check_hash(sha256)
    return root / sha[:2] / sha[2:4] / sha


class LocalStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, sha256: str | None) -> Path:
        return path_in(self.root, sha256)

    def put(self, stream: Readable) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as tmp:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    tmp.write(chunk)
            sha256 = digest.hexdigest()
            target = self.path(sha256)
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
            return sha256
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise

    def open(self, sha256: str) -> VerifiedReader:
        path = self.path(sha256)
        if not path.is_file():
            raise FileNotFoundError("not stored")
        return VerifiedReader(open(path, "rb"), sha256)

    def exists(self, sha256: str) -> bool:
        try:
            return self.path(sha256).is_file()
        except FileNotFoundError:
            return False

    def stored_at(self, sha256: str) -> float | None:
        try:
            return self.path(sha256).stat().st_mtime
        except FileNotFoundError:
            return None

    def delete(self, sha256: str) -> bool:
        try:
            os.unlink(self.path(sha256))
        except FileNotFoundError:
            return False
        return True

    def hashes(self) -> Iterator[str]:
        """Every stored file's hash; upload temporaries and foreign files are skipped."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            name = path.name
            if SHA256.match(name) and path.is_file() and path == self.path(name):
                yield name
