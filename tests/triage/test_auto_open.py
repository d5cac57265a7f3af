"""Cases that open by themselves: a post screened through the real API with a finding at or
above its threshold opens a case (or joins the open one); below it the finding only queues;
shadow findings do neither; screening again never opens a second case nor links twice."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import Role
from koltrust.cases import auto_open
from koltrust.cases.models import Case, CaseFinding
from koltrust.cases.states import CaseState
from koltrust.content.models import Post, ScreeningRun
from koltrust.screening.model import Severity
from tests.factories import headers_for, make_influencer
from tests.triage.helpers import (
    HEALTH,
    LOW_CONFIDENCE,
    POLICY,
    SCAM,
    SHADOW_ONLY,
    VIOLATING,
    send_post,
    stored_finding,
)

SLUG = "linh-an"
Headers = dict[str, str]


@pytest.fixture
def analyst(session: Session) -> Headers:
    make_influencer(session, display_name="Linh An", slug=SLUG)
    return headers_for(session, Role.ANALYST)


def _cases(session: Session) -> list[Case]:
    session.expire_all()
    return list(session.scalars(select(Case).order_by(Case.id)))


def _queue(client: TestClient, headers: Headers, **params: str) -> list[dict[str, object]]:
    response = client.get("/api/v1/queue", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_screening_a_violating_post_through_the_api_opens_a_case(
    client: TestClient, session: Session, analyst: Headers
) -> None:
    stored = send_post(client, analyst, text=VIOLATING, influencer=SLUG).json()

    [case] = _cases(session)
    finding_ids = [f["id"] for f in stored["run"]["findings"] if f["category"] == HEALTH]
    assert (case.influencer_slug, case.category, case.state.value) == (SLUG, HEALTH, "open")
    assert case.finding_ids == finding_ids
    [opened] = case.events
    assert (opened.move, opened.actor) == ("open", "system")
    assert f"finding {finding_ids[0]}" in opened.reason
    assert "vi.health.cure_claim" in opened.reason
    [entry] = _queue(client, analyst)
    assert entry["case"]["id"] == case.id  # type: ignore[index]
    assert entry["pending"]["findings"] == 0  # type: ignore[index]


def test_a_second_violating_post_joins_the_open_case_and_the_audit_log_says_so(
    client: TestClient, session: Session, analyst: Headers
) -> None:
    send_post(client, analyst, text=VIOLATING, influencer=SLUG)
    second = send_post(client, analyst, text=VIOLATING + " 2", influencer=SLUG).json()

    [case] = _cases(session)
    assert len(case.finding_ids) == 2
    joined = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.items_attached")
    ).one()
    assert joined.actor == "system"
    assert joined.data["finding_ids"] == [second["run"]["findings"][0]["id"]]
    assert [event.move for event in case.events] == ["open"]


def test_a_low_confidence_finding_only_waits_in_the_queue(
    client: TestClient, session: Session, analyst: Headers
) -> None:
    stored = send_post(client, analyst, text=LOW_CONFIDENCE, influencer=SLUG).json()

    assert _cases(session) == []
    [finding] = stored["run"]["findings"]
    assert (finding["category"], finding["confidence"]) == (SCAM, 0.6)
    [entry] = _queue(client, analyst)
    assert (entry["influencer"], entry["category"], entry["case"]) == (SLUG, SCAM, None)
    assert entry["pending"]["finding_ids"] == [finding["id"]]  # type: ignore[index]


def test_shadow_findings_never_open_a_case_nor_enter_the_queue(
    client: TestClient, session: Session, analyst: Headers
) -> None:
    stored = send_post(client, analyst, text=SHADOW_ONLY, influencer=SLUG).json()

    assert stored["run"]["shadow_count"] == 1
    assert _cases(session) == []
    assert _queue(client, analyst) == []


def test_screening_the_same_post_again_opens_no_second_case_nor_links_twice(
    client: TestClient, session: Session, analyst: Headers
) -> None:
    post = {"text": VIOLATING, "influencer": SLUG, "platform": "tiktok", "external_id": "v1"}
    first = send_post(client, analyst, **post).json()
    send_post(client, analyst, **post)
    again = send_post(client, analyst, **post, hashtags=["suckhoe"]).json()

    [case] = _cases(session)
    assert again["screened"] is True
    ids = [first["run"]["findings"][0]["id"], again["run"]["findings"][0]["id"]]
    assert case.finding_ids == ids
    audited = session.scalars(select(AuditEvent.id)).all()
    run = session.get(ScreeningRun, again["run"]["id"])
    stored_post = session.get(Post, again["post"]["id"])
    assert run is not None
    assert stored_post is not None

    assert auto_open.after_findings_stored(session, post=stored_post, run=run) == []
    assert session.scalars(select(CaseFinding)).all() == case.findings
    assert session.scalars(select(AuditEvent.id)).all() == audited


def test_a_post_by_nobody_known_opens_nothing(
    client: TestClient, session: Session, analyst: Headers
) -> None:
    send_post(client, analyst, text=VIOLATING, influencer=None)

    assert _cases(session) == []
    [entry] = _queue(client, analyst)
    assert (entry["influencer"], entry["case"]) == (None, None)


@pytest.mark.parametrize(
    ("source", "confidence", "opens"),
    [
        ("rules", 0.75, True),
        ("rules", 0.7499, False),
        ("claims", 0.75, True),  # a confirmed match
        ("claims", 0.6, False),  # only suggested
    ],
)
def test_a_finding_opens_a_case_from_its_threshold(
    session: Session, source: str, confidence: float, opens: bool
) -> None:
    influencer = make_influencer(session, display_name="Linh An", slug=SLUG)
    severity = Severity.INFO if source == "claims" and not opens else Severity.MEDIUM
    finding = stored_finding(
        session,
        influencer_id=influencer.id,
        category="misinformation_match" if source == "claims" else HEALTH,
        severity=severity,
        confidence=confidence,
        source=source,
    )
    post = session.get(Post, finding.post_id)
    assert post is not None

    cases = auto_open.after_findings_stored(session, post=post, run=finding.run, policy=POLICY)

    assert [case.finding_ids for case in cases] == ([[finding.id]] if opens else [])


def test_a_case_already_decided_is_not_joined_a_new_one_opens(session: Session) -> None:
    influencer = make_influencer(session, display_name="Linh An", slug=SLUG)
    first = stored_finding(session, influencer_id=influencer.id)
    post = session.get(Post, first.post_id)
    assert post is not None
    [old] = auto_open.after_findings_stored(session, post=post, run=first.run, policy=POLICY)
    old.state = CaseState.DECIDED_VIOLATION
    session.flush()
    second = stored_finding(session, influencer_id=influencer.id)
    post = session.get(Post, second.post_id)
    assert post is not None

    [new] = auto_open.after_findings_stored(session, post=post, run=second.run, policy=POLICY)

    assert new.id != old.id
    assert (old.finding_ids, new.finding_ids) == ([first.id], [second.id])
