"""Taking a backup of this instance into a directory, and restoring one into an empty instance."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from incidents.backup import database, files
from incidents.backup.manifest import BadBackup, Manifest, app_version, row_counts, timestamp
from incidents.core import clock
from incidents.evidence.database_store import DatabaseStore
from incidents.evidence.storage import CHUNK, object_store
from incidents.extensions import db

STORAGE_DIR = "storage"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def back_up(directory: Path) -> Manifest:
    """Dump the database, copy the file store, then write the manifest (last: it marks the backup complete)."""
    if directory.exists() and any(directory.iterdir()):
        raise BadBackup(f"{directory} is not empty: give a new directory for each backup")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)  # it holds every school's case files
    created_at = timestamp(clock.utc_now())
    dumped = database.dump(db.engine, directory)
    copied, damaged = files.back_up_store(object_store(), directory / STORAGE_DIR)
    manifest = Manifest(
        created_at=created_at,
        app_version=app_version(Path(current_app.root_path)),
        schema_revision=dumped.revision,
        backend=db.engine.dialect.name,
        database_file=dumped.file.name,
        database_sha256=_sha256(dumped.file),
        tables=dumped.tables,
        files=copied,
        damaged=damaged,
    )
    manifest.write(directory)
    return manifest


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    tables: dict[str, int]  # row counts in the restored database


def _check_can_restore(directory: Path) -> Manifest:
    manifest = Manifest.read(directory)
    if manifest.backend != db.engine.dialect.name:
        raise BadBackup(f"this is a {manifest.backend} backup; the configured database is {db.engine.dialect.name}")
    if not database.is_empty(db.engine):
        raise BadBackup("the configured database is not empty: restore only into a new, empty database")
    # The database store lives in the database, which was just found empty.
    if not isinstance(object_store(), DatabaseStore) and not files.is_empty(object_store()):
        raise BadBackup("the file store is not empty: restore only into an empty one")
    dump_file = directory / manifest.database_file
    if not dump_file.is_file() or _sha256(dump_file) != manifest.database_sha256:
        raise BadBackup(f"{dump_file} is missing or does not match the hash in the manifest")
    return manifest


def restore(directory: Path) -> Restored:
    """Restore into an empty database and an empty file store; every file is verified against its hash."""
    manifest = _check_can_restore(directory)
    db.session.remove()
    in_database = isinstance(object_store(), DatabaseStore)
    # Files checked (local store: put) first: a damaged backup leaves the database empty for the next try.
    if in_database:
        _refuse_damage(files.damaged_in_backup(directory / STORAGE_DIR, manifest.files))
    else:
        _restore_objects(directory, manifest)
    database.restore(db.engine, directory / manifest.database_file)
    with db.engine.connect() as conn:
        tables = row_counts(conn)
    if tables != manifest.tables:
        differ = sorted(
            name for name in set(tables) | set(manifest.tables) if tables.get(name) != manifest.tables.get(name)
        )
        raise BadBackup(f"row counts differ from the manifest in: {', '.join(differ)}")
    if in_database:  # their table exists only now; objects already in the dump are kept as they are
        _restore_objects(directory, manifest)
        db.session.commit()
    return Restored(manifest, tables)


def _refuse_damage(problems: list[str]) -> None:
    if problems:
        raise BadBackup(f"{len(problems)} files of the backup are missing or damaged, first: sha256 {problems[0]}")


def _restore_objects(directory: Path, manifest: Manifest) -> None:
    problems = files.restore_store(directory / STORAGE_DIR, object_store(), manifest.files)
    if problems:
        db.session.rollback()
    _refuse_damage(problems)
