"""The object store in the application's database: one row per SHA-256, the bytes in a bytea
(PostgreSQL) or BLOB (SQLite) column. Every web host that reaches the database reaches the
files, and an upload's bytes commit (or roll back) in the same transaction as its record.

Each object is one row, not chunked: reading or writing one holds it in memory once. Uploads
are capped by MAX_UPLOAD_BYTES (10 MB by default) and generated letters are small, so a row is
far below PostgreSQL's 1 GB bytea limit and SQLite's 1 GB BLOB limit; `MAX_OBJECT_BYTES` refuses
anything above 64 MB, so a raised upload cap cannot make a web worker hold hundreds of MB.
"""

import hashlib
import io
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import Integer, LargeBinary, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime
from incidents.evidence.objects import CHUNK, Readable, VerifiedReader, check_hash
from incidents.extensions import Model, db

MAX_OBJECT_BYTES = 64 * 1024 * 1024


class StoredObject(Model):
    __tablename__ = "stored_objects"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # Last put: retention's orphan sweep spares objects stored (or stored again) a moment ago.
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TooLarge(ValueError):
    """More bytes than one database row of the store may hold."""


def _read_all(stream: Readable) -> bytes:
    buffer = io.BytesIO()
    while chunk := stream.read(CHUNK):
        if buffer.tell() + len(chunk) > MAX_OBJECT_BYTES:
            raise TooLarge(f"over {MAX_OBJECT_BYTES} bytes")
        buffer.write(chunk)
    return buffer.getvalue()


class DatabaseStore:
    """Works in the current session: a put is committed with the request that made it."""

    def put(self, stream: Readable) -> str:
        content = _read_all(stream)
        sha256 = hashlib.sha256(content).hexdigest()
        now = datetime.now(UTC)
        values = {"sha256": sha256, "size": len(content), "content": content, "stored_at": now}
        # Two hosts storing the same bytes at once: one row, the bytes first written kept.
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        statement = insert(StoredObject).values(values)
        statement = statement.on_conflict_do_update(index_elements=["sha256"], set_={"stored_at": now})
        db.session.execute(statement)
        return sha256

    def open(self, sha256: str) -> VerifiedReader:
        content = db.session.scalar(select(StoredObject.content).where(StoredObject.sha256 == check_hash(sha256)))
        if content is None:
            raise FileNotFoundError("not stored")
        return VerifiedReader(io.BytesIO(content), sha256)

    def exists(self, sha256: str) -> bool:
        return self.stored_at(sha256) is not None

    def stored_at(self, sha256: str) -> float | None:
        try:
            sha = check_hash(sha256)
        except FileNotFoundError:
            return None
        moment = db.session.scalar(select(StoredObject.stored_at).where(StoredObject.sha256 == sha))
        return moment.timestamp() if moment else None

    def delete(self, sha256: str) -> bool:
        """Deletes in the current transaction: the caller commits."""
        result = db.session.execute(delete(StoredObject).where(StoredObject.sha256 == check_hash(sha256)))
        return bool(getattr(result, "rowcount", 0))

    def hashes(self) -> Iterator[str]:
        yield from db.session.scalars(select(StoredObject.sha256).order_by(StoredObject.sha256))
