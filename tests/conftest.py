"""Shared fixtures: an app per database backend, a client, factories, a login helper and
the shared school (`world`). Plain helpers (EN, sign_in, files) are in tests/helpers.py.

Every test that uses `app` runs twice: on SQLite and on PostgreSQL (when
TEST_DATABASE_URL is set). Each backend gets one app for the whole session, so the
templates compile once; its schema is made by the migrations. Per test, the files go to
the test's own tmp_path, settings changed by a test (`configure`, or monkeypatch.setitem on
app.config) are put back, and the tables are emptied.

Under pytest-xdist every worker has its own databases: the SQLite file in the worker's
temporary directory and, on PostgreSQL, TEST_DATABASE_URL's database with the worker's
name appended (e.g. `test_gw0`), created when missing.
"""

import contextvars
import os
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from app import create_app
from config import TestConfig
from incidents.extensions import db
from incidents.limits.limiter import limiter
from tests.helpers import FROZEN_NOW, TEST_PASSWORD, sign_in

PG_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql_only: runs only on the PostgreSQL leg")
    config.addinivalue_line("markers", "rule(*ids): proves these rules of workflows/rulebook.py (docs/rules.md)")


def _worker_database(url):
    """This xdist worker's own database next to `url` (created on demand); `url` itself without xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_postgresql(url):
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_config(url, tmp_path, **overrides):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.STORAGE_ROOT = str(tmp_path / "storage")
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """An empty database of one backend (backend_app migrates it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    else:
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("TEST_DATABASE_URL is not set; CI must test on PostgreSQL")
            pytest.skip("PostgreSQL leg skipped: TEST_DATABASE_URL is not set")
        url = _worker_database(PG_URL)
        _reset_postgresql(url)
    return url


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a real server would.

    Without this, requests would share the test's app context: its `g`, its
    cached locale and its database session.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test's own session sees what the request committed
        return response


@pytest.fixture(scope="session")
def backend_app(database_url, tmp_path_factory):
    """The one app of a backend, on its freshly migrated database. Use `app` in tests."""
    app = create_app(make_config(database_url, tmp_path_factory.mktemp("storage")))
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_tables():
    """Empty every table, children first.

    PostgreSQL: TRUNCATE only the append-only audit trail (its trigger refuses DELETE) and
    DELETE the rest, in one round trip: a TRUNCATE of every table costs ~150 ms a test, this
    ~25 ms. Ids and sequences are not restarted and rows may come back in another order than
    they went in: no test may rely on either (reference numbers come from case_counters,
    which is emptied like any table).
    """
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        append_only = {"audit_events"}
        statements = [f'TRUNCATE "{t.name}"' for t in tables if t.name in append_only]
        statements += [f'DELETE FROM "{t.name}"' for t in tables if t.name not in append_only]
        db.session.execute(text("; ".join(statements)))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(backend_app, tmp_path, monkeypatch):
    """The backend's app in an app context, with this test's own storage and outbox directories.

    Settings a test changes are restored afterwards, however they were changed.
    """
    app = backend_app
    saved = dict(app.config)
    monkeypatch.setitem(app.config, "STORAGE_ROOT", str(tmp_path / "storage"))
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(tmp_path / "outbox"))
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
        _empty_tables()
        limiter.reset()  # request limits count per test (incidents/limits/limiter.py)
        db.session.remove()
    app.config.clear()
    app.config.update(saved)


