"""Benchmark the audit trail screen's keyset paging at 1,000,000 audit rows.

    .venv/bin/python bench/bench_audit_trail.py --reset \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

Migrates a fresh PostgreSQL database, fills audit_events with --rows rows in one
INSERT ... SELECT FROM generate_series (nine in ten for the bench school, the rest for another
school; a mix of kinds, users and cases), then times `incidents.audit_trail.queries.trail_page`
(median of --runs runs) for the first page, page 1000 reached by keyset (`id < cursor`), a kind
filter and a case filter, and, for comparison, page 1000 by OFFSET. Prints the query plan of the
keyset page 1000, which should read the (school_id, id) index, not the whole table.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import select, text

from bench._common import make_app, reset_postgresql
from incidents.audit.models import AuditEvent
from incidents.audit_trail.queries import TrailFilters, trail_page
from incidents.extensions import db

PER_PAGE = 50
KINDS = ("case.view", "file.viewed", "login", "evidence.download", "login.failed", "access.not_found")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database (generate_series fills it)")
    parser.add_argument(
        "--reset", action="store_true", help="drop and recreate schema public first (destroys its data)"
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    return parser.parse_args()


def populate(n_rows):
    from incidents.auth.models import User
    from incidents.schools.models import Foundation, School

    foundation = Foundation(name="Stichting Bench")
    school = School(foundation=foundation, code="BENCH", name="Bench College", kind="secondary")
    other = School(foundation=foundation, code="OTHER", name="Andere School", kind="primary")
    users = [User(email=f"user{i}@bench", name=f"User {i}", password_hash="x") for i in range(40)]
    db.session.add_all([school, other, *users])
    db.session.commit()
    kinds = "ARRAY[" + ", ".join(f"'{k}'" for k in KINDS) + "]"
    db.session.execute(
        text(f"""
        INSERT INTO audit_events (at, user_id, school_id, action, object_type, object_id, detail)
        SELECT now() - make_interval(secs => :n - i),
               :first_user + (i % 40),
               CASE WHEN i % 10 = 0 THEN :other ELSE :school END,
               ({kinds})[1 + (i % {len(KINDS)})],
               'cases',
               1 + (i % 5000),
               NULL
        FROM generate_series(1, :n) AS i
        """),
        {"n": n_rows, "first_user": users[0].id, "school": school.id, "other": other.id},
    )
    db.session.commit()
    db.session.execute(text("ANALYZE audit_events"))
    db.session.commit()
    return school.id


def timed(run, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
        db.session.expunge_all()
    return statistics.median(samples)


def cursor_of_page(school_id, page):
    """The keyset cursor that opens page `page` (found once, outside the timing)."""
    stmt = (
        select(AuditEvent.id)
        .where(AuditEvent.school_id == school_id)
        .order_by(AuditEvent.id.desc())
        .offset((page - 1) * PER_PAGE - 1)
        .limit(1)
    )
    return db.session.scalar(stmt)


def main():
    args = parse_args()
    if args.reset:
        reset_postgresql(args.database_url)
    app = make_app(args.database_url, tempfile.mkdtemp())
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        school_id = populate(args.rows)
        print(f"filled {args.rows:,} audit rows in {time.perf_counter() - start:.1f} s")
        all_events = TrailFilters()
        cursor = cursor_of_page(school_id, 1000)
        first, _ = trail_page(school_id, all_events, None, PER_PAGE)
        deep, _ = trail_page(school_id, all_events, cursor, PER_PAGE)
        assert len(first) == len(deep) == PER_PAGE
        results = {
            "first page": timed(lambda: trail_page(school_id, all_events, None, PER_PAGE), args.runs),
            "page 1000 (keyset)": timed(lambda: trail_page(school_id, all_events, cursor, PER_PAGE), args.runs),
            "first page, kind filter": timed(
                lambda: trail_page(school_id, TrailFilters(kind="login.failed"), None, PER_PAGE), args.runs
            ),
            "first page, case filter": timed(
                lambda: trail_page(school_id, TrailFilters(case_id=4321), None, PER_PAGE), args.runs
            ),
            "first page, user filter": timed(
                lambda: trail_page(school_id, TrailFilters(user_id=first[0].user_id), None, PER_PAGE), args.runs
            ),
        }
        offset_stmt = (
            select(AuditEvent)
            .where(AuditEvent.school_id == school_id)
            .order_by(AuditEvent.id.desc())
            .offset(999 * PER_PAGE)
            .limit(PER_PAGE)
        )
        results["page 1000 (OFFSET, for comparison)"] = timed(
            lambda: list(db.session.scalars(offset_stmt)), max(3, args.runs // 4)
        )
        for name, ms in results.items():
            print(f"{name:40} {ms:8.2f} ms (median)")
        plan = db.session.execute(
            text(
                "EXPLAIN ANALYZE SELECT * FROM audit_events WHERE school_id = :s AND id < :c ORDER BY id DESC LIMIT :n"
            ),
            {"s": school_id, "c": cursor, "n": PER_PAGE + 1},
        ).scalars()
        print("plan of page 1000 (keyset):")
        for line in plan:
            print("   ", line)


if __name__ == "__main__":
    main()
