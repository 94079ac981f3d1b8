"""Configuration classes, read from the environment (MELDPUNT_ENV picks one)."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from argon2.profiles import RFC_9106_LOW_MEMORY

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET = "dev-only-not-secret"


def _optional_int(name: str) -> int | None:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else None


def _public_url_problem(url: str | None) -> str | None:
    """Why `url` cannot be the production PUBLIC_URL (None: it can)."""
    if not url:
        return "PUBLIC_URL (the site's address, e.g. https://meldpunt.school.nl)"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        return f"PUBLIC_URL to an https:// address without query (now {url!r})"
    return None


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    # Earlier keys, accepted for verifying only (never for signing): Flask's session
    # cookie and the notice links (incidents/notices/tokens.py). Comma-separated in the environment;
    # see docs/operations.md for how long to keep one after a rotation.
    SECRET_KEY_FALLBACKS = [k.strip() for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()]
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'meldpunt.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    STORAGE_ROOT = os.environ.get("MELDPUNT_STORAGE", str(INSTANCE_DIR / "storage"))
    # Where evidence, attachments and letters are kept (incidents/evidence/storage.py): "local"
    # (STORAGE_ROOT, one host or a shared directory) or "database" (a table every web host reaches).
    STORAGE_BACKEND = os.environ.get("MELDPUNT_STORAGE_BACKEND", "local")
    # Per-file cap; the request cap leaves room for several files and the form.
    MAX_UPLOAD_BYTES = int(os.environ.get("MELDPUNT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
    MAX_UPLOAD_FILES = 5
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("nl", "en")
    CASES_PER_PAGE = 25
    AUDIT_TRAIL_PER_PAGE = 50
    # Key of the HMAC that stands in the audit trail for a sign-in address no account has
    # (incidents/audit/security.py); the SECRET_KEY when unset.
    AUDIT_EMAIL_KEY = os.environ.get("MELDPUNT_AUDIT_EMAIL_KEY") or None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A session cookie not re-signed for this long is refused (Flask checks every session's
    # signature age against it, permanent or not); the CSRF token of a form lives as long, so it
    # ends with the session instead of never, and a long incident report still fits in it.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("MELDPUNT_SESSION_HOURS", 12)))
    WTF_CSRF_TIME_LIMIT = int(PERMANENT_SESSION_LIFETIME.total_seconds())
    # Server-side sessions (incidents/auth/sessions): PERMANENT_SESSION_LIFETIME is the absolute
    # limit from sign-in; a session unused for SESSION_IDLE_MINUTES ends too. With SESSION_BIND_IP
    # a session is valid only from the address and browser it was signed in from. Ended and
    # expired records are purged after SESSION_RECORD_DAYS.
    SESSION_IDLE_MINUTES = int(os.environ.get("MELDPUNT_SESSION_IDLE_MINUTES", 30))
    # The SSO client secrets are encrypted with a key derived from this (None: from SECRET_KEY).
    SSO_SECRET_KEY = os.environ.get("MELDPUNT_SSO_SECRET_KEY") or None
    SESSION_BIND_IP = os.environ.get("MELDPUNT_SESSION_BIND_IP", "true").lower() in ("1", "true", "yes")
    SESSION_RECORD_DAYS = int(os.environ.get("MELDPUNT_SESSION_RECORD_DAYS", 30))
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host (werkzeug's
    # ProxyFix, incidents/core/proxies.py). 0: those headers are ignored, the peer is the client.
    TRUSTED_PROXIES = int(os.environ.get("MELDPUNT_TRUSTED_PROXIES", 0))
    # Each forwarded header on its own (None: as TRUSTED_PROXIES), e.g. a proxy that sets
    # X-Forwarded-For and -Proto but passes the Host header through: PROXY_FIX_X_HOST=0.
    PROXY_FIX_X_FOR = _optional_int("PROXY_FIX_X_FOR")
    PROXY_FIX_X_PROTO = _optional_int("PROXY_FIX_X_PROTO")
    PROXY_FIX_X_HOST = _optional_int("PROXY_FIX_X_HOST")
    # The site's address as parents and staff reach it (https://meldpunt.school.nl). Every link in
    # an e-mail or PDF is built from it (incidents/core/links.py), never from a request's Host
    # header, which a client chooses. MELDPUNT_BASE_URL is its old name.
    PUBLIC_URL: str | None = os.environ.get("PUBLIC_URL") or os.environ.get("MELDPUNT_BASE_URL") or None
    # Sent as Strict-Transport-Security on every response when set (production: HTTPS only).
    STRICT_TRANSPORT_SECURITY: str | None = None
    # Second factor (incidents/auth/totp). SECOND_FACTOR_REQUIRED: the roles each school names
    # (default coordinators, directors, admins) must enrol; off only in the test configuration.
    # A personnel file, a police report and an access-request export ask for a code again when the
    # last one is older than STEP_UP_MINUTES. TOTP secrets are encrypted with TOTP_ENCRYPTION_KEY
    # (a Fernet key) or, unset, a key derived from SECRET_KEY: changing it means enrolling anew.
    SECOND_FACTOR_REQUIRED = True
    STEP_UP_MINUTES = int(os.environ.get("MELDPUNT_STEP_UP_MINUTES", 15))
    TOTP_ISSUER = os.environ.get("MELDPUNT_TOTP_ISSUER", "Meldpunt")
    TOTP_ENCRYPTION_KEY = os.environ.get("MELDPUNT_TOTP_KEY") or None
    # Password hashing (argon2id): argon2-cffi's default profile, RFC 9106's low-memory choice
    # (t=3, 64 MiB, 4 lanes; about 0.3 s of CPU per hash). A stored hash keeps the parameters it
    # was made with; one made with other ones is re-hashed at the next sign-in.
    PASSWORD_HASH_TIME_COST = RFC_9106_LOW_MEMORY.time_cost
    PASSWORD_HASH_MEMORY_COST = RFC_9106_LOW_MEMORY.memory_cost  # KiB
    PASSWORD_HASH_PARALLELISM = RFC_9106_LOW_MEMORY.parallelism
    # Request limits (Flask-Limiter, incidents/limits/limiter.py), per client address. The storage
    # is shared by all web processes only when it is not memory: "memory://" (one process, `make
    # run`) or "redis://127.0.0.1:6379/N". Values are "N per minute; M per hour" strings.
    RATELIMIT_STORAGE_URI = os.environ.get("MELDPUNT_LIMITER_STORAGE", "memory://")
    # Several Meldpunt instances (or test runs) sharing one Redis keep their counts apart by prefix.
    RATELIMIT_KEY_PREFIX = os.environ.get("MELDPUNT_LIMITER_PREFIX", "meldpunt")
    # Redis unreachable: each process counts in memory until it is back, rather than refusing sign-ins.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Flask-Limiter's X-RateLimit headers would go on every answer of a limited route and tell the
    # window of the per-address failure count; a refusal sets its own Retry-After instead.
    RATELIMIT_HEADERS_ENABLED = False
    LIMIT_LOGIN_FAILURES_PER_IP = os.environ.get("MELDPUNT_LIMIT_LOGIN_FAILURES", "10 per minute; 60 per hour")
    LIMIT_CODE_FAILURES_PER_IP = os.environ.get("MELDPUNT_LIMIT_CODE_FAILURES", "10 per minute; 60 per hour")
    # Per account as well: codes for one stolen password, tried from many addresses.
    LIMIT_CODE_FAILURES_PER_ACCOUNT = os.environ.get(
        "MELDPUNT_LIMIT_CODE_FAILURES_PER_ACCOUNT", "10 per hour; 30 per day"
    )
    LIMIT_RESET_REQUESTS_PER_IP = os.environ.get("MELDPUNT_LIMIT_RESET_REQUESTS", "5 per minute; 20 per hour")
    LIMIT_TOKEN_LINKS_PER_IP = os.environ.get("MELDPUNT_LIMIT_TOKEN_LINKS", "30 per minute; 300 per hour")
    LIMIT_PERSON_SEARCH_PER_IP = os.environ.get("MELDPUNT_LIMIT_PERSON_SEARCH", "120 per minute")
    # Failed sign-ins per account address (incidents/auth/throttle): after LOGIN_DELAY_AFTER failures
    # a wait of 2**(n - LOGIN_DELAY_AFTER) seconds up to the cap; a notice to the holder after
    # LOGIN_NOTICE_AFTER; a burst ends LOGIN_FAILURE_WINDOW_MINUTES after its last failure.
    LOGIN_DELAY_AFTER = 5
    LOGIN_DELAY_CAP_SECONDS = int(os.environ.get("MELDPUNT_LOGIN_DELAY_CAP_SECONDS", 300))
    LOGIN_NOTICE_AFTER = 10
    LOGIN_FAILURE_WINDOW_MINUTES = 60
    # A browser an address signed in from keeps a cookie this long; the per-address limit on
    # failed sign-ins spares it (incidents/auth/throttle/device.py).
    DEVICE_COOKIE_DAYS = int(os.environ.get("MELDPUNT_DEVICE_COOKIE_DAYS", 180))
    # Outgoing mail. Without MAIL_SERVER (the embedded default) the scheduler writes each
    # message as an .eml file under OUTBOX_DIR instead of sending it.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes")
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "").lower() in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    # PEM file of CA certificates that sign the mail server's certificate (a school's own CA),
    # used instead of the system's. The certificate and host name are always verified.
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Meldpunt <meldpunt@localhost>")
    OUTBOX_DIR = os.environ.get("MELDPUNT_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 30))
    # Delivery: a temporary failure waits BACKOFF * 2**(attempts-1) seconds (capped); after
    # MAX_ATTEMPTS the message is dead. A claim older than the lease belongs to a dead worker.
    OUTBOX_BATCH_SIZE = int(os.environ.get("OUTBOX_BATCH_SIZE", 50))
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 8))
    OUTBOX_BACKOFF_SECONDS = int(os.environ.get("OUTBOX_BACKOFF_SECONDS", 60))
    OUTBOX_BACKOFF_CAP_SECONDS = int(os.environ.get("OUTBOX_BACKOFF_CAP_SECONDS", 6 * 3600))
    OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", 300))
    # Scheduler: how often the jobs run, and when /healthz calls its heartbeat stale.
    SCHEDULER_DELIVER_SECONDS = int(os.environ.get("SCHEDULER_DELIVER_SECONDS", 5))
    SCHEDULER_HEARTBEAT_SECONDS = int(os.environ.get("SCHEDULER_HEARTBEAT_SECONDS", 30))
    SCHEDULER_STALE_SECONDS = int(os.environ.get("SCHEDULER_STALE_SECONDS", 120))
    # School-time clock times ("HH:MM" or "HH:MM:SS") of the nightly jobs; each runs once
    # across all schedulers. A run's claim is kept JOB_RUN_DAYS (each job's last one always).
    SCHEDULER_RETENTION_AT = os.environ.get("SCHEDULER_RETENTION_AT", "02:30")
    SCHEDULER_PURGE_SESSIONS_AT = os.environ.get("SCHEDULER_PURGE_SESSIONS_AT", "03:15")
    SCHEDULER_PURGE_JOB_RUNS_AT = os.environ.get("SCHEDULER_PURGE_JOB_RUNS_AT", "03:45")
    JOB_RUN_DAYS = int(os.environ.get("JOB_RUN_DAYS", 30))
    # Logs on stdout (incidents/observability/log_format.py): "text" for a terminal, "json" (one
    # object a line, with the request id) for a log collector; production's default is json.
    LOG_FORMAT = os.environ.get("MELDPUNT_LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("MELDPUNT_LOG_LEVEL", "INFO")
    # Bearer token a Prometheus scraper sends to GET /metrics; unset, /metrics answers only
    # requests from 127.0.0.1 or ::1 that came through no proxy (incidents/observability/access.py).
    METRICS_TOKEN = os.environ.get("MELDPUNT_METRICS_TOKEN") or None

    @property
    def MAX_CONTENT_LENGTH(self):
        return self.MAX_UPLOAD_BYTES * self.MAX_UPLOAD_FILES + 1024 * 1024


class DevelopmentConfig(Config):
    PUBLIC_URL = Config.PUBLIC_URL or "http://localhost:5000"


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    PUBLIC_URL = "http://localhost"  # the test client's own host, so links can be followed
    # No school requires a second factor here, so the suite signs in with a password alone; the
    # `second_factor_required` fixture turns it on (enrolled users still give a code: `login` does).
    SECOND_FACTOR_REQUIRED = False
    # The cheapest argon2id hash: tests sign in thousands of times. Never outside tests.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 8  # KiB, argon2's minimum for one lane
    PASSWORD_HASH_PARALLELISM = 1


class ProductionConfig(Config):
    ENV_NAME = "production"
    LOG_FORMAT = os.environ.get("MELDPUNT_LOG_FORMAT", "json")
    SESSION_COOKIE_SECURE = True
    STRICT_TRANSPORT_SECURITY = os.environ.get("MELDPUNT_HSTS", "max-age=31536000; includeSubDomains") or None

    def __init__(self):
        missing = []
        if self.SECRET_KEY in (None, "", DEV_SECRET) or len(self.SECRET_KEY) < 32:
            missing.append("SECRET_KEY (at least 32 random characters)")
        if not os.environ.get("DATABASE_URL"):
            missing.append("DATABASE_URL")
        public_url_problem = _public_url_problem(self.PUBLIC_URL)
        if public_url_problem:
            missing.append(public_url_problem)
        if self.STORAGE_BACKEND not in ("local", "database"):
            missing.append(f"MELDPUNT_STORAGE_BACKEND to local or database (now {self.STORAGE_BACKEND!r})")
        if missing:
            raise RuntimeError("Production start refused; set " + ", ".join(missing))


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config():
    """The config object for MELDPUNT_ENV (default: development)."""
    name = os.environ.get("MELDPUNT_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown MELDPUNT_ENV {name!r}")
    return CONFIGS[name]()