@pytest.fixture
def configure(app, monkeypatch):
    """Change settings for this test only: `configure(MAIL_SERVER=None, CASES_PER_PAGE=2)`."""

    def set_config(**values):
        for key, value in values.items():
            monkeypatch.setitem(app.config, key, value)

    return set_config


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Freeze the application clock; returns a setter for moving it."""
    from incidents.core import clock

    state = {"now": FROZEN_NOW}
    monkeypatch.setattr(clock, "utc_now", lambda: state["now"])

    def set_now(value):
        state["now"] = value

    set_now.now = lambda: state["now"]
    return set_now


@pytest.fixture
def long_sessions(configure):
    """Sessions that never time out, for tests that move the clock days ahead while one user stays
    signed in (the timeouts themselves are tested in tests/auth/test_sessions.py)."""
    configure(SESSION_IDLE_MINUTES=10**7, PERMANENT_SESSION_LIFETIME=timedelta(days=3650))


# --- factories -------------------------------------------------------------------


@pytest.fixture
def make_school(app):
    from incidents.schools.models import Foundation, School

    counter = {"n": 0}

    def make(kind="secondary", name=None):
        counter["n"] += 1
        foundation = Foundation(name="Stichting Test")
        school = School(
            foundation=foundation, code=f"T{counter['n']:03d}", name=name or f"School {counter['n']}", kind=kind
        )
        db.session.add(school)
        db.session.commit()
        return school

    return make


@pytest.fixture
def make_group(app):
    from incidents.schools.models import Group

    def make(school, name="1A", mentors=()):
        group = Group(school_id=school.id, name=name)
        group.mentors.extend(mentors)
        db.session.add(group)
        db.session.commit()
        return group

    return make


@pytest.fixture
def make_person(app):
    from incidents.people.models import Guardianship, Person

    counter = {"n": 0}

    def make(
        school, kind="pupil", first_name=None, last_name="Jansen", group=None, born=date(2012, 5, 1), parents=0, **extra
    ):
        counter["n"] += 1
        person = Person(
            school_id=school.id,
            kind=kind,
            first_name=first_name or f"Kind{counter['n']}",
            last_name=last_name,
            group_id=group.id if group else None,
            date_of_birth=born if kind == "pupil" else None,
            external_number=f"{kind[0]}{counter['n']}" if kind != "parent" else None,
            **extra,
        )
        db.session.add(person)
        for i in range(parents):
            parent = Person(
                school_id=school.id,
                kind="parent",
                first_name=f"Ouder{i}",
                last_name=last_name,
                email=f"ouder{counter['n']}{i}@example.org",
            )
            db.session.add(Guardianship(pupil=person, parent=parent, parental_authority=True))
        db.session.commit()
        return person

    return make


@pytest.fixture
def make_user(app):
    from incidents.auth.models import Membership, User
    from incidents.auth.passwords import hash_password

    counter = {"n": 0}
    password_hash = hash_password(TEST_PASSWORD)

    def make(role, school, *more_schools, name=None):
        counter["n"] += 1
        user = User(
            email=f"{role}{counter['n']}@example.org",
            name=name or f"{role.title()} {counter['n']}",
            password_hash=password_hash,
        )
        db.session.add(user)
        db.session.flush()
        for s in (school, *more_schools):
            db.session.add(Membership(user_id=user.id, school_id=s.id, role=role))
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """`login(user)`: sign `user` in on the test's client (see helpers.sign_in)."""

    def do_login(user, password=TEST_PASSWORD):
        return sign_in(client, user, password)

    return do_login


@pytest.fixture
def make_case(app):
    """Report a case through the real operation, as `user` at `school`."""
    from incidents.casework.operations import NewCase, report_case

    def make(school, user, involved, category="bullying", when=None, description="Test incident beschrijving"):
        when = when or datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
        case = report_case(
            school,
            user,
            NewCase(
                category=category,
                platform="whatsapp",
                occurred_at=when,
                severity="medium",
                description=description,
                involved=[(p.id, role) for p, role in involved],
            ),
        )
        db.session.commit()
        return case

    return make


# --- the shared school -----------------------------------------------------------


class World(SimpleNamespace):
    """The people and cases of one test school; attributes as listed in `make_world`."""


