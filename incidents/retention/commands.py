"""`flask retention [--dry-run]`: delete the files of people who left longer ago than the school keeps them."""

from datetime import date

import click
from flask.cli import with_appcontext

from incidents.retention.operations import run_retention


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="List what is due; change nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend it is this day (YYYY-MM-DD).")
@with_appcontext
def retention_command(dry_run, today):
    """Delete (or with --dry-run, list) the files whose retention period has passed."""
    report = run_retention(today=today.date() if today else None, dry_run=dry_run)
    head = "Due for deletion" if dry_run else "Deleted"
    click.echo(f"{head} on {report.today.isoformat()}: {len(report.people)} people, {len(report.cases)} cases.")
    for person in report.people:
        click.echo(
            f"  person {person.person_id:<6} {person.kind:<6} number {person.number or '-':<10} "
            f"left {_day(person.left_on)}  due since {_day(person.due_since)}  "
            + ", ".join(f"{n} {k}" for k, n in person.counts.items())
            + (f"; cases {', '.join(person.cases_deleted)}" if person.cases_deleted else "")
        )
    for case in report.cases:
        click.echo(f"  {case.summary()}")
    if report.texts_scrubbed:
        click.echo(
            "Texts from which a deleted person's name was removed: "
            + ", ".join(f"{n} {t}" for t, n in sorted(report.texts_scrubbed.items()))
            + "."
        )
    if report.parents_marked:
        click.echo(
            f"Parents without a child, given {report.today.isoformat()} as leaving day: {report.parents_marked}."
        )
    verb = "would be removed" if dry_run else "removed"
    click.echo(
        f"Stored files {verb}: {len(report.files_removed)}; unreferenced older files {verb}: "
        f"{len(report.orphans_removed)}."
    )


def _day(value: date | None):
    return value.isoformat() if value else "-"
