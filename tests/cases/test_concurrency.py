"""Two analysts decide the same case at once, each in their own connection to the real
database: the first wins, the second gets 409 stale_version and nothing of theirs is stored."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import Actor, Role
from koltrust.cases import decisions, service
from koltrust.cases.models import Case, CaseEvent, DecisionOutcome
from koltrust.cases.states import CaseState, Move
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from koltrust.db.types import utcnow
from koltrust.errors import StaleVersion
from koltrust.screening.model import Severity
from tests.cases.helpers import DUE, RULE_ID, make_moves, open_case
from tests.conftest import POSTGRES_URL_VAR, TEST_SECRET, _postgres_database
from tests.factories import make_influencer

FIRST = Actor(label="first@example.org", role=Role.ANALYST)
SECOND = Actor(label="second@example.org", role=Role.ANALYST)


@pytest.fixture(scope="module")
def committed(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A database of its own on the backend under test, since these tests commit for real."""
    if database_url.startswith("sqlite"):
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('race') / 'r.db'}"])
    else:
        urls = _postgres_database(os.environ[POSTGRES_URL_VAR])
    url = next(urls)
    settings = Settings(database_url=url, secret_key=TEST_SECRET)
    engine = make_engine(settings)
    upgrade(engine, settings)
    yield engine
    engine.dispose()
    next(urls, None)  # drops the PostgreSQL database


@pytest.fixture
def case_in_review(committed: Engine) -> int:
    factory = sessionmaker(bind=committed)
    with factory() as session:
        slug = f"race-{uuid.uuid4().hex[:8]}"
        make_influencer(session, display_name="Race", slug=slug)
        case = open_case(session, slug=slug, finding_ids=[])
        case = make_moves(session, case, Move.START_REVIEW)
        session.commit()
        return case.id


def _decide(session: Session, case_id: int, actor: Actor, move: Move, version: int) -> None:
    outcome = (
        DecisionOutcome.VIOLATION if move is Move.DECIDE_VIOLATION else DecisionOutcome.NO_VIOLATION
    )
    decisions.decide(
        session,
        actor=actor,
        case_id=case_id,
        request=decisions.DecisionRequest(
            outcome=outcome,
            rule_ids=[RULE_ID] if outcome is DecisionOutcome.VIOLATION else [],
            reasoning=f"{actor.label} decides",
            expected_version=version,
            severity=Severity.HIGH,
        ),
        due=DUE,
        known_rule_ids={RULE_ID},
        now=utcnow(),
    )


def _stored(engine: Engine, case_id: int) -> tuple[CaseState, int, list[str]]:
    with sessionmaker(bind=engine)() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.state, case.version, [event.actor for event in case.events]


def test_second_decision_on_the_version_both_read_gets_409(
    committed: Engine, case_in_review: int
) -> None:
    factory = sessionmaker(bind=committed)
    with factory() as first, factory() as second:
        read_by_second = service.get_case(second, actor=SECOND, case_id=case_in_review).version
        second.rollback()  # the second analyst's page was rendered; their request is over
        _decide(first, case_in_review, FIRST, Move.DECIDE_VIOLATION, 2)
        first.commit()

        with pytest.raises(StaleVersion) as caught:
            _decide(second, case_in_review, SECOND, Move.DECIDE_NO_VIOLATION, read_by_second)
        second.rollback()

    assert caught.value.data["current_version"] == 3
    assert _stored(committed, case_in_review) == (
        CaseState.DECIDED_VIOLATION,
        3,
        ["system", "system", "first@example.org"],
    )


def test_a_writer_holding_the_old_row_loses_at_the_update(
    committed: Engine, case_in_review: int, database_url: str
) -> None:
    # PostgreSQL re-checks the row under its lock and the UPDATE matches nothing; SQLite
    # refuses a write from a snapshot older than the last commit ("database is locked"):
    # both are the 409 of a lost race
    factory = sessionmaker(bind=committed)
    with factory() as first, factory() as second:
        # both have loaded the case at version 2 before either writes
        assert service.get_case(second, actor=SECOND, case_id=case_in_review).version == 2
        _decide(first, case_in_review, FIRST, Move.DECIDE_VIOLATION, 2)
        first.commit()

        with pytest.raises(StaleVersion):
            _decide(second, case_in_review, SECOND, Move.DECIDE_NO_VIOLATION, 2)
        second.rollback()

    with factory() as session:
        events = session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_in_review)
        )
    assert events == 3
    assert _stored(committed, case_in_review)[:2] == (CaseState.DECIDED_VIOLATION, 3)
