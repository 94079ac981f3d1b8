"""SQLite as a multi-process database: the web server and the scheduler share one file.

Write-ahead logging lets readers go on while the scheduler commits (in the default
rollback journal a commit locks out every reader), and it needs fewer fsyncs per commit.
"""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _wal_for_sqlite_files(dbapi_connection, connection_record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # a no-op ('memory') for in-memory databases
        cursor.close()
