"""What every benchmark needs: an app on a given database, and a clean PostgreSQL schema."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from app import create_app
from config import TestConfig


def make_app(url, workdir, **settings):
    """The app on `url`, files under `workdir`, with extra config `settings`."""
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.STORAGE_ROOT = str(Path(workdir) / "storage")
    config.SQLALCHEMY_ENGINE_OPTIONS = {}
    for name, value in settings.items():
        setattr(config, name, value)
    return create_app(config)


def reset_postgresql(url):
    """Drop and recreate schema public (destroys its data)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
