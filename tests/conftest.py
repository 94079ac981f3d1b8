"""Shared fixtures: an app per database backend, a client, factories and a login helper.

Every test that uses `app` runs twice: on SQLite and on PostgreSQL (when
TEST_DATABASE_URL is set). The schema is made by the migrations, once per backend;
tables are emptied after each test.
"""
import contextvars
import os
from datetime import date, datetime, timezone

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from config import TestConfig
from incidents.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql_only: runs only on the PostgreSQL leg")


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
    """A migrated, empty database of one backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    else:
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("TEST_DATABASE_URL is not set; CI must test on PostgreSQL")
            pytest.skip("PostgreSQL leg skipped: TEST_DATABASE_URL is not set")
        url = PG_URL
        _reset_postgresql(url)
    app = create_app(make_config(url, tmp_path_factory.mktemp("storage")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _empty_tables():
    tables = [t for t in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


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


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Freeze the application clock; returns a setter for moving it."""
    from incidents.core import clock

    state = {"now": datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)}
    monkeypatch.setattr(clock, "utc_now", lambda: state["now"])

    def set_now(value):
        state["now"] = value

    set_now.now = lambda: state["now"]
    return set_now


# --- factories -------------------------------------------------------------------

@pytest.fixture
def make_school(app):
    from incidents.schools.models import Foundation, School

    counter = {"n": 0}

    def make(kind="secondary", name=None):
        counter["n"] += 1
        foundation = Foundation(name="Stichting Test")
        school = School(foundation=foundation, code=f"T{counter['n']:03d}", name=name or f"School {counter['n']}",
                        kind=kind)
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

    def make(school, kind="pupil", first_name=None, last_name="Jansen", group=None, born=date(2012, 5, 1),
             parents=0, **extra):
        counter["n"] += 1
        person = Person(school_id=school.id, kind=kind, first_name=first_name or f"Kind{counter['n']}",
                        last_name=last_name, group_id=group.id if group else None,
                        date_of_birth=born if kind == "pupil" else None,
                        external_number=f"{kind[0]}{counter['n']}" if kind != "parent" else None, **extra)
        db.session.add(person)
        for i in range(parents):
            parent = Person(school_id=school.id, kind="parent", first_name=f"Ouder{i}", last_name=last_name,
                            email=f"ouder{counter['n']}{i}@example.org")
            db.session.add(Guardianship(pupil=person, parent=parent, parental_authority=True))
        db.session.commit()
        return person

    return make


TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_user(app):
    from incidents.auth.models import Membership, User
    from incidents.auth.passwords import hash_password

    counter = {"n": 0}
    password_hash = hash_password(TEST_PASSWORD)

    def make(role, school, *more_schools, name=None):
        counter["n"] += 1
        user = User(email=f"{role}{counter['n']}@example.org", name=name or f"{role.title()} {counter['n']}",
                    password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
        for s in (school, *more_schools):
            db.session.add(Membership(user_id=user.id, school_id=s.id, role=role))
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    def do_login(user, password=TEST_PASSWORD):
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return client

    return do_login


@pytest.fixture
def make_case(app):
    """Report a case through the real operation, as `user` at `school`."""
    from incidents.casework.operations import NewCase, report_case

    def make(school, user, involved, category="bullying", when=None, description="Test incident beschrijving"):
        when = when or datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc)
        case = report_case(
            school,
            user,
            NewCase(category=category, platform="whatsapp", occurred_at=when, severity="medium",
                    description=description, involved=[(p.id, role) for p, role in involved]),
        )
        db.session.commit()
        return case

    return make
