"""Sessions. The caller (request, CLI command, test) owns the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from koltrust.db.engine import BEGIN_IMMEDIATE


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine``; objects stay usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def writing(factory: sessionmaker[Session]) -> Iterator[Session]:
    """``transaction`` that holds SQLite's write lock from its start (BEGIN IMMEDIATE). A
    background writer needs it: a transaction that reads and then writes fails at once with
    "database is locked" when another connection wrote in between (WAL snapshots cannot be
    upgraded); taking the lock first makes it wait its turn instead. PostgreSQL ignores it."""
    with transaction(factory) as session:
        session.connection(execution_options={BEGIN_IMMEDIATE: True})
        yield session
