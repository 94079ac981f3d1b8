"""Benchmark the case list at 100,000 cases for one school.

    .venv/bin/python bench/bench_case_list.py                       # temp SQLite file
    .venv/bin/python bench/bench_case_list.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench --reset

Migrates a fresh database, bulk-inserts cases, people and involvements with Core inserts,
then times `incidents.cases.queries.case_page` (median of --runs runs) for the first page,
a deep page, and each filter, and prints the query plans so one can see that indexes are
used and the cases table is not scanned in full.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import event, insert, select, text

from bench._common import make_app, reset_postgresql
from incidents.extensions import db

BATCH = 5000

# The scenarios whose query plans are printed and checked for full scans.
PLANNED = ("first page (director)", "group", "person (rare)", "first page (mentor, 2 groups)")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    parser.add_argument(
        "--reset", action="store_true", help="PostgreSQL: drop and recreate schema public first (destroys its data)"
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--deep-pages", type=int, default=200)
    return parser.parse_args()


def batched(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def populate(n_cases, n_people, rng):
    staff = _school_and_staff()
    school_id = staff.school.id
    person_ids = _insert_people(school_id, staff.groups, n_people)
    # A skewed choice: some pupils turn up in many cases, most in a few.
    weights = [1.0 / (1 + (k % 300)) for k in range(len(person_ids))]
    cases = _insert_cases(school_id, staff.director, staff.handlers, n_cases, rng)
    n_involvements = _insert_involvements(cases, person_ids, weights, rng)
    uninvolved = _add_uninvolved_pupil(school_id, staff.groups[5])
    db.session.commit()
    _analyze()
    # Plain stand-ins: case_page only reads .id, and the timed loop expunges the session.
    ids = SimpleNamespace(
        school=school_id,
        director=SimpleNamespace(id=staff.director.id),
        mentor=SimpleNamespace(id=staff.mentor.id),
        idle_mentor=SimpleNamespace(id=staff.idle_mentor.id),
        groups=[g.id for g in staff.groups],
        empty_group=staff.empty_group.id,
        uninvolved=uninvolved.id,
    )
    return ids, person_ids, weights, n_involvements


def _school_and_staff():
    """The bench school (and another), its groups, and its users; committed."""
    from incidents.auth.models import Membership, User
    from incidents.schools.models import Foundation, Group, School, group_mentors

    foundation = Foundation(name="Stichting Bench")
    school = School(foundation=foundation, code="BENCH", name="Bench College", kind="secondary")
    other = School(foundation=foundation, code="OTHER", name="Andere School", kind="primary")
    db.session.add_all([school, other])
    db.session.flush()
    groups = [Group(school_id=school.id, name=f"{y}{c}") for y in range(1, 7) for c in "ABCDEFG"]
    empty_group = Group(school_id=school.id, name="Nieuw")  # worst case: nothing matches
    db.session.add_all([*groups, empty_group])
    director = User(email="director@bench", name="Director", password_hash="x")
    idle_mentor = User(email="idle-mentor@bench", name="Idle mentor", password_hash="x")
    mentor = User(email="mentor@bench", name="Mentor", password_hash="x")
    handlers = [User(email=f"handler{i}@bench", name=f"Handler {i}", password_hash="x") for i in range(5)]
    db.session.add_all([director, mentor, idle_mentor, *handlers])
    db.session.flush()
    db.session.add(Membership(user_id=director.id, school_id=school.id, role="director"))
    db.session.add(Membership(user_id=mentor.id, school_id=school.id, role="mentor"))
    db.session.execute(
        insert(group_mentors),
        [
            {"group_id": groups[0].id, "user_id": mentor.id},
            {"group_id": groups[1].id, "user_id": mentor.id},
            {"group_id": empty_group.id, "user_id": idle_mentor.id},
        ],
    )
    db.session.add(Membership(user_id=idle_mentor.id, school_id=school.id, role="mentor"))
    db.session.commit()
    return SimpleNamespace(
        school=school,
        groups=groups,
        empty_group=empty_group,
        director=director,
        mentor=mentor,
        idle_mentor=idle_mentor,
        handlers=handlers,
    )


def _insert_people(school_id, groups, n_people):
    """Pupils spread over the groups, every 15th person staff; their ids in order."""
    from incidents.people.models import Person

    people = []
    for i in range(n_people):
        staff = i % 15 == 0
        people.append(
            {
                "school_id": school_id,
                "kind": "staff" if staff else "pupil",
                "external_number": f"N{i}",
                "first_name": f"Voornaam{i}",
                "last_name": f"Achternaam{i % 500}",
                "search_name": f"voornaam{i} achternaam{i % 500}",
                "group_id": None if staff else groups[i % len(groups)].id,
            }
        )
    for chunk in batched(people):
        db.session.execute(insert(Person), chunk)
    return db.session.scalars(select(Person.id).where(Person.school_id == school_id).order_by(Person.id)).all()


def _insert_cases(school_id, director, handlers, n_cases, rng):
    """Cases spread over 2021-2026, numbered per year, old ones mostly closed; their rows."""
    from incidents.cases.models import Case
    from incidents.core.vocabulary import CATEGORIES, STATES

    categories, states = list(CATEGORIES), list(STATES)
    category_weights = [30, 15, 15, 10, 5, 5, 3, 3, 8, 1, 5][: len(categories)]
    start = datetime(2021, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 11, 1, tzinfo=UTC) - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(n_cases))
    handler_ids = [h.id for h in handlers]
    reporter_ids = [director.id, *handler_ids]
    numbers = {}
    cases = []
    for i, at in enumerate(moments, start=1):
        numbers[at.year] = numbers.get(at.year, 0) + 1
        state = _case_state((moments[-1] - at).days, states, rng)
        cases.append(
            {
                "id": i,
                "school_id": school_id,
                "year": at.year,
                "number": numbers[at.year],
                "category": rng.choices(categories, category_weights)[0],
                "platform": "whatsapp",
                "occurred_at": at - timedelta(hours=rng.randint(1, 72)),
                "reported_at": at,
                "description": "Bench-incident",
                "severity": rng.choice(["low", "medium", "high", "critical"]),
                "state": state,
                "escalation_level": 0,
                "reported_by_id": rng.choice(reporter_ids),
                "handler_id": rng.choice([None, *handler_ids]),
                "version": 1,
            }
        )
    for chunk in batched(cases):
        db.session.execute(insert(Case), chunk)
    return cases


def _case_state(age_days, states, rng):
    state = rng.choice(states) if age_days < 60 else rng.choices(["closed", "dismissed", "monitoring"], [90, 8, 2])[0]
    return state if state in states else states[0]


def _insert_involvements(cases, person_ids, weights, rng):
    """One to three people in each case, chosen by `weights`; how many rows."""
    from incidents.cases.models import Involvement

    involvements = []
    for case in cases:
        chosen = set(rng.choices(person_ids, weights, k=rng.randint(1, 3)))
        for k, pid in enumerate(sorted(chosen)):
            involvements.append(
                {"case_id": case["id"], "person_id": pid, "role": ("target", "perpetrator", "witness")[k % 3]}
            )
    for chunk in batched(involvements):
        db.session.execute(insert(Involvement), chunk)
    return len(involvements)


def _add_uninvolved_pupil(school_id, group):
    from incidents.people.models import Person

    uninvolved = Person(school_id=school_id, kind="pupil", first_name="Nooit", last_name="Betrokken", group_id=group.id)
    db.session.add(uninvolved)
    return uninvolved


def _analyze():
    """Fresh planner statistics (PostgreSQL: sequences past the explicit ids, then VACUUM ANALYZE)."""
    if db.engine.dialect.name == "postgresql":
        for table in ("cases", "involvements", "people"):
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def capture_statements(fn):
    """Run fn(); return its result and the (statement, parameters) it sent."""
    seen = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return result, seen


def explain(statement, parameters):
    if db.engine.dialect.name == "postgresql":
        sql = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + statement
    else:
        sql = "EXPLAIN QUERY PLAN " + statement
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(sql, parameters).all()
    if db.engine.dialect.name == "postgresql":
        return [row[0] for row in rows]
    return [f"{'  ' * 0}{row[1]:>3}<-{row[2]:<3} {row[3]}" for row in rows]


def full_scan_warnings(plan_lines):
    warnings = []
    for line in plan_lines:
        if db.engine.dialect.name == "postgresql":
            if "Seq Scan on cases" in line or "Seq Scan on involvements" in line:
                warnings.append(line.strip())
        elif ("SCAN cases" in line or "SCAN involvements" in line) and "USING" not in line:
            warnings.append(line.strip())
    return warnings


def main():
    args = parse_args()
    rng = random.Random(42)
    workdir = tempfile.mkdtemp(prefix="meldpunt-bench-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    if args.reset and url.startswith("postgresql"):
        reset_postgresql(url)
    app = make_app(url, workdir)

    from incidents.cases.queries import CaseFilters, case_page

    with app.app_context():
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
        if db.engine.dialect.name == "postgresql" and not args.reset and _has_tables():
            sys.exit("the PostgreSQL database is not empty; pass --reset to wipe schema public")
        t0 = time.perf_counter()
        upgrade()
        t1 = time.perf_counter()
        ids, person_ids, weights, n_inv = populate(args.cases, args.people, rng)
        director, mentor = ids.director, ids.mentor
        t2 = time.perf_counter()
        print(
            f"migrated in {t1 - t0:.1f}s; inserted {args.cases:,} cases, {len(person_ids):,} people, "
            f"{n_inv:,} involvements in {t2 - t1:.1f}s"
        )

        busy_person = person_ids[weights.index(max(weights))]
        rare_person = person_ids[299]  # lowest weight: a handful of cases
        group = ids.groups[3]

        def page(user, role, filters, cursor=None):
            rows, next_cursor = case_page(user, ids.school, role, filters, cursor=cursor, per_page=25)
            db.session.expunge_all()
            return rows, next_cursor

        cursor = None
        walk_start = time.perf_counter()
        for _ in range(args.deep_pages):
            _rows, cursor = page(director, "director", CaseFilters(), cursor)
        walk_ms = (time.perf_counter() - walk_start) * 1000

        scenarios = [
            ("first page (director)", director, "director", CaseFilters(), None),
            (f"page {args.deep_pages + 1} (cursor)", director, "director", CaseFilters(), cursor),
            ("first page (mentor, 2 groups)", mentor, "mentor", CaseFilters(), None),
            ("state=in_progress", director, "director", CaseFilters(state="in_progress"), None),
            ("state=closed", director, "director", CaseFilters(state="closed"), None),
            ("category=copyright (rare)", director, "director", CaseFilters(category="copyright"), None),
            ("category=bullying", director, "director", CaseFilters(category="bullying"), None),
            ("group", director, "director", CaseFilters(group_id=group), None),
            ("person (busy)", director, "director", CaseFilters(person_id=busy_person), None),
            ("person (rare)", director, "director", CaseFilters(person_id=rare_person), None),
            ("person (no cases)", director, "director", CaseFilters(person_id=ids.uninvolved), None),
            ("group (no cases)", director, "director", CaseFilters(group_id=ids.empty_group), None),
            ("first page (mentor, no cases)", ids.idle_mentor, "mentor", CaseFilters(), None),
        ]
        results = time_scenarios(page, scenarios, args.runs)
        print_timings(results, args.runs, args.deep_pages, walk_ms)
        print_plans(page, [s for s in scenarios if s[0] in PLANNED])
        db.session.remove()
        db.engine.dispose()


def _has_tables():
    return db.session.execute(
        text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    ).scalar()


def time_scenarios(page, scenarios, runs):
    """name -> (median ms, max ms, rows) of `runs` timed calls after one warm-up call."""
    results = {}
    for name, user, role, filters, start_cursor in scenarios:
        page(user, role, filters, start_cursor)  # warm up
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            rows, _next = page(user, role, filters, start_cursor)
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = (statistics.median(timings), max(timings), len(rows))
    return results


def print_timings(results, runs, deep_pages, walk_ms):
    print()
    print(f"case_page, per_page=25, median of {runs} runs ({db.engine.dialect.name})")
    print(f"{'query':34} {'median ms':>10} {'max ms':>8} {'rows':>5}")
    for name, (median, worst, n) in results.items():
        print(f"{name:34} {median:10.2f} {worst:8.2f} {n:5}")
    print(
        f"{'walk of ' + str(deep_pages) + ' pages':34} {walk_ms:10.0f}   (total, "
        f"{walk_ms / deep_pages:.2f} ms per page)"
    )


def print_plans(page, scenarios):
    """Each scenario's main query plan, then the full scans of cases or involvements found in them."""
    flagged = []
    for name, user, role, filters, start_cursor in scenarios:
        _result, statements = capture_statements(partial(page, user, role, filters, start_cursor))
        statement, parameters = statements[0]  # the main query; the second loads involvements
        plan = explain(statement, parameters)
        print()
        print(f"--- plan: {name}")
        print("\n".join(plan))
        flagged.extend(f"{name}: {warning}" for warning in full_scan_warnings(plan))
    print()
    if flagged:
        print("FULL SCANS:")
        print("\n".join(f"  {f}" for f in flagged))
    else:
        print("no full scans of cases or involvements in the plans above")


if __name__ == "__main__":
    main()
