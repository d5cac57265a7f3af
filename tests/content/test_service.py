"""The content services on their own: the caller owns the transaction; drafts are never stored."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.content import service
from koltrust.content.schemas import PostCreate
from koltrust.screening.source import RulebookSource
from tests.content.helpers import CLEAN_TEXT, body, counts
from tests.content.rulebook import CURE_RULE


def _ingest(session: Session, source: RulebookSource, **fields: object) -> service.Ingested:
    data = PostCreate.model_validate(body(**fields))
    return service.ingest_post(session, actor=SYSTEM, data=data, source=source)


def test_ingesting_flushes_and_leaves_the_commit_to_the_caller(
    session: Session, source: RulebookSource
) -> None:
    ingested = _ingest(session, source)
    assert ingested.post.id is not None
    assert counts(session) == (1, 1)

    session.rollback()

    assert counts(session) == (0, 0)


def test_a_resend_in_another_language_is_screened_again(
    session: Session, source: RulebookSource
) -> None:
    _ingest(session, source)

    again = _ingest(session, source, language="en")

    assert (again.status, again.screened) == ("updated", True)
    assert again.post.language == "en"
    assert CURE_RULE not in [f.rule_id for f in again.run.findings]


def test_a_resend_without_a_language_keeps_the_detected_one(
    session: Session, source: RulebookSource
) -> None:
    _ingest(session, source, language=None, text=CLEAN_TEXT)

    again = _ingest(session, source, language=None, text=CLEAN_TEXT)

    assert again.status == "unchanged"


def test_the_pre_flight_check_stores_nothing(
    client: TestClient, session: Session, source: RulebookSource
) -> None:
    response = client.post("/api/v1/screen", json={"text": body()["text"], "language": "vi"})

    assert response.status_code == 200
    assert CURE_RULE in [f["rule_id"] for f in response.json()["findings"]]
    assert counts(session) == (0, 0)
