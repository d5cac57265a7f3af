"""The same report sent twice at the same moment, from two connections to PostgreSQL: one is
stored, the other is answered with it (the checks run under the audit append lock)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from koltrust.auth.permissions import ANONYMOUS
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from koltrust.reports import service
from koltrust.reports.models import Report, ReportTarget
from tests.conftest import POSTGRES_URL_VAR, TEST_SECRET, _postgres_database
from tests.factories import make_influencer
from tests.reports.helpers import CATEGORY, INTAKE

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def committed() -> Iterator[Engine]:
    """A PostgreSQL database of its own, since this test commits for real."""
    if not os.environ.get(POSTGRES_URL_VAR):
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VAR} (CI sets it)")
    urls = _postgres_database(os.environ[POSTGRES_URL_VAR])
    settings = Settings(database_url=next(urls), secret_key=TEST_SECRET)
    engine = make_engine(settings)
    upgrade(engine, settings)
    with sessionmaker(bind=engine)() as session:
        make_influencer(session, display_name="Linh An", slug="linh-an")
    yield engine
    engine.dispose()
    next(urls, None)


def _send(engine: Engine, barrier: threading.Barrier, results: list[bool]) -> None:
    request = service.ReportRequest(
        target=ReportTarget.INFLUENCER,
        post_id=None,
        influencer_slug="linh-an",
        category=CATEGORY,
        text="Quảng cáo thuốc chữa khỏi bệnh",
        evidence_urls=[],
        contact=None,
    )
    with sessionmaker(bind=engine)() as session:
        barrier.wait()
        received = service.create_report(
            session,
            actor=ANONYMOUS,
            request=request,
            intake=INTAKE,
            client_address="203.0.113.9",
            now=NOW,
        )
        session.commit()
        results.append(received.duplicate)


def test_two_identical_reports_at_once_store_one(committed: Engine) -> None:
    barrier, results = threading.Barrier(2), []  # type: ignore[var-annotated]
    threads = [threading.Thread(target=_send, args=(committed, barrier, results)) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [False, True]
    with sessionmaker(bind=committed)() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1
