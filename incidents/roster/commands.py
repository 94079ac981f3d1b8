"""`flask import-roster FILE --school CODE [--dry-run] [--partial] [--all]`."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from incidents.extensions import db
from incidents.roster.apply import apply_plan
from incidents.roster.plan import build_plan
from incidents.schools.models import School

CLI_LIST_LIMIT = 50
KIND_NAMES = {"pupil": "pupils", "staff": "staff"}


def _print_list(symbol, entries, show_all):
    shown = entries if show_all else entries[:CLI_LIST_LIMIT]
    for e in shown:
        where = f"row {e.row:>5}" if e.row else " " * 9
        group = f" ({e.group})" if e.group else ""
        fields = f": {', '.join(e.fields)}" if e.fields else ""
        click.echo(f"  {symbol} {where}  {e.number:<12} {e.name}{group}{fields}")
    if len(entries) > len(shown):
        click.echo(f"    ... and {len(entries) - len(shown)} more (--all lists every row)")


@click.command("import-roster")
@click.argument("file", type=click.File("rb"))
@click.option("--school", "school_code", required=True, help="School code (BRIN) to import into.")
@click.option("--dry-run", is_flag=True, help="Only show what would be added, changed and marked as left.")
@click.option(
    "--partial", is_flag=True, help="The file is not the complete list: do not mark people missing from it as left."
)
@click.option("--all", "show_all", is_flag=True, help=f"List every row, not the first {CLI_LIST_LIMIT}.")
@with_appcontext
def import_roster_command(file, school_code, dry_run, partial, show_all):
    """Import pupils (with parents) or staff from a CSV export of the administration system."""
    school = db.session.scalar(select(School).where(School.code == school_code))
    if school is None:
        raise click.ClickException(f"No school with code {school_code!r}.")
    plan = build_plan(school, file.read(), complete=not partial)
    if not plan.ok:
        for error in plan.errors:
            where = f"row {error.row}" if error.row else "file"
            click.echo(f"{where}: {error.english()}", err=True)
        db.session.rollback()
        raise click.ClickException(f"{len(plan.errors)} error(s); nothing imported.")
    c = plan.counts()
    click.echo(f"{KIND_NAMES[plan.kind]} file, {c['rows']} rows ({plan.encoding}, separator {plan.delimiter!r})")
    if plan.ignored_columns:
        click.echo("ignored columns: " + ", ".join(plan.ignored_columns))
    click.echo(
        f"added: {c['added']}  changed: {c['changed']}  unchanged: {c['unchanged']}  "
        f"marked as left: {c['left']}  new groups: {c['groups']}  new parents: {c['parents']}"
    )
    _print_list("+", plan.added, show_all)
    _print_list("~", plan.changed, show_all)
    _print_list("-", plan.left, show_all)
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing imported.")
        return
    apply_plan(school, plan)
    db.session.commit()
    click.echo("Imported.")
