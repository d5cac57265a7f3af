"""The real migrations build exactly the tables the models describe, on every backend, and
timestamps round-trip as timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.metadata import metadata
from koltrust.db.migrate import alembic_config, current_revision, upgrade
from koltrust.registry.models import Influencer
from tests.conftest import TEST_SECRET
from tests.factories import make_influencer

HANOI = timezone(timedelta(hours=7))


def test_models_and_migrations_agree(connection: Connection) -> None:
    context = MigrationContext.configure(connection, opts={"compare_type": True})

    assert compare_metadata(context, metadata()) == []


def test_database_is_at_the_head_revision(engine: Engine, settings: Settings) -> None:
    head = ScriptDirectory.from_config(alembic_config(settings)).get_current_head()

    assert head is not None
    assert current_revision(engine) == head


def test_migrations_create_every_model_table(connection: Connection) -> None:
    tables = set(inspect(connection).get_table_names())

    assert set(metadata().tables) <= tables


def test_downgrade_to_base_and_upgrade_again_leaves_the_same_schema(tmp_path: Path) -> None:
    from alembic import command

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'round.db'}", secret_key=TEST_SECRET)
    engine = make_engine(settings)
    try:
        upgrade(engine, settings)
        config = alembic_config(settings)
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine, settings)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata()) == []
    finally:
        engine.dispose()


def test_timestamp_given_in_another_zone_comes_back_as_the_same_instant_in_utc(
    session: Session,
) -> None:
    influencer = make_influencer(session)
    influencer.verified_at = datetime(2025, 7, 1, 9, 30, 15, 123456, tzinfo=HANOI)
    session.flush()
    session.expire_all()

    reloaded = session.get(Influencer, influencer.id)

    assert reloaded is not None
    assert reloaded.verified_at is not None
    assert reloaded.verified_at.utcoffset() == timedelta(0)
    assert reloaded.verified_at == datetime(2025, 7, 1, 2, 30, 15, 123456, tzinfo=UTC)
    assert reloaded.verified_at.tzinfo is UTC


def test_default_timestamps_are_aware_utc_after_reload(session: Session) -> None:
    before = datetime.now(UTC)
    influencer = make_influencer(session)
    session.expire_all()

    reloaded = session.scalars(select(Influencer).where(Influencer.id == influencer.id)).one()

    for value in (reloaded.created_at, reloaded.updated_at):
        assert value.tzinfo is UTC
        assert before - timedelta(seconds=1) <= value <= datetime.now(UTC) + timedelta(seconds=1)


def test_stored_timestamp_is_utc_wall_time_in_the_database(
    session: Session, connection: Connection
) -> None:
    influencer = make_influencer(session)
    influencer.verified_at = datetime(2025, 7, 1, 9, 0, tzinfo=HANOI)
    session.flush()

    raw = connection.execute(
        text("SELECT verified_at FROM influencers WHERE id = :id"), {"id": influencer.id}
    ).scalar_one()

    if connection.dialect.name == "sqlite":
        assert str(raw).startswith("2025-07-01 02:00:00")
    else:
        assert raw == datetime(2025, 7, 1, 2, 0, tzinfo=UTC)


def test_naive_datetime_is_refused(session: Session) -> None:
    influencer = make_influencer(session)
    influencer.verified_at = datetime(2025, 7, 1, 9, 0)

    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()
    session.rollback()


def test_naive_datetime_is_refused_in_a_where_clause_too(session: Session) -> None:
    naive = datetime(2025, 1, 1)

    with pytest.raises(StatementError, match="naive datetime"):
        session.scalars(select(AuditEvent).where(AuditEvent.at < naive)).all()
