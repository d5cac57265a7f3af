"""Engine construction: SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL as is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from koltrust.config import Settings


def make_engine(settings: Settings, **kwargs: Any) -> Engine:
    """A new engine for the configured database. Creates the SQLite file's folder if needed."""
    if settings.is_sqlite:
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            settings.database_url, connect_args={"check_same_thread": False}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(settings.database_url, pool_pre_ping=True, **kwargs)


# an execution option: take SQLite's write lock when the transaction begins (see db.session)
BEGIN_IMMEDIATE = "koltrust_begin_immediate"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # pysqlite would send BEGIN only before the first INSERT/UPDATE/DELETE, so a SAVEPOINT
    # issued first would run outside any transaction and its RELEASE would commit for real;
    # we take over and begin every transaction explicitly, as on PostgreSQL
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(BEGIN_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
