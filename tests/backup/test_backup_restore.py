"""`flask backup` and `flask restore`: a populated instance backed up, restored into a fresh
database and file store, verified, and compared row for row and page for page."""

import json
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, func, inspect, make_url, select, table, text

from app import create_app
from incidents.correspondence.models import Attachment
from incidents.correspondence.operations import record_correspondence
from incidents.evidence.storage import path_for
from incidents.extensions import db
from tests.conftest import IsolatedClient, make_config
from tests.evidence.helpers import store, tamper, upload
from tests.helpers import EN, jpeg_bytes, pdf_bytes, png_bytes, sign_in
from tests.notices.helpers import compose_data


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def counts(engine):
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        return {name: conn.scalar(select(func.count()).select_from(table(name))) for name in names}


@pytest.fixture
def populated(app, client, login, world):
    """The shared school with evidence files, a letter with attachments and notices to the parents."""
    login(world.mentor)
    response = upload(client, world.case.id, files=[(png_bytes(), "scherm.png"), (pdf_bytes(), "chat.pdf")])
    assert response.status_code == 302
    record_correspondence(
        world.case,
        world.coordinator,
        kind="letter",
        direction="out",
        occurred_on=world.case.occurred_at.date(),
        subject="Brief aan ouders",
        concerns=[world.femke.id],
        attachments=[(store(jpeg_bytes()), "brief.jpg"), (store(png_bytes((1, 2, 3))), "bijlage.png")],
    )
    db.session.commit()
    login(world.coordinator)
    response = client.post(f"/cases/{world.case.id}/notices/new", data=compose_data(client, world.case.id))
    assert response.status_code == 302
    client.post("/logout")
    return world


