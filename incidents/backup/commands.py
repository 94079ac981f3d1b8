"""`flask backup DIR` and `flask restore DIR`. Output: counts, hashes and paths only, never personal data."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from incidents.backup.database import DatabaseRefused
from incidents.backup.manifest import BadBackup
from incidents.backup.operations import back_up, restore


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(directory: Path) -> None:
    """Back up the database and the file store into DIRECTORY (new or empty), with a manifest.json."""
    try:
        manifest = back_up(directory)
    except (BadBackup, DatabaseRefused) as error:
        raise click.ClickException(str(error)) from None
    rows = sum(manifest.tables.values())
    click.echo(
        f"Backup written to {directory}: {len(manifest.tables)} tables, {rows} rows, {len(manifest.files)} files, "
        f"schema {manifest.schema_revision or 'none'}."
    )
    for sha256 in manifest.damaged:
        click.echo(f"DAMAGED stored file sha256 {sha256}: its bytes no longer match; not in the backup", err=True)
    if manifest.damaged:
        raise SystemExit(1)


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore_command(directory: Path) -> None:
    """Restore a backup from DIRECTORY into an empty database and an empty file store."""
    try:
        restored = restore(directory)
    except (BadBackup, DatabaseRefused) as error:
        raise click.ClickException(str(error)) from None
    manifest = restored.manifest
    click.echo(
        f"Restored the backup of {manifest.created_at}: {sum(restored.tables.values())} rows in "
        f"{len(restored.tables)} tables and {len(manifest.files)} files, all matching the manifest; "
        f"schema {manifest.schema_revision or 'none'}. Run `flask verify-evidence` next."
    )
    if manifest.damaged:
        click.echo(
            f"{len(manifest.damaged)} stored files were already damaged when the backup was made and are not in it; "
            "`flask verify-evidence` names their records.",
            err=True,
        )
