"""A backup holds the stored objects as files whatever the backend: it restores into the other one."""

import json

import pytest

from app import create_app
from incidents.evidence.storage import object_store
from incidents.extensions import db
from tests.backup.test_backup_restore import counts, fresh_url, populated, run  # noqa: F401 - fixtures
from tests.conftest import IsolatedClient, make_config

OTHER = {"local": "database", "database": "local"}


@pytest.fixture
def other_app(fresh_url, tmp_path, storage_backend):  # noqa: F811 - the fixture imported above
    restored = create_app(make_config(fresh_url, tmp_path / "restored", STORAGE_BACKEND=OTHER[storage_backend]))
    restored.test_client_class = IsolatedClient
    yield restored
    with restored.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_backup_of_one_backend_restores_into_the_other_and_verifies(app, populated, other_app, tmp_path):  # noqa: F811
    target = tmp_path / "backup"
    assert run(app, "backup", str(target)).exit_code == 0
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["file_count"] == 4

    with other_app.app_context():
        result = run(other_app, "restore", str(target))
        assert result.exit_code == 0, result.output
        assert sorted(object_store().hashes()) == sorted(manifest["files"])
        verified = run(other_app, "verify-evidence")
        assert verified.exit_code == 0, verified.output
        assert counts(db.engine)["evidence"] == 2
