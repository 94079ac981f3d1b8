import pytest


@pytest.fixture(autouse=True)
def _on_each_storage_backend(storage_backend):
    """Every test here runs on the local and on the database object store."""
