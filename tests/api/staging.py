"""A stage built once per module and backend: records that many tests act on, inside savepoints
that each test rolls back, so that nothing is rebuilt per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from koltrust.api.app import create_app
from koltrust.config import Settings


@dataclass
class Stage:
    """The connection whose transaction holds the stage, and an app bound to it. Every test
    of a module using a stage must use it (not the per-test ``session``), since the stage's
    open transaction holds SQLite's write lock."""

    connection: Connection
    factory: sessionmaker[Session]
    app: FastAPI
    client: TestClient

    @contextmanager
    def attempt(self) -> Iterator[Session]:
        """A session whose changes, and those of requests meanwhile, are undone afterwards."""
        savepoint = self.connection.begin_nested()
        try:
            with self.factory() as session:
                yield session
        finally:
            savepoint.rollback()


@contextmanager
def staged(engine: Engine, settings: Settings) -> Iterator[Stage]:
    """An empty stage; the caller adds its records through ``stage.factory``."""
    with engine.connect() as connection:
        outer = connection.begin()
        factory = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        app = create_app(settings, session_factory=factory)
        try:
            with TestClient(app) as client:
                yield Stage(connection, factory, app, client)
        finally:
            outer.rollback()
