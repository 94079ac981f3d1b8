"""Roster fixtures: real CSV files on disk, in the encodings and separators schools export."""

import csv
import io

import pytest

from incidents.extensions import db

PUPIL_HEADER = [
    "Leerlingnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Geboortedatum",
    "Klas",
    "Uitschrijfdatum",
    "Ouder1 Naam",
    "Ouder1 E-mail",
    "Ouder1 Telefoon",
    "Ouder1 Gezag",
    "Ouder2 Naam",
    "Ouder2 E-mail",
    "Ouder2 Telefoon",
    "Ouder2 Gezag",
]
PUPILS = [
    [
        "1001",
        "Zoë",
        "de",
        "Vries",
        "01-05-2012",
        "1A",
        "",
        "Jan de Vries",
        "jan.devries@example.org",
        "06-12345678",
        "ja",
        "Maaike Bakker",
        "maaike@example.org",
        "",
        "nee",
    ],
    [
        "1002",
        "Daniël",
        "",
        "Jansen",
        "2012-03-04",
        "1B",
        "",
        "Piet Jansen",
        "piet@example.org",
        "",
        "ja",
        "",
        "",
        "",
        "",
    ],
    ["1003", "Sjoerd-Jan", "van der", "Berg", "31-12-2011", "1A", "", "", "", "", "", "", "", "", ""],
]
STAFF_HEADER = [
    "Personeelsnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "E-mail",
    "Telefoon",
    "Functie",
    "Uitdienstdatum",
]
STAFF = [
    ["P01", "Anneloes", "", "Smit", "a.smit@example.org", "030-1234567", "Mentor", ""],
    ["P02", "Geërt", "van", "Dijk", "g.vandijk@example.org", "", "Directeur", ""],
]


def csv_bytes(rows, header=PUPIL_HEADER, encoding="utf-8", sep=";"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode(encoding)  # "utf-8-sig" writes the BOM


@pytest.fixture
def write_csv(tmp_path):
    """Write a roster file; returns its path."""
    counter = {"n": 0}

    def write(rows=PUPILS, header=PUPIL_HEADER, encoding="utf-8", sep=";"):
        counter["n"] += 1
        path = tmp_path / f"export{counter['n']}.csv"
        path.write_bytes(csv_bytes(rows, header, encoding, sep))
        return path

    return write


@pytest.fixture
def run_import(app, frozen_clock):
    """Plan and apply a file for a school, committing like the CLI does; returns the plan."""
    from incidents.roster.apply import apply_plan
    from incidents.roster.plan import build_plan

    def run(school, path, complete=True):
        plan = build_plan(school, path.read_bytes(), complete=complete)
        if plan.ok:
            apply_plan(school, plan)
            db.session.commit()
        else:
            db.session.rollback()
        return plan

    return run


@pytest.fixture
def people_of(app):
    from sqlalchemy import select

    from incidents.people.models import Person

    def of(school, kind="pupil"):
        db.session.expire_all()
        return {
            p.external_number or p.email or p.full_name: p
            for p in db.session.scalars(select(Person).where(Person.school_id == school.id, Person.kind == kind))
        }

    return of


@pytest.fixture
def make_member(make_person):
    """A pupil or staff member with a given roster number (None: added by hand)."""

    def make(school, number, kind="pupil", **kwargs):
        person = make_person(school, kind=kind, **kwargs)
        person.external_number = number
        db.session.commit()
        return person

    return make