@pytest.fixture
def fresh_url(database_url, tmp_path):
    """A second, empty database of the same backend: a new file, or a PostgreSQL database made and dropped here."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    base = make_url(database_url)
    name = f"{base.database}_restore"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_app(fresh_url, tmp_path, storage_backend):
    """An app on the empty database and an empty file store of its own (of the same backend)."""
    restored = create_app(make_config(fresh_url, tmp_path / "restored", STORAGE_BACKEND=storage_backend))
    restored.test_client_class = IsolatedClient
    yield restored
    with restored.app_context():
        db.session.remove()
        db.engine.dispose()


def normalised(page):
    """A page without what differs per session: its CSRF tokens."""
    page = re.sub(r'(<meta name="csrf-token" content=")[^"]*"', r'\1"', page)
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', page)


def sample(world):
    """What to render: who signs in, and the pages and attachments to fetch (plain values, read
    here: the test's ORM objects must not load anything while the restored app is current)."""
    urls = [f"/cases/{world.case.id}", f"/people/{world.femke.id}", f"/people/{world.femke.id}/file", "/"]
    attachments = [f"/correspondence/attachments/{id_}" for id_ in db.session.scalars(select(Attachment.id))]
    return SimpleNamespace(email=world.coordinator.email), urls, attachments


def pages(flask_app, coordinator, urls, attachments):
    """The pages a coordinator sees of the case and of Femke, and the bytes of the attachments."""
    client = flask_app.test_client()
    sign_in(client, coordinator)
    rendered = {}
    for url in urls:
        response = client.get(url, headers=EN)
        assert response.status_code == 200, url
        rendered[url] = normalised(response.get_data(as_text=True))
    for url in attachments:
        response = client.get(url)
        assert response.status_code == 200, url
        rendered[url] = response.get_data()
    return rendered


def test_backup_restores_into_a_fresh_instance_that_verifies_and_renders_the_same(app, populated, fresh_app, tmp_path):
    world = populated
    shown = sample(world)
    expected_pages = pages(app, *shown)
    case_page, person_file = expected_pages[f"/cases/{world.case.id}"], expected_pages[f"/people/{world.femke.id}/file"]
    assert "scherm.png" in case_page and "Brief aan ouders" in case_page and world.case.reference in case_page
    assert "Brief aan ouders" in person_file and "brief.jpg" in person_file
    before = counts(db.engine)
    target = tmp_path / "backup"

    result = run(app, "backup", str(target))
    assert result.exit_code == 0, result.output
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["tables"] == before
    assert manifest["tables"]["evidence"] == 2 and manifest["tables"]["correspondence_attachments"] == 2
    assert manifest["tables"]["notices"] >= 1 and manifest["tables"]["outbox_messages"] >= 1
    assert manifest["file_count"] == 4 and len(manifest["files"]) == 4
    head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    assert manifest["schema_revision"] == head and manifest["backend"] == db.engine.dialect.name
    assert manifest["created_at"].startswith("2026-11-16T09:00") and manifest["app_version"]
    for sha256 in manifest["files"]:
        assert path_for(sha256, target / "storage").is_file()

    with fresh_app.app_context():
        result = run(fresh_app, "restore", str(target))
        assert result.exit_code == 0, result.output
        assert counts(db.engine) == before  # before anyone signs in (which writes sessions and audit rows)
        verified = run(fresh_app, "verify-evidence")
        assert verified.exit_code == 0, verified.output
        assert "4 records checked, 0 problems." in verified.output
        fresh_app.config["OUTBOX_DIR"] = app.config["OUTBOX_DIR"]  # named on the pages' mail-mode banner
        assert pages(fresh_app, *shown) == expected_pages


def test_output_names_no_people(app, populated, tmp_path):
    result = run(app, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    for secret in ("Femke", "Vries", "Mentor Mies", "@example.org", "/n/"):
        assert secret not in result.output


def test_backup_refuses_a_directory_in_use(app, world, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("x")
    result = run(app, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 1
    assert "is not empty" in result.output


def test_a_damaged_stored_file_is_reported_and_left_out(app, populated, tmp_path):
    damaged = store(pdf_bytes())
    tamper(damaged.sha256)
    result = run(app, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 1
    assert f"DAMAGED stored file sha256 {damaged.sha256}" in result.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["damaged"] == [damaged.sha256] and damaged.sha256 not in manifest["files"]


def test_restore_refuses_a_database_that_is_not_empty(app, populated, tmp_path):
    assert run(app, "backup", str(tmp_path / "backup")).exit_code == 0
    before = counts(db.engine)
    result = run(app, "restore", str(tmp_path / "backup"))
    assert result.exit_code == 1
    assert "the configured database is not empty" in result.output
    assert counts(db.engine) == before


def test_restore_refuses_damage_and_a_used_store_and_leaves_the_instance_empty(
    app, populated, fresh_app, tmp_path, storage_backend
):
    target = tmp_path / "backup"
    assert run(app, "backup", str(target)).exit_code == 0
    manifest = json.loads((target / "manifest.json").read_text())
    last = sorted(manifest["files"])[-1]

    with fresh_app.app_context():
        store_root = tmp_path / "restored" / "storage"
        if storage_backend == "local":  # the database store is in the database, checked to be empty
            (store_root / "aa").mkdir(parents=True)
            (store_root / "aa" / "left-over").write_text("x")
            result = run(fresh_app, "restore", str(target))
            assert result.exit_code == 1 and "is not empty: restore only into an empty one" in result.output
            (store_root / "aa" / "left-over").unlink()

        copy = path_for(last, target / "storage")
        copy.chmod(0o640)
        copy.write_bytes(b"not the bytes")
        result = run(fresh_app, "restore", str(target))
        assert result.exit_code == 1 and f"missing or damaged, first: sha256 {last}" in result.output
        assert not any(path.is_file() for path in store_root.rglob("*"))
        assert inspect(db.engine).get_table_names() == []

        (target / manifest["database_file"]).write_bytes(b"truncated")
        result = run(fresh_app, "restore", str(target))
        assert result.exit_code == 1 and "does not match the hash in the manifest" in result.output
        (target / "manifest.json").unlink()
        result = run(fresh_app, "restore", str(target))
        assert result.exit_code == 1 and "manifest.json is missing" in result.output


def test_a_pg_dump_older_than_the_server_is_refused(app, world, tmp_path, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL")
    from incidents.backup import database

    monkeypatch.setattr(database, "_tool_major", lambda tool: 9)
    result = run(app, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 1
    assert "pg_dump is older than the PostgreSQL" in result.output
    assert not (tmp_path / "backup" / "manifest.json").exists()


def test_a_failing_pg_tool_is_reported_without_the_rows_it_quotes(app, world, tmp_path, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL")
    import subprocess

    from incidents.backup import database

    stderr = (
        'pg_dump: error: query failed: ERROR:  duplicate key value violates unique constraint "users_email"\n'
        "DETAIL:  Key (email)=(ouder@example.org) already exists.\n"
        'CONTEXT:  COPY users, line 1: "1\tFemke de Vries"\n'
    )
    real_run = subprocess.run

    def failing(args, **kwargs):
        if args[0] == "pg_dump" and "--version" not in args:
            return subprocess.CompletedProcess(args, 1, "", stderr)
        return real_run(args, **kwargs)

    monkeypatch.setattr(database.subprocess, "run", failing)
    result = run(app, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 1
    assert "pg_dump failed (exit 1)" in result.output and "users_email" in result.output
    assert "example.org" not in result.output and "Femke" not in result.output
