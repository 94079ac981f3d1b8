"""The object store interface: content-addressed, write-once bytes, verified when read.

Two backends implement it: the local file system (`local_store`, the embedded default) and a
table in the application's own database (`database_store`), which every web host reaches.
MELDPUNT_STORAGE_BACKEND (config STORAGE_BACKEND) chooses one: "local" or "database".
"""

import hashlib
import io
import re
from collections.abc import Iterator
from typing import Protocol

CHUNK = 64 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
BACKENDS = ("local", "database")


class DamagedObject(OSError):
    """The bytes read do not hash to the name they are stored under."""

    def __init__(self, sha256: str, actual: str) -> None:
        super().__init__(f"stored bytes of {sha256} hash to {actual}")
        self.sha256 = sha256
        self.actual = actual


def check_hash(sha256: str | None) -> str:
    """`sha256` when it is a well-formed content hash; FileNotFoundError otherwise."""
    if sha256 is None or not SHA256.match(sha256):
        raise FileNotFoundError("not a content hash")
    return sha256


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ObjectStore(Protocol):
    def put(self, stream: Readable) -> str:
        """Store the bytes of `stream` under their SHA-256 (returned). Bytes already stored are
        kept as they are, but count as stored just now (see `stored_at`)."""
        ...

    def open(self, sha256: str) -> "VerifiedReader":
        """The stored bytes; FileNotFoundError when absent. Reading to the end raises
        DamagedObject when they no longer hash to `sha256`."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def stored_at(self, sha256: str) -> float | None:
        """When these bytes were last put (seconds since the epoch); None when absent."""
        ...

    def delete(self, sha256: str) -> bool:
        """Remove the bytes; False when they were not there."""
        ...

    def hashes(self) -> Iterator[str]:
        """Every stored hash, sorted."""
        ...


class VerifiedReader(io.BufferedIOBase):
    """Reads `source` through, hashing as it goes; at the end the hash must be `sha256`."""

    def __init__(self, source: io.BufferedIOBase, sha256: str) -> None:
        super().__init__()
        self._source = source
        self._sha256 = sha256
        self._digest = hashlib.sha256()
        self._checked = False

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = self._source.read(size)
        self._digest.update(chunk)
        if not chunk or size is None or size < 0:
            self._check()
        return chunk

    def _check(self) -> None:
        if self._checked:
            return
        self._checked = True
        actual = self._digest.hexdigest()
        if actual != self._sha256:
            raise DamagedObject(self._sha256, actual)

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1, /) -> bytes:
        return self.read(size)

    def close(self) -> None:
        self._source.close()
        super().close()


def hash_of(stream: Readable) -> str:
    """Read `stream` to its end and return the SHA-256 of what was read."""
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
