"""`flask --app app grant-director EMAIL --school CODE [--name NAME]`: a school's first director.

Four eyes mean a director approves every role that opens case work; the first director of a
school therefore comes from someone with shell access to the server, never from the browser.
"""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from incidents.accounts.operations import grant_director
from incidents.extensions import db
from incidents.schools.models import School


@click.command("grant-director")
@click.argument("email")
@click.option("--school", "school_code", required=True, help="School code (BRIN).")
@click.option("--name", default=None, help="Name for a new account (default: the e-mail's local part).")
@with_appcontext
def grant_director_command(email, school_code, name):
    school = db.session.scalar(select(School).where(School.code == school_code))
    if school is None:
        raise click.ClickException(f"No school with code {school_code!r}.")
    # The invitation link is built from PUBLIC_URL (incidents/core/links.py); the request
    # context only stands in for the request a shell does not have.
    with current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"]):
        membership = grant_director(school, email, name)
        db.session.commit()
    if membership.invitation == "pending":
        click.echo(f"Director role granted at {school.code}; an invitation to set a password has been queued.")
    else:
        click.echo(f"Director role granted at {school.code}.")
