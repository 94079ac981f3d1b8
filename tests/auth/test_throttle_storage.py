"""Issue 10, point 11: the limiter's storage is a setting. In memory (the default, for `make run`)
the counts live in the process; in Redis every web process shares them. Each Redis run uses
its own key prefix in a dedicated database (TEST_REDIS_URL, default db 13) and removes its keys."""

import os
import uuid

import pytest

from incidents.limits.limiter import limiter
from tests.auth.throttle_helpers import IP_A, attempt
from tests.helpers import TEST_PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis():
    import redis  # only these tests talk to Redis themselves

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    return connection


@pytest.fixture
def use_storage(app, configure):
    """`use_storage(uri)`: point the app's limiter at another storage for this test, as a web
    process started with MELDPUNT_LIMITER_STORAGE=uri would be; `restart()` opens it anew."""
    prefixes = []

    def use(uri):
        prefix = f"meldpunt-test-{uuid.uuid4().hex[:12]}"
        prefixes.append(prefix)
        configure(RATELIMIT_STORAGE_URI=uri, RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix})
        limiter.init_app(app)
        return prefix

    use.restart = lambda: limiter.init_app(app)  # a new storage object: what another process has
    yield use
    if app.config["RATELIMIT_STORAGE_URI"].startswith("redis"):
        connection = _redis()
        for prefix in prefixes:
            keys = list(connection.scan_iter(f"{prefix}*"))
            if keys:
                connection.delete(*keys)
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    limiter.init_app(app)
    # After the unreachable-Redis test the limiter would stay on its fallback storage until it
    # next probes the (now memory) storage; the tests after this one count in the storage again.
    limiter._storage_dead = False


def _breach(client, configure):
    configure(LIMIT_LOGIN_FAILURES_PER_IP="3 per minute")
    statuses = [attempt(client, f"raden-{n}@example.org", "verkeerd wachtwoord").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_in_memory_the_counts_belong_to_one_process(client, configure, use_storage):
    use_storage("memory://")
    _breach(client, configure)
    use_storage.restart()
    assert attempt(client, "raden-9@example.org", "verkeerd wachtwoord").status_code == 200


def test_in_redis_every_process_sees_the_same_counts(client, configure, use_storage):
    connection = _redis()
    prefix = use_storage(REDIS_URL)
    _breach(client, configure)
    keys = [key.decode() for key in connection.scan_iter(f"{prefix}*")]
    assert keys and all("login-failures" in key and IP_A in key for key in keys)
    assert not any("@" in key for key in keys), "no address in a key"
    use_storage.restart()
    assert attempt(client, "raden-9@example.org", "verkeerd wachtwoord").status_code == 429


def test_with_redis_unreachable_sign_ins_go_on_and_the_limits_count_in_memory(client, world, configure, use_storage):
    use_storage("redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert attempt(client, world.mentor.email, TEST_PASSWORD).status_code == 302
    client.post("/logout")
    configure(LIMIT_LOGIN_FAILURES_PER_IP="3 per minute")
    statuses = [attempt(client, f"raden-{n}@example.org", "verkeerd wachtwoord").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
