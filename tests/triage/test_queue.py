"""The queue: one entry per influencer and category, with counts, extremes and ids of what
waits beside the case open for the pair; filters and orders; what is in a case, dismissed, in
shadow or screened again does not wait."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.auth.models import User
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.cases import service, triage
from koltrust.cases.models import Case, TriageDismissal
from koltrust.cases.states import CaseState
from koltrust.cases.triage_queue import Entry, Sort
from koltrust.content.models import ScreeningRun
from koltrust.registry.models import Influencer
from koltrust.screening.model import Severity
from tests.factories import headers_for, make_influencer, make_user
from tests.triage.helpers import (
    ADS,
    HEALTH,
    POLICY,
    SCAM,
    hours,
    problem,
    stored_finding,
    stored_report,
)

A, B = "linh-an", "minh-tu"


@pytest.fixture
def people(session: Session) -> dict[str, Influencer]:
    return {
        A: make_influencer(session, display_name="Linh An", slug=A),
        B: make_influencer(session, display_name="Minh Tú", slug=B),
    }


def _queue(session: Session, **query: Any) -> list[Entry]:
    entries, total = triage.queue(
        session,
        actor=SYSTEM,
        query=triage.QueueQuery(**query),
        policy=POLICY,
        page=1,
        per_page=100,
    )
    assert total == len(entries)
    return entries


def _pairs(entries: list[Entry]) -> list[tuple[str | None, str]]:
    return [(entry.influencer_slug, entry.category) for entry in entries]


def _open(session: Session, slug: str, category: str, finding_ids: list[int]) -> Case:
    return service.open_case(
        session,
        actor=SYSTEM,
        request=service.CaseRequest(
            influencer_slug=slug, category=category, finding_ids=finding_ids, reason="test"
        ),
    )


def test_items_of_one_influencer_and_category_are_one_entry_with_their_summary(
    session: Session, people: dict[str, Influencer]
) -> None:
    a = people[A].id
    low = stored_finding(session, influencer_id=a, severity=Severity.LOW, confidence=0.6)
    high = stored_finding(
        session, influencer_id=a, severity=Severity.HIGH, confidence=0.7, at=hours(3)
    )
    suggestion = stored_finding(
        session,
        influencer_id=a,
        category=HEALTH,
        source="claims",
        severity=Severity.INFO,
        confidence=0.5,
        at=hours(1),
    )
    plain = stored_report(session, influencer_id=a, at=hours(-2))
    trusted = stored_report(session, post_id=high.post_id, trusted=True, at=hours(5))

    [entry] = _queue(session)

    pending = entry.pending
    assert (entry.influencer_slug, entry.category, entry.case) == (A, HEALTH, None)
    assert pending.finding_ids == [high.id, low.id]  # severity first, then confidence
    assert pending.suggestion_ids == [suggestion.id]
    assert pending.report_ids == [trusted.id, plain.id]  # trusted flaggers first
    assert (pending.highest_severity, pending.max_confidence) == (Severity.HIGH, 0.7)
    assert (pending.oldest_at, pending.newest_at) == (hours(-2), hours(5))
    assert pending.trusted_reports == 1


def test_an_open_case_is_an_entry_with_its_assignee_and_the_pairs_waiting_items(
    session: Session, people: dict[str, Influencer]
) -> None:
    in_case = stored_finding(session, influencer_id=people[A].id)
    waiting = stored_report(session, influencer_id=people[A].id)
    case = _open(session, A, HEALTH, [in_case.id])
    case.assigned_to = None

    [entry] = _queue(session)

    assert entry.case is case
    assert (entry.in_case.finding_ids, entry.pending.report_ids) == ([in_case.id], [waiting.id])
    assert entry.pending.finding_ids == []


def test_what_is_in_a_case_dismissed_shadow_or_screened_again_does_not_wait(
    session: Session, people: dict[str, Influencer]
) -> None:
    a = people[A].id
    linked = stored_finding(session, influencer_id=a, category=SCAM)
    _open(session, A, SCAM, [linked.id])
    dismissed = stored_report(session, influencer_id=a, category=ADS)
    session.add(TriageDismissal(item_kind="report", item_id=dismissed.id, actor="t", reason="r"))
    stored_finding(session, influencer_id=a, shadow=True)
    old = stored_finding(session, influencer_id=a, category=ADS)
    again = ScreeningRun(post_id=old.post_id, rulebook_version="2", text_sha256="x")
    session.add(again)
    session.flush()

    entries = _queue(session)

    assert _pairs(entries) == [(A, SCAM)]  # only the case; the post's latest run found nothing
    assert entries[0].pending.empty


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": SCAM}, [(B, SCAM)]),
        ({"influencer_slug": B}, [(B, SCAM)]),
        ({"severity_min": Severity.HIGH}, [(A, HEALTH)]),
        ({"source": "report"}, [(B, SCAM)]),
        ({"source": "claims"}, [(A, ADS)]),
        ({"source": "rules"}, [(A, HEALTH)]),
    ],
)
def test_filters(
    session: Session,
    people: dict[str, Influencer],
    query: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    stored_finding(session, influencer_id=people[A].id, severity=Severity.HIGH)
    stored_finding(
        session,
        influencer_id=people[A].id,
        category=ADS,
        source="claims",
        severity=Severity.INFO,
        confidence=0.5,
    )
    stored_report(session, influencer_id=people[B].id, category=SCAM)

    assert sorted(_pairs(_queue(session, **query))) == expected


def test_assignment_and_state_filters_read_the_pairs_case(
    session: Session, people: dict[str, Influencer]
) -> None:
    analyst = session.scalars(
        select(User).where(User.email == make_user(session, Role.ANALYST, password=None))
    ).one()
    mine = _open(session, A, HEALTH, [stored_finding(session, influencer_id=people[A].id).id])
    other = _open(
        session, B, SCAM, [stored_finding(session, influencer_id=people[B].id, category=SCAM).id]
    )
    stored_report(session, influencer_id=people[B].id)
    mine.assigned_to, mine.state = analyst.id, CaseState.IN_REVIEW
    session.flush()

    assert _pairs(_queue(session, state=CaseState.IN_REVIEW)) == [(A, HEALTH)]
    assert _pairs(_queue(session, state=CaseState.OPEN)) == [(B, SCAM)]
    assert _pairs(_queue(session, assigned_to=analyst.id)) == [(A, HEALTH)]
    assert sorted(_pairs(_queue(session, assigned_to="unassigned"))) == [(B, HEALTH), (B, SCAM)]
    assert other.assigned_to is None


def test_orders_severity_confidence_age_and_trusted_flaggers_first(
    session: Session, people: dict[str, Influencer]
) -> None:
    a, b = people[A].id, people[B].id
    stored_finding(
        session, influencer_id=a, severity=Severity.CRITICAL, confidence=0.6, at=hours(2)
    )
    stored_finding(session, influencer_id=b, category=ADS, severity=Severity.MEDIUM, confidence=0.9)
    stored_report(session, influencer_id=b, category=SCAM, trusted=True, at=hours(1))

    def order(sort: Sort) -> list[tuple[str | None, str]]:
        return _pairs(_queue(session, sort=sort))

    assert order(Sort.TRUSTED) == [(B, SCAM), (A, HEALTH), (B, ADS)]
    assert order(Sort.SEVERITY) == [(A, HEALTH), (B, ADS), (B, SCAM)]
    assert order(Sort.CONFIDENCE) == [(B, ADS), (A, HEALTH), (B, SCAM)]
    assert order(Sort.AGE) == [(B, ADS), (B, SCAM), (A, HEALTH)]


# --- through the API --------------------------------------------------------------------------


def test_the_api_pages_filters_and_puts_trusted_flaggers_first(
    client: TestClient, session: Session, people: dict[str, Influencer]
) -> None:
    analyst = headers_for(session, Role.ANALYST)
    stored_finding(session, influencer_id=people[A].id, severity=Severity.CRITICAL)
    stored_report(session, influencer_id=people[B].id, category=SCAM, trusted=True)
    session.commit()

    first = client.get("/api/v1/queue", params={"per_page": 1}, headers=analyst)
    high = client.get("/api/v1/queue", params={"severity": "high"}, headers=analyst)

    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["total"], body["pages"]) == (2, 2)
    [entry] = body["items"]
    assert (entry["influencer"], entry["category"], entry["trusted_reports"]) == (B, SCAM, 1)
    assert entry["pending"]["reports"] == 1
    assert [e["influencer"] for e in high.json()["items"]] == [A]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"severity": "dreadful"}, "severity"),
        ({"source": "rumour"}, "source"),
        ({"assigned_to": "someone"}, "assigned_to"),
        ({"state": "closed"}, "state"),
        ({"sort": "random"}, "sort"),
        ({"influencer": "no-such-person"}, "influencer"),
    ],
)
def test_bad_filters_are_a_422(
    client: TestClient, session: Session, params: dict[str, str], field: str
) -> None:
    analyst = headers_for(session, Role.ANALYST)

    response = client.get("/api/v1/queue", params=params, headers=analyst)

    assert field in str(problem(response, 422, "validation_failed"))


@pytest.mark.parametrize(("role", "status"), [(None, 401), (Role.INFLUENCER, 403)])
def test_only_staff_read_the_queue(
    client: TestClient,
    session: Session,
    people: dict[str, Influencer],
    role: Role | None,
    status: int,
) -> None:
    headers = headers_for(session, role, influencer_slug=A) if role else {}

    response = client.get("/api/v1/queue", headers=headers)

    assert response.status_code == status
