"""Production refuses a storage backend it does not know, instead of failing at the first upload."""

import pytest

from config import ProductionConfig


def _real_settings(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "PUBLIC_URL", "https://meldpunt.school.example")


def test_production_refuses_an_unknown_storage_backend(monkeypatch):
    _real_settings(monkeypatch)
    monkeypatch.setattr(ProductionConfig, "STORAGE_BACKEND", "s3")
    with pytest.raises(RuntimeError, match="MELDPUNT_STORAGE_BACKEND to local or database"):
        ProductionConfig()


@pytest.mark.parametrize("backend", ["local", "database"])
def test_production_starts_with_either_storage_backend(monkeypatch, backend):
    _real_settings(monkeypatch)
    monkeypatch.setattr(ProductionConfig, "STORAGE_BACKEND", backend)
    assert ProductionConfig().STORAGE_BACKEND == backend