@pytest.fixture
def make_world(make_school, make_user, make_group, make_person, make_case, frozen_clock):
    """Build a school with its staff, groups, pupils with parents and two cases; returns a World.

    - school: "Het Baken" (secondary unless `kind` says otherwise)
    - users: mentor "Mentor Mies" (mentor of group 1A), coordinator "Coordinator Cor",
      director "Director Dirk", admin "Admin Ad"
    - group (1A) and group_b (2B)
    - pupils: femke (Femke de Vries, 1A, born 2012-05-01, two parents with e-mail),
      sem (Sem Bakker, 2B, one parent with e-mail), noah (Noah Visser, 2B, no parents)
    - teacher: staff member Karin Smit
    - case: reported by the mentor about `involved` (default: femke as the target; None: no case)
    - hidden_case: reported by the director, Noah the target and Sem the perpetrator; the
      mentor cannot see it (neither pupil is in the mentor's group)
    - with `other_school`: other_school ("Het Andere College") with its own director
      (other_director, "Director Elders"), pupil (other_pupil) and case (other_case)
    A suite that needs more adds it to the World it gets (e.g. a paper-only parent).
    """

    def build(kind="secondary", name="Het Baken", involved=(("femke", "target"),), other_school=False):
        w = World()
        w.school = make_school(kind=kind, name=name)
        w.mentor = make_user("mentor", w.school, name="Mentor Mies")
        w.coordinator = make_user("coordinator", w.school, name="Coordinator Cor")
        w.director = make_user("director", w.school, name="Director Dirk")
        w.admin = make_user("admin", w.school, name="Admin Ad")
        w.group = make_group(w.school, "1A", mentors=[w.mentor])
        w.group_b = make_group(w.school, "2B")
        w.femke = make_person(
            w.school, first_name="Femke", last_name="de Vries", group=w.group, born=date(2012, 5, 1), parents=2
        )
        w.sem = make_person(w.school, first_name="Sem", last_name="Bakker", group=w.group_b, parents=1)
        w.noah = make_person(w.school, first_name="Noah", last_name="Visser", group=w.group_b)
        w.teacher = make_person(w.school, kind="staff", first_name="Karin", last_name="Smit")
        if involved is not None:
            w.case = make_case(w.school, w.mentor, [(getattr(w, person), role) for person, role in involved])
        w.hidden_case = make_case(w.school, w.director, [(w.sem, "perpetrator"), (w.noah, "target")])
        if other_school:
            w.other_school = make_school(name="Het Andere College")
            w.other_director = make_user("director", w.other_school, name="Director Elders")
            w.other_pupil = make_person(w.other_school, first_name="Elders", last_name="Kind")
            w.other_case = make_case(w.other_school, w.other_director, [(w.other_pupil, "target")])
        return w

    return build


@pytest.fixture
def world(make_world):
    """The shared school with another school beside it (`make_world(other_school=True)`)."""
    return make_world(other_school=True)


# --- the second factor -----------------------------------------------------------
# TestConfig sets SECOND_FACTOR_REQUIRED = False: no school requires a second factor, so every
# suite signs in with the password alone. `second_factor_required` turns the schools' setting
# (default coordinators, directors, admins) on; `enrol_second_factor(user)` gives an account an
# authenticator, after which `login` also types a code for it (tests/helpers.sign_in).


@pytest.fixture
def second_factor_required(configure):
    configure(SECOND_FACTOR_REQUIRED=True)


@pytest.fixture
def enrol_second_factor(app):
    """`enrol_second_factor(user)` -> (secret, recovery codes): enrolled through the operation."""
    from incidents.auth.totp import codes
    from incidents.auth.totp.operations import enrol
    from incidents.core import clock

    def do_enrol(user):
        secret = codes.new_secret()
        recovery = enrol(user, secret, codes.code_at(secret, clock.utc_now()))
        db.session.commit()
        return secret, recovery

    return do_enrol


@pytest.fixture(params=["local", "database"])
def storage_backend(request, app, monkeypatch):
    """Run the test once per object store backend (incidents/evidence/storage.py); the suites
    of stored files (evidence, correspondence, retention, backup) use it for every test."""
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", request.param)
    return request.param
