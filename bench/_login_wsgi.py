"""The app gunicorn serves in bench_login.py, configured from the environment bench_login sets:
BENCH_DATABASE_URL, BENCH_WORKDIR, BENCH_LIMITER ("on" or "off"), BENCH_LIMITER_STORAGE and
BENCH_KEY_PREFIX. Password hashing has the production parameters (not the tests' cheap ones)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import make_app
from config import Config

_on = os.environ.get("BENCH_LIMITER", "on") == "on"
app = make_app(
    os.environ["BENCH_DATABASE_URL"],
    os.environ["BENCH_WORKDIR"],
    PASSWORD_HASH_TIME_COST=Config.PASSWORD_HASH_TIME_COST,
    PASSWORD_HASH_MEMORY_COST=Config.PASSWORD_HASH_MEMORY_COST,
    PASSWORD_HASH_PARALLELISM=Config.PASSWORD_HASH_PARALLELISM,
    RATELIMIT_ENABLED=_on,
    RATELIMIT_STORAGE_URI=os.environ.get("BENCH_LIMITER_STORAGE", "memory://"),
    RATELIMIT_KEY_PREFIX=os.environ.get("BENCH_KEY_PREFIX", "meldpunt-bench"),
    # "Off" is the app before issue 10 point 11: no request limits and no delay per account.
    LOGIN_DELAY_AFTER=5 if _on else 10**9,
    SESSION_BIND_IP=False,
)
