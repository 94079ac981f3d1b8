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
    monkeypatch.setattr(ProductionConfig, "PUBLIC_URL", "https://meldpunt.school.example")
    assert ProductionConfig().SESSION_COOKIE_SECURE is True


@pytest.mark.parametrize(
    ("public_url", "message"),
    [
        (None, r"PUBLIC_URL \(the site's address, e\.g\. https://meldpunt\.school\.nl\)$"),
        ("", r"PUBLIC_URL \(the site's address"),
        ("http://meldpunt.school.example", r"PUBLIC_URL to an https:// address without query \(now 'http://"),
        ("https://meldpunt.school.example/?x=1", r"PUBLIC_URL to an https:// address without query"),
        ("meldpunt.school.example", r"PUBLIC_URL to an https:// address"),
    ],
)
def test_production_refuses_to_start_without_a_public_https_address(monkeypatch, public_url, message):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "PUBLIC_URL", public_url)
    with pytest.raises(RuntimeError, match="^Production start refused; set " + message):
        ProductionConfig()


def _start(tmp_path, **env):
    """`flask --app app routes` in production with `env`: the whole start, in a fresh process."""
    base = {
        "MELDPUNT_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite'}",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "routes"], capture_output=True, text=True, env=base | env
    )


def test_the_production_process_refuses_to_start_without_public_url(tmp_path):
    result = _start(tmp_path)
    assert result.returncode != 0
    assert "Production start refused; set PUBLIC_URL (the site's address" in result.stderr
    assert _start(tmp_path, PUBLIC_URL="https://meldpunt.school.example").returncode == 0


def test_meldpunt_base_url_is_read_as_the_old_name_of_public_url(tmp_path):
    assert _start(tmp_path, MELDPUNT_BASE_URL="https://meldpunt.school.example").returncode == 0
    both = {"PUBLIC_URL": "http://new.example", "MELDPUNT_BASE_URL": "https://old.example"}
    assert "now 'http://new.example'" in _start(tmp_path, **both).stderr  # the new name wins


def test_demo_data_refuses_in_production(tmp_path):
    env = {
        "MELDPUNT_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite'}",
        "PUBLIC_URL": "https://meldpunt.school.example",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "demo-data"], capture_output=True, text=True, env=env
    )
    assert result.returncode != 0
    assert "Refusing to load demo data" in result.stderr
