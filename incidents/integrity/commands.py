"""`flask verify-evidence`: does every stored file still hold the bytes its record says?"""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from incidents.extensions import db
from incidents.integrity.verify import verify_store
from incidents.schools.models import School


@click.command("verify-evidence")
@click.option("--school", "school_code", metavar="CODE", help="Only this school (its code).")
@with_appcontext
def verify_evidence_command(school_code):
    """Re-hash evidence files and correspondence attachments; exit 1 on any mismatch or missing file."""
    if school_code and db.session.scalar(select(School.id).where(School.code == school_code)) is None:
        raise click.BadParameter(f"no school with code {school_code!r}", param_hint="--school")
    checked, problems = verify_store(school_code)
    for problem in problems:
        click.echo(problem.line())
    click.echo(f"{checked} records checked, {len(problems)} problems.")
    if problems:
        raise SystemExit(1)
