"""Benchmark the roster import at 10,000 pupils with two parents each.

    .venv/bin/python bench/bench_roster_import.py                  # SQLite (temp file)
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_roster_import.py

Generates a semicolon-separated UTF-8-with-BOM export in the shape of a Dutch administration
system, then times on each database: the dry-run plan, the apply (plan + write + commit),
a second import of the same file (idempotent: nothing changes), and a third one where
10% of the pupils changed group and 2% left. Target: each under 10 s.
PostgreSQL is used when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set; its schema
public is dropped and recreated first, so point it at a database of your own.
"""

import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import func, select

from bench._common import make_app, reset_postgresql
from incidents.extensions import db

ROWS = int(os.environ.get("BENCH_ROWS", 10_000))
TARGET_SECONDS = 10
FIRST = ["Zoë", "Daniël", "Sjoerd-Jan", "Emma", "Noah", "Julia", "Liam", "Mila", "Finn", "Tess", "Anouk", "Bram"]
LAST = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van der", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("", "Smit"),
    ("van den", "Broek"),
]
HEADER = [
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


def make_rows(n, rng):
    groups = [f"{y}{c}" for y in range(1, 7) for c in "ABCDEFGH"]
    rows = []
    for i in range(n):
        infix, last = rng.choice(LAST)
        family = f"{infix} {last}".strip()
        rows.append(
            [
                str(100000 + i),
                rng.choice(FIRST),
                infix,
                last,
                f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2008, 2014)}",
                rng.choice(groups),
                "",
                f"{rng.choice(FIRST)} {family}",
                f"ouder1.{i}@example.org",
                f"06-{rng.randint(10**7, 10**8 - 1)}",
                "ja",
                f"{rng.choice(FIRST)} {family}",
                f"ouder2.{i}@example.org",
                "",
                rng.choice(["ja", "nee"]),
            ]
        )
    return rows


def to_csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def bench(url, workdir, files):
    if url.startswith("postgresql"):
        reset_postgresql(url)
    app = make_app(url, workdir)
    from incidents.people.models import Guardianship, Person
    from incidents.roster.apply import apply_plan
    from incidents.roster.plan import build_plan
    from incidents.schools.models import Foundation, School

    with app.app_context():
        upgrade()
        school = School(
            foundation=Foundation(name="Stichting Bench"), code="BENCH", name="Bench College", kind="secondary"
        )
        db.session.add(school)
        db.session.commit()
        print(f"\n{db.engine.dialect.name}: {db.engine.url.render_as_string(hide_password=True)}")
        worst = 0.0
        for label, raw in files:
            plan, plan_s = timed(lambda raw=raw: build_plan(school, raw))
            assert plan.ok, plan.errors[:5]
            db.session.rollback()

            def run(raw=raw):
                p = build_plan(school, raw)
                apply_plan(school, p)
                db.session.commit()
                return p

            applied, apply_s = timed(run)
            worst = max(worst, plan_s, apply_s)
            c = applied.counts()
            print(
                f"  {label:28} dry-run plan {plan_s:6.2f}s   import {apply_s:6.2f}s   "
                f"(added {c['added']}, changed {c['changed']}, unchanged {c['unchanged']}, left {c['left']}, "
                f"parents +{c['parents']})"
            )
        people = db.session.scalar(select(func.count()).select_from(Person))
        links = db.session.scalar(select(func.count()).select_from(Guardianship))
        print(f"  people in database: {people:,}; guardianships: {links:,}")
        db.session.remove()
        db.engine.dispose()
        return worst


def main():
    rng = random.Random(7)
    rows = make_rows(ROWS, rng)
    first = to_csv(rows)
    changed_rows = [list(r) for r in rows]
    for row in rng.sample(changed_rows, ROWS // 10):
        row[5] = "7Z"
    kept = [r for r in changed_rows if rng.random() > 0.02]
    files = [("first import", first), ("same file again", first), ("10% moved, ~2% left", to_csv(kept))]
    print(f"roster of {ROWS:,} pupils with 2 parents each: {len(first) / 1e6:.1f} MB")
    workdir = tempfile.mkdtemp(prefix="meldpunt-bench-roster-")
    worst = bench(f"sqlite:///{workdir}/bench.sqlite", workdir, files)
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        worst = max(worst, bench(pg, workdir, files))
    print(f"\nslowest step {worst:.2f}s (target < {TARGET_SECONDS}s): {'OK' if worst < TARGET_SECONDS else 'TOO SLOW'}")
    sys.exit(0 if worst < TARGET_SECONDS else 1)


if __name__ == "__main__":
    main()
