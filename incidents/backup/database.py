"""Dumping and restoring the database: pg_dump/pg_restore for PostgreSQL, the online backup API for SQLite.

Row counts are taken from the same snapshot as the dump (PostgreSQL: an exported snapshot that
pg_dump reuses; SQLite: the copy itself), so the manifest describes exactly what was dumped.
Connection details reach pg_dump through libpq's environment, never its command line (which
other users of the host can read).
"""

import os
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, inspect, make_url, text

from incidents.backup.manifest import row_counts, schema_revision

PG_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite"


class DatabaseRefused(Exception):
    """The database cannot be backed up or restored as asked (message for the operator)."""


@dataclass(frozen=True)
class Dump:
    file: Path
    tables: dict[str, int]
    revision: str | None


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def dump(engine: Engine, directory: Path) -> Dump:
    if engine.dialect.name == "postgresql":
        return _pg_dump(engine, directory / PG_FILE)
    if engine.dialect.name == "sqlite":
        return _sqlite_dump(engine, directory / SQLITE_FILE)
    raise DatabaseRefused(f"no backup for a {engine.dialect.name} database")


def restore(engine: Engine, file: Path) -> None:
    if engine.dialect.name == "postgresql":
        _pg_restore(engine, file)
    elif engine.dialect.name == "sqlite":
        _sqlite_restore(engine, file)
    else:
        raise DatabaseRefused(f"no restore for a {engine.dialect.name} database")


# --- PostgreSQL --------------------------------------------------------------------------


def _libpq_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    query = {key: value for key, value in url.query.items() if isinstance(value, str)}
    settings = {
        "PGHOST": url.host or query.get("host"),  # a Unix socket directory comes as ?host=
        "PGPORT": url.port,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": query.get("sslmode"),
    }
    env.update({key: str(value) for key, value in settings.items() if value is not None})
    return env


def _tool_major(tool: str) -> int:
    try:
        done = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        raise DatabaseRefused(f"{tool} is not installed or does not run ({error.__class__.__name__})") from None
    match = re.search(r"(\d+)(?:\.\d+)?", done.stdout)
    if match is None:
        raise DatabaseRefused(f"cannot read the version of {tool}: {done.stdout.strip()!r}")
    return int(match.group(1))


def _check_tool_version(engine: Engine, tool: str) -> None:
    """pg_dump and pg_restore refuse (or worse, half-work on) a server newer than themselves."""
    with engine.connect() as conn:
        server = int(conn.scalar(text("SHOW server_version_num")) or 0) // 10000
    if _tool_major(tool) < server:
        raise DatabaseRefused(
            f"{tool} is older than the PostgreSQL {server} server: install the client tools of {server}"
        )


def _without_row_data(stderr: str) -> str:
    """The server's DETAIL and CONTEXT lines can quote row values (a key, a COPY line): names, addresses."""
    lines = [line for line in stderr.splitlines() if not re.match(r"\s*(DETAIL|CONTEXT):", line)]
    return "\n".join(lines).strip()[-2000:]


def _run(tool: str, args: list[str], url: URL) -> None:
    done = subprocess.run([tool, *args], env=_libpq_env(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise DatabaseRefused(f"{tool} failed (exit {done.returncode}): {_without_row_data(done.stderr)}")


def _pg_dump(engine: Engine, file: Path) -> Dump:
    _check_tool_version(engine, "pg_dump")
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = str(conn.scalar(text("SELECT pg_export_snapshot()")))
        tables = row_counts(conn)
        revision = schema_revision(conn)
        # --no-owner/--no-privileges: the restore may run as another role on another server.
        args = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={file}"]
        _run("pg_dump", [*args, f"--dbname={engine.url.database}"], engine.url)
    return Dump(file, tables, revision)


def _pg_restore(engine: Engine, file: Path) -> None:
    _check_tool_version(engine, "pg_restore")
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    _run("pg_restore", [*args, f"--dbname={engine.url.database}", str(file)], engine.url)


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or engine.url.query.get("mode") == "memory":
        raise DatabaseRefused("an in-memory SQLite database cannot be backed up or restored")
    return Path(name)


def _sqlite_dump(engine: Engine, file: Path) -> Dump:
    _sqlite_path(engine)
    target = sqlite3.connect(file)
    try:
        with engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            source.backup(target)  # one step: a consistent copy, while others go on writing
        copy = create_engine(make_url("sqlite://"), creator=lambda: sqlite3.connect(file))
        with copy.connect() as conn:
            tables, revision = row_counts(conn), schema_revision(conn)
        copy.dispose()
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
    return Dump(file, tables, revision)


def _sqlite_restore(engine: Engine, file: Path) -> None:
    path = _sqlite_path(engine)
    engine.dispose()
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    engine.dispose()
