"""Benchmark sign-in over HTTP against gunicorn, with the request limits off and on (issue 10, point 11).

    .venv/bin/python bench/bench_login.py                  # temp SQLite file, limiter storage in Redis db 14
    .venv/bin/python bench/bench_login.py --limiter-storage memory:// --seconds 5

For each mode ("before": no limiter and no delay per account; "after": both on) it starts
gunicorn (--workers sync workers) on the app with production password hashing and prints:
- login throughput: sign-ins with the correct password per second (--clients threads for
  --seconds; the median of --rounds, the two modes taking turns), beside a hello-world Flask app
  under the same gunicorn and clients, as a ratio;
- /healthz response time (median, p95, max) idle and while 6 clients send wrong passwords
  for one account as fast as they can.
The Redis keys it writes carry their own prefix and are deleted at the end.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from bench._common import make_app
from config import Config
from incidents.extensions import db

ROOT = Path(__file__).resolve().parent.parent
EMAIL, PASSWORD = "bench-director@example.org", "een lang bench wachtwoord"
ATTACKERS = 6


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each timed phase")
    parser.add_argument("--clients", type=int, default=4, help="client threads for the throughput phases")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rounds", type=int, default=3, help="login throughput rounds per mode, taking turns")
    parser.add_argument("--limiter-storage", default="redis://127.0.0.1:6379/14")
    return parser.parse_args()


def prepare_database(workdir):
    """A migrated SQLite file with one school and one director, hashed with production parameters."""
    from incidents.auth.models import Membership, User
    from incidents.auth.passwords import hash_password
    from incidents.schools.models import Foundation, School

    url = f"sqlite:///{workdir / 'bench.sqlite'}"
    app = make_app(
        url,
        workdir,
        PASSWORD_HASH_TIME_COST=Config.PASSWORD_HASH_TIME_COST,
        PASSWORD_HASH_MEMORY_COST=Config.PASSWORD_HASH_MEMORY_COST,
        PASSWORD_HASH_PARALLELISM=Config.PASSWORD_HASH_PARALLELISM,
    )
    with app.app_context():
        upgrade()
        foundation = Foundation(name="Stichting Bench")
        school = School(name="Bench College", code="BENCH", kind="secondary", foundation=foundation)
        user = User(email=EMAIL, name="Bench Directeur", password_hash=hash_password(PASSWORD))
        db.session.add_all([foundation, school, user])
        db.session.flush()
        db.session.add(Membership(user_id=user.id, school_id=school.id, role="director"))
        db.session.commit()
    return url


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, target, workers, env):
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{self.port}"]
        command += ["--log-level", "warning", target]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request(self.port, "GET", "/healthz" if "login" in target else "/")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn ({target}) did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def request(port, method, path, form=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = urlencode(form) if form is not None else None
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def throughput(port, method, path, form, expect, clients, seconds):
    """Requests per second answered with `expect`, from `clients` threads for `seconds`."""
    done, stop = [], time.monotonic() + seconds

    def client():
        n = 0
        while time.monotonic() < stop:
            if request(port, method, path, form) == expect:
                n += 1
        done.append(n)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def healthz_times(port, seconds):
    """Response times of /healthz in ms, one request after another for `seconds`."""
    times, stop = [], time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.monotonic()
        request(port, "GET", "/healthz")
        times.append((time.monotonic() - started) * 1000)
        time.sleep(0.1)
    return times


def under_attack(port, seconds):
    """/healthz times while ATTACKERS threads send wrong passwords; also their answers by status."""
    stop, answers = threading.Event(), {}
    lock = threading.Lock()

    def attacker():
        while not stop.is_set():
            status = request(port, "POST", "/login", {"email": EMAIL, "password": "fout wachtwoord"})
            with lock:
                answers[status] = answers.get(status, 0) + 1

    threads = [threading.Thread(target=attacker) for _ in range(ATTACKERS)]
    for t in threads:
        t.start()
    time.sleep(1)  # let the attack fill the workers first
    times = healthz_times(port, seconds)
    stop.set()
    for t in threads:
        t.join()
    return times, answers


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  max {times[-1]:7.1f} ms  (n={len(times)})"


def forget_failures(url):
    """Each mode's attack starts from no failed sign-ins (the modes share one database)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM login_throttles"))
    engine.dispose()


def measure(servers, args, url):
    """Login throughput of each server, the modes taking turns (--rounds; the median is printed,
    as other processes share the machine), then /healthz idle and under attack, one server at a time."""
    login = {"email": EMAIL, "password": PASSWORD}
    rates = {name: [] for name in servers}
    for _ in range(args.rounds):
        for name, server in servers.items():
            rates[name].append(throughput(server.port, "POST", "/login", login, 302, args.clients, args.seconds))
    results = {}
    for name, server in servers.items():
        idle = healthz_times(server.port, min(args.seconds, 3))
        forget_failures(url)
        attacked, answers = under_attack(server.port, args.seconds)
        results[name] = (rates[name], idle, attacked, answers)
    return results


def report(results, hello_rps):
    for name, (rates, idle, attacked, answers) in results.items():
        rps = statistics.median(rates)
        print(f"[{name}]")
        each = ", ".join(f"{r:.2f}" for r in rates)
        print(f"  login, correct password:  {rps:6.2f} req/s = {rps / hello_rps:.4f} x hello-world  (rounds: {each})")
        print(f"  /healthz idle:            {summary(idle)}")
        print(f"  /healthz, {ATTACKERS} attackers:    {summary(attacked)}")
        print(f"  attackers' answers:       {dict(sorted(answers.items()))}")


def clean_redis(uri, prefix):
    import redis  # only for the cleanup of a Redis limiter storage

    connection = redis.Redis.from_url(uri)
    keys = list(connection.scan_iter(f"*{prefix}*"))  # after the storage's own "LIMITS:" prefix
    if keys:
        connection.delete(*keys)


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = prepare_database(workdir)
        prefix = f"meldpunt-bench-{uuid.uuid4().hex[:12]}"
        base = {"BENCH_DATABASE_URL": url, "BENCH_WORKDIR": str(workdir), "BENCH_KEY_PREFIX": prefix}
        print(f"gunicorn: {args.workers} sync workers; {args.clients} clients; {args.seconds:.0f} s per phase")
        print(f"limiter storage (after): {args.limiter_storage}")
        hello = Server("bench._hello_wsgi:app", args.workers, {})
        try:
            hello_rps = throughput(hello.port, "GET", "/", None, 200, args.clients, args.seconds)
        finally:
            hello.stop()
        print(f"hello-world: {hello_rps:8.1f} req/s")
        storage = {"BENCH_LIMITER_STORAGE": args.limiter_storage}
        modes = {
            "before: limiter off": {**base, "BENCH_LIMITER": "off"},
            "after: limiter on": {**base, "BENCH_LIMITER": "on", **storage},
        }
        servers = {}
        try:
            for name, env in modes.items():
                servers[name] = Server("bench._login_wsgi:app", args.workers, env)
            results = measure(servers, args, url)
        finally:
            for server in servers.values():
                server.stop()
            if args.limiter_storage.startswith("redis"):
                clean_redis(args.limiter_storage, prefix)
        report(results, hello_rps)


if __name__ == "__main__":
    main()
