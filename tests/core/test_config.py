import subprocess
import sys

import pytest

from config import ProductionConfig


def test_production_refuses_to_start_without_secret_and_database(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "dev-only-not-secret")
    with pytest.raises(RuntimeError, match="SECRET_KEY.*DATABASE_URL"):
        ProductionConfig()


def test_production_starts_with_real_settings(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    assert ProductionConfig().SESSION_COOKIE_SECURE is True


def test_demo_data_refuses_in_production(tmp_path):
    env = {
        "MELDPUNT_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite'}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "demo-data"], capture_output=True, text=True, env=env
    )
    assert result.returncode != 0
    assert "Refusing to load demo data" in result.stderr
