"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when
KOLTRUST_TEST_POSTGRES_URL is set), one rolled-back transaction per test, and an app bound to it."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from koltrust.api.app import create_app
from koltrust.auth.permissions import Role
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from tests.factories import bearer, make_user, token_for

with warnings.catch_warnings():
    # Starlette >= 1.x prefers the httpx2 package and warns (an error under our strict
    # filterwarnings) when it falls back to httpx; the lock pins httpx for now.
    warnings.filterwarnings("ignore", message=".*install `httpx2`", category=UserWarning)
    from fastapi.testclient import TestClient

POSTGRES_URL_VAR = "KOLTRUST_TEST_POSTGRES_URL"
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
BACKENDS = ["sqlite", "postgres"]


def _postgres_database(base_url: str) -> Iterator[str]:
    """A fresh database on the server at ``base_url``, dropped afterwards."""
    name = f"koltrust_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of a migrated, empty database for each backend under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'koltrust.db'}"
        return
    base_url = os.environ.get(POSTGRES_URL_VAR)
    if not base_url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VAR} (CI sets it)")
    yield from _postgres_database(base_url)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at the test database (and a claim-matching folder of the run's)."""
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET,
        claims_folder=tmp_path_factory.mktemp("claims"),
        media_dir=tmp_path_factory.mktemp("media"),
    )


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    """An engine on a database brought to head by the real migrations."""
    engine = make_engine(settings)
    upgrade(engine, settings)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions whose commits become savepoints inside the test's transaction."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for service and repository tests."""
    with session_factory() as session:
        yield session


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    """The application bound to the test transaction."""
    return create_app(settings, session_factory=session_factory)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app (no network)."""
    with TestClient(app) as client:
        yield client


@pytest.fixture
def admin_headers(session: Session) -> dict[str, str]:
    """Headers of an admin API client."""
    return bearer(token_for(session, make_user(session, Role.ADMIN, password=None)))
