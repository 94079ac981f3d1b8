"""Benchmark outbox delivery: 10,000 due messages to a local SMTP server.

    .venv/bin/python bench/bench_outbox_delivery.py                      # temp SQLite file
    .venv/bin/python bench/bench_outbox_delivery.py --reset \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/bench_outbox_delivery.py --workers 3          # three delivery processes at once

Migrates a fresh database, inserts --messages rows all due now, starts aiosmtpd (a separate
process, so it does not share our interpreter), then runs `deliver_due` until nothing is
due, in --workers processes. Prints messages per second and the time from due to sent
(median, p95, max). All messages are due at once, so the due->sent time mostly measures
the queue: the median is about half the total time.
"""

import argparse
import multiprocessing
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import func, insert, select

from bench._common import make_app, reset_postgresql
from incidents.extensions import db

BATCH = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    parser.add_argument(
        "--reset", action="store_true", help="PostgreSQL: drop and recreate schema public first (destroys its data)"
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100, help="messages claimed per batch")
    parser.add_argument("--workers", type=int, default=1, help="delivery processes running at once")
    return parser.parse_args()


def make_outbox_app(url, workdir, smtp_port=None, batch=100):
    return make_app(
        url,
        workdir,
        OUTBOX_DIR=str(Path(workdir) / "outbox"),
        MAIL_SERVER="127.0.0.1" if smtp_port else None,
        MAIL_PORT=smtp_port or 25,
        MAIL_DEFAULT_SENDER="Meldpunt <meldpunt@example.org>",
        OUTBOX_BATCH_SIZE=batch,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp(port):
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("aiosmtpd did not start")


def populate(n):
    from incidents.outbox.models import OutboxMessage
    from incidents.schools.models import Foundation, School

    school = School(foundation=Foundation(name="Bench"), code="B001", name="Bench", kind="secondary")
    db.session.add(school)
    db.session.flush()
    now = datetime.now(UTC)
    rows = [
        dict(
            school_id=school.id,
            idempotency_key=f"bench:{i}",
            kind="bench",
            to_address=f"ouder{i}@example.org",
            to_name=f"Ouder {i}",
            subject=f"Melding {i}",
            body_text="Beste ouder,\n\n" + "Tekst. " * 60,
            message_id=f"<{uuid.uuid4().hex}@meldpunt.local>",
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        for i in range(n)
    ]
    for start in range(0, n, BATCH):
        db.session.execute(insert(OutboxMessage), rows[start : start + BATCH])
    db.session.commit()


def worker(url, workdir, port, batch):
    from incidents.outbox.delivery import deliver_due

    app = make_outbox_app(url, workdir, port, batch)
    with app.app_context():
        while deliver_due(batches=1000).claimed:
            pass
        db.session.remove()
        db.engine.dispose()


def main():
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix="bench-outbox-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    if args.reset and url.startswith("postgresql"):
        reset_postgresql(url)
    port = free_port()
    app = make_outbox_app(url, workdir, port, args.batch)
    with app.app_context():
        upgrade()
        populate(args.messages)
        db.engine.dispose()
    smtp = start_smtp(port)
    try:
        started = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        processes = [ctx.Process(target=worker, args=(url, workdir, port, args.batch)) for _ in range(args.workers)]
        for p in processes:
            p.start()
        for p in processes:
            p.join()
        elapsed = time.perf_counter() - started
    finally:
        smtp.terminate()
        smtp.wait(10)

    from incidents.outbox.models import OutboxMessage

    with app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.next_attempt_at, OutboxMessage.sent_at).where(OutboxMessage.status == "sent")
        ).all()
        others = db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.status != "sent")
            .group_by(OutboxMessage.status)
        ).all()
        db.engine.dispose()
    latencies = sorted((sent - due).total_seconds() for due, sent in rows)
    backend = url.split(":", 1)[0].split("+")[0]
    print(f"outbox delivery, {backend}, {args.workers} worker(s), batch {args.batch}, aiosmtpd Sink on 127.0.0.1")
    print(
        f"  sent {len(rows)} of {args.messages} in {elapsed:.1f} s: {len(rows) / elapsed:.0f} messages/s"
        + (f"  (not sent: {dict(others)})" if others else "")
    )
    if latencies:
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        print(f"  due -> sent: median {statistics.median(latencies):.1f} s, p95 {p95:.1f} s, max {latencies[-1]:.1f} s")
    if len(rows) != args.messages:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
