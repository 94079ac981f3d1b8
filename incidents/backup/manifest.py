"""manifest.json: what a backup holds, so a restore can prove it put back the same.

Written last: a backup directory without a manifest is an interrupted backup and is refused.
"""

import json
import os
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, quoted_name, select, text

FORMAT = 1
NAME = "manifest.json"


class BadBackup(Exception):
    """The backup directory is incomplete or its contents do not match its manifest."""


@dataclass
class Manifest:
    created_at: str
    app_version: str
    schema_revision: str | None
    backend: str  # "postgresql" or "sqlite"
    database_file: str
    database_sha256: str
    tables: dict[str, int]  # row count per table, taken from the same snapshot as the dump
    files: dict[str, int]  # sha256 -> size of every stored file
    format: int = FORMAT
    damaged: list[str] = field(default_factory=list)  # stored files whose bytes no longer match their name

    def write(self, directory: Path) -> None:
        tmp = directory / (NAME + ".tmp")
        data = asdict(self) | {"file_count": len(self.files), "file_bytes": sum(self.files.values())}
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, directory / NAME)

    @classmethod
    def read(cls, directory: Path) -> "Manifest":
        path = directory / NAME
        if not path.is_file():
            raise BadBackup(f"{path} is missing: not a backup, or an interrupted one")
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise BadBackup(f"unknown manifest format {data.get('format')!r}")
        data.pop("file_count", None)
        data.pop("file_bytes", None)
        return cls(**data)


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows per table of the connected database (every table it holds, alembic_version included)."""
    counts = {}
    for name in sorted(inspect(conn).get_table_names()):
        table = text(f"SELECT count(*) FROM {conn.dialect.identifier_preparer.quote(quoted_name(name, True))}")
        counts[name] = int(conn.scalar(table) or 0)
    return counts


def schema_revision(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    revisions = conn.scalars(select(text("version_num")).select_from(text("alembic_version"))).all()
    return ",".join(sorted(str(r) for r in revisions)) or None


def app_version(root: Path) -> str:
    """MELDPUNT_VERSION when the deployment sets it, else the git commit the code was checked out at."""
    if version := os.environ.get("MELDPUNT_VERSION"):
        return version
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
