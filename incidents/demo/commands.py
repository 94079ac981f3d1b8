"""`flask demo-data`: load the demo foundation into an empty database."""

import os

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from incidents.auth.demo_accounts import DEMO_PASSWORD
from incidents.demo.data import ACCOUNTS, load_demo_data
from incidents.extensions import db
from incidents.schools.models import School


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has schools.")
@with_appcontext
def demo_data_command(if_empty):
    """Load demo schools, people and accounts (never in production)."""
    if os.environ.get("MELDPUNT_ENV") == "production":
        raise click.ClickException("Refusing to load demo data when MELDPUNT_ENV=production.")
    if db.session.scalar(select(func.count(School.id))):
        if if_empty:
            click.echo("Database already has data; demo data not loaded.")
            return
        raise click.ClickException("The database is not empty; demo data is only loaded into an empty one.")
    load_demo_data()
    db.session.commit()
    click.echo(f"Demo data loaded. Accounts (password '{DEMO_PASSWORD}'):")
    for email, _name, role, school_index in ACCOUNTS:
        click.echo(f"  {email:32} {role:12} school {school_index + 1}")
    click.echo("The demo schools require no second factor (their second_factor_roles setting is empty).")
