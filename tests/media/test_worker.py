"""The background worker on a real database file: it processes what it is given and what an
earlier process left queued, records failures on the item, and never processes twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine as DbEngine
from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import SYSTEM
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from koltrust.db.session import make_session_factory, transaction
from koltrust.db.types import utcnow
from koltrust.media_records import processing, service
from koltrust.media_records.models import MediaItem, MediaStatus
from koltrust.media_records.worker import MediaWorker
from koltrust.screening.engine import Engine
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from tests.media.test_api import VTT

RULES = Engine(load_rulebook(default_rulebook_path()))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Settings, sessionmaker[Session]]]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/worker.db",
        secret_key="x" * 40,
        media_dir=tmp_path / "media",
    )
    engine: DbEngine = make_engine(settings)
    upgrade(engine, settings)
    try:
        yield settings, make_session_factory(engine)
    finally:
        engine.dispose()


def _queued(
    settings: Settings, factory: sessionmaker[Session], captions: bytes = VTT.encode()
) -> int:
    import io

    with transaction(factory) as session:
        item = service.submit(
            session,
            actor=SYSTEM,
            settings=settings,
            media=None,
            captions=service.Upload(io.BytesIO(captions), "live.vtt"),
            request=service.MediaRequest(title="live", language="vi"),
        )
        return item.id


def _status(factory: sessionmaker[Session], media_id: int, *, within: float = 30) -> MediaStatus:
    deadline = time.monotonic() + within
    while True:
        with factory() as session:
            item = session.get(MediaItem, media_id)
            assert item is not None
            if item.status in (MediaStatus.DONE, MediaStatus.FAILED) or time.monotonic() > deadline:
                return item.status
        time.sleep(0.1)


def test_the_worker_processes_new_and_left_over_items(
    world: tuple[Settings, sessionmaker[Session]],
) -> None:
    settings, factory = world
    left_over = _queued(settings, factory)
    worker = MediaWorker(factory, settings, lambda: RULES)
    try:
        worker.start()
        new = _queued(settings, factory)
        worker.submit(new)
        assert _status(factory, left_over) is MediaStatus.DONE
        assert _status(factory, new) is MediaStatus.DONE
    finally:
        worker.stop()
    with factory() as session:
        item = session.get(MediaItem, new)
        assert item is not None
        assert {row.rule_id for row in item.findings} >= {"media.ads.undisclosed_in_time"}
        assert item.processed_at is not None


def test_a_claimed_item_is_not_processed_twice(
    world: tuple[Settings, sessionmaker[Session]],
) -> None:
    settings, factory = world
    media_id = _queued(settings, factory)
    assert processing.claim(factory, media_id, utcnow())
    assert not processing.claim(factory, media_id, utcnow())


def test_a_vanished_file_fails_the_item_with_the_reason(
    world: tuple[Settings, sessionmaker[Session]],
) -> None:
    settings, factory = world
    media_id = _queued(settings, factory)
    for stored in settings.media_dir.glob("*.vtt"):
        stored.unlink()
    assert processing.process_queued(factory, settings, lambda: RULES) == [media_id]
    with factory() as session:
        item = session.get(MediaItem, media_id)
        assert item is not None
        assert item.status is MediaStatus.FAILED
        assert item.error_code == "file_missing"
