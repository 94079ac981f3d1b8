import pytest


@pytest.fixture
def world(make_world):
    """The shared school (tests/conftest.py) with another school beside it; its visible case
    is about Femke (target), Sem (perpetrator) and the teacher Karin Smit (witness)."""
    return make_world(involved=[("femke", "target"), ("sem", "perpetrator"), ("teacher", "witness")], other_school=True)


@pytest.fixture(autouse=True)
def _on_each_storage_backend(storage_backend):
    """Every test here runs on the local and on the database object store."""
