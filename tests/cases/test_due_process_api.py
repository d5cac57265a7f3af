"""Due process through the API: the right of reply holds a decision back, a decision records
rules, reasoning, evidence and a sanction, the influencer appeals once and in time, another
analyst decides the appeal, and overturning refunds the points and ends the sanction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.cases.models import Case
from koltrust.content.models import StoredFinding
from koltrust.db.types import utcnow
from koltrust.errors import PROBLEM_TYPE_BASE
from koltrust.notices.models import Notice
from koltrust.registry.repository import influencer_by_slug
from tests.cases.helpers import TEXT, stored_finding
from tests.factories import headers_for, make_influencer

TARGET, OTHER = "bi-xem-xet", "nguoi-khac"
RULE = "vi.health.cure_claim"
Headers = dict[str, dict[str, str]]


@pytest.fixture
def headers(session: Session) -> Headers:
    make_influencer(session, display_name="Người Bị Xem Xét", slug=TARGET)
    make_influencer(session, display_name="Người Khác", slug=OTHER)
    return {
        "anonymous": {},
        "analyst": headers_for(session, Role.ANALYST),
        "second_analyst": headers_for(session, Role.ANALYST),
        "influencer": headers_for(session, Role.INFLUENCER, influencer_slug=TARGET),
        "other_influencer": headers_for(session, Role.INFLUENCER, influencer_slug=OTHER),
    }


def _problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["code"], body["type"]) == (code, PROBLEM_TYPE_BASE + code)
    return body


def _case_in_review(client: TestClient, session: Session, headers: Headers) -> dict[str, Any]:
    target_id = make_influencer_id(session, TARGET)
    finding_id = stored_finding(session, influencer_id=target_id)
    session.execute(
        update(StoredFinding)
        .where(StoredFinding.id == finding_id)
        .values(rule_id=RULE, category="prohibited_health_claim")
    )
    session.commit()
    opened = client.post(
        "/api/v1/cases",
        json={
            "influencer": TARGET,
            "category": "prohibited_health_claim",
            "finding_ids": [finding_id],
            "reason": "cure claim found by screening",
        },
        headers=headers["analyst"],
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    reviewed = client.post(
        f"/api/v1/cases/{case_id}/moves",
        json={"move": "start_review", "reason": "looking at it", "expected_version": 1},
        headers=headers["analyst"],
    )
    assert reviewed.status_code == 200, reviewed.text
    body: dict[str, Any] = reviewed.json()
    return body


def make_influencer_id(session: Session, slug: str) -> int:
    influencer = influencer_by_slug(session, slug)
    assert influencer is not None
    return influencer.id


def _decide(
    client: TestClient, headers: dict[str, str], case: dict[str, Any], **fields: Any
) -> Response:
    body = {
        "outcome": "violation",
        "rule_ids": [RULE],
        "reasoning": "The post promises a cure for diabetes.",
        "expected_version": case["version"],
    } | fields
    response: Response = client.post(
        f"/api/v1/cases/{case['id']}/decision", json=body, headers=headers
    )
    return response


def test_a_decision_waits_for_the_reply_and_a_reply_makes_an_older_read_stale(
    client: TestClient, session: Session, headers: Headers
) -> None:
    case = _case_in_review(client, session, headers)

    early = _decide(client, headers["analyst"], case)
    by_stranger = client.post(
        f"/api/v1/cases/{case['id']}/replies",
        json={"text": "not mine"},
        headers=headers["other_influencer"],
    )
    replied = client.post(
        f"/api/v1/cases/{case['id']}/replies",
        json={"text": "Tôi đã gỡ bài và sửa lại.", "evidence_urls": ["https://example.org/fix"]},
        headers=headers["influencer"],
    )
    stale = _decide(client, headers["analyst"], case)
    decided = _decide(client, headers["analyst"], replied.json())

    assert "may reply" in _problem(early, 409, "reply_window_open")["detail"]
    _problem(by_stranger, 403, "forbidden")
    assert replied.status_code == 200, replied.text
    assert replied.json()["replies"][0]["evidence_urls"] == ["https://example.org/fix"]
    _problem(stale, 409, "stale_version")
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["state"] == "decided_violation"
    [decision] = body["decisions"]
    assert decision["rule_ids"] == [RULE]
    [finding] = decision["evidence"]["findings"]
    assert finding["quotes"] == [TEXT[10:18]]
    assert len(finding["post_text_sha256"]) == 64
    assert decision["evidence"]["replies"][0]["text"] == "Tôi đã gỡ bài và sửa lại."
    assert decision["evidence"]["sanction_recommendation"]["kind"] == "public_notice"
    assert [e["move"] for e in body["events"]][-2:] == ["reply", "decide_violation"]


def test_bad_decisions_are_refused_and_store_nothing(
    client: TestClient, session: Session, headers: Headers, settings: Any
) -> None:
    case = _case_in_review(client, session, headers)
    _skip_reply_window(session, case["id"])

    unknown_rule = _decide(client, headers["analyst"], case, rule_ids=["no.such.rule"])
    no_rules = _decide(client, headers["analyst"], case, rule_ids=[])
    by_influencer = _decide(client, headers["influencer"], case)
    bad_sanction = _decide(client, headers["analyst"], case, sanction="flogging")

    assert _problem(unknown_rule, 422, "validation_failed")["unknown"] == ["no.such.rule"]
    _problem(no_rules, 422, "validation_failed")
    _problem(by_influencer, 403, "forbidden")
    _problem(bad_sanction, 422, "validation_failed")
    after = client.get(f"/api/v1/cases/{case['id']}", headers=headers["analyst"]).json()
    assert (after["state"], after["version"], after["decisions"]) == ("in_review", 2, [])


def test_appeal_once_in_time_decided_by_another_analyst_and_overturned_restores_points(
    client: TestClient, session: Session, headers: Headers
) -> None:
    case = _case_in_review(client, session, headers)
    _skip_reply_window(session, case["id"])
    decided = _decide(client, headers["analyst"], case, sanction="membership_suspension").json()
    [sanction] = client.get(
        "/api/v1/sanctions", params={"influencer": TARGET}, headers=headers["influencer"]
    ).json()["items"]
    points_before = _points(client, headers["influencer"])

    by_stranger = _appeal(client, headers["other_influencer"], decided)
    appealed = _appeal(client, headers["influencer"], decided)
    twice = _appeal(client, headers["influencer"], appealed.json())
    reading_others = client.get(f"/api/v1/cases/{case['id']}", headers=headers["other_influencer"])
    own_appeal = _appeal_decision(client, headers["analyst"], appealed.json())
    overturned = _appeal_decision(client, headers["second_analyst"], appealed.json())

    assert (sanction["kind"], sanction["recommended_kind"], sanction["status"]) == (
        "membership_suspension",
        "public_notice",
        "active",
    )
    assert points_before == 4
    _problem(by_stranger, 403, "forbidden")
    assert appealed.status_code == 200, appealed.text
    _problem(twice, 409, "invalid_transition")
    _problem(reading_others, 403, "forbidden")
    _problem(own_appeal, 403, "same_analyst")
    assert overturned.status_code == 200, overturned.text
    assert [d["outcome"] for d in overturned.json()["decisions"]] == ["violation", "overturned"]
    after = client.get(f"/api/v1/sanctions/{sanction['id']}", headers=headers["analyst"]).json()
    assert after["status"] == "overturned"
    assert _points(client, headers["influencer"]) == 0
    ledger = client.get(f"/api/v1/influencers/{TARGET}/points", headers=headers["analyst"])
    assert [e["kind"] for e in ledger.json()["ledger"]] == ["violation", "refund"]
    events = [n.event.value for n in session.scalars(select(Notice).order_by(Notice.id))]
    assert events == ["issued", "overturned"]


def test_a_late_appeal_closing_early_and_appealing_no_violation_are_refused(
    client: TestClient, session: Session, headers: Headers
) -> None:
    late_case = _case_in_review(client, session, headers)
    _skip_reply_window(session, late_case["id"])
    late_case = _decide(client, headers["analyst"], late_case).json()
    cleared = _case_in_review(client, session, headers)
    _skip_reply_window(session, cleared["id"])
    cleared = _decide(client, headers["analyst"], cleared, outcome="no_violation").json()

    close_early = _close(client, headers["analyst"], late_case)
    _pass_appeal_window(session, late_case["id"])
    late = _appeal(client, headers["influencer"], late_case)
    nothing_to_appeal = _appeal(client, headers["influencer"], cleared)
    close_late = _close(client, headers["analyst"], late_case)

    _problem(close_early, 409, "appeal_window_open")
    assert "appeal window" in _problem(late, 409, "deadline_passed")["detail"]
    _problem(nothing_to_appeal, 409, "invalid_transition")
    assert close_late.status_code == 200, close_late.text
    assert close_late.json()["state"] == "closed"
    decide_closed = _decide(client, headers["analyst"], close_late.json())
    _problem(decide_closed, 409, "invalid_transition")


def test_lifting_ends_a_sanction_once(
    client: TestClient, session: Session, headers: Headers
) -> None:
    case = _case_in_review(client, session, headers)
    _skip_reply_window(session, case["id"])
    _decide(client, headers["analyst"], case)
    [sanction] = client.get("/api/v1/sanctions", headers=headers["analyst"]).json()["items"]

    lifted = client.post(
        f"/api/v1/sanctions/{sanction['id']}/lift",
        json={"reason": "corrected and trained", "expected_version": sanction["version"]},
        headers=headers["analyst"],
    )
    again = client.post(
        f"/api/v1/sanctions/{sanction['id']}/lift",
        json={"reason": "again"},
        headers=headers["analyst"],
    )
    by_influencer = client.post(
        f"/api/v1/sanctions/{sanction['id']}/lift",
        json={"reason": "please"},
        headers=headers["influencer"],
    )

    assert lifted.status_code == 200, lifted.text
    assert lifted.json()["status"] == "lifted"
    _problem(again, 409, "invalid_transition")
    _problem(by_influencer, 403, "forbidden")
    assert _points(client, headers["influencer"]) == 4  # lifting keeps the points


def _skip_reply_window(session: Session, case_id: int) -> None:
    case = session.get(Case, case_id)
    assert case is not None
    case.reply_due_at = utcnow() - timedelta(seconds=1)
    session.commit()


def _pass_appeal_window(session: Session, case_id: int) -> None:
    case = session.get(Case, case_id)
    assert case is not None
    case.appeal_due_at = utcnow() - timedelta(seconds=1)
    session.commit()


def _close(client: TestClient, headers: dict[str, str], case: dict[str, Any]) -> Response:
    response: Response = client.post(
        f"/api/v1/cases/{case['id']}/moves",
        json={"move": "close", "reason": "done", "expected_version": case["version"]},
        headers=headers,
    )
    return response


def _appeal(client: TestClient, headers: dict[str, str], case: dict[str, Any]) -> Response:
    response: Response = client.post(
        f"/api/v1/cases/{case['id']}/appeal",
        json={
            "reason": "Bài đã được sửa trước khi có quyết định",
            "expected_version": case["version"],
        },
        headers=headers,
    )
    return response


def _appeal_decision(client: TestClient, headers: dict[str, str], case: dict[str, Any]) -> Response:
    response: Response = client.post(
        f"/api/v1/cases/{case['id']}/appeal-decision",
        json={
            "outcome": "overturned",
            "reasoning": "The post had been corrected before the decision.",
            "expected_version": case["version"],
        },
        headers=headers,
    )
    return response


def _points(client: TestClient, headers: dict[str, str]) -> int:
    response = client.get(f"/api/v1/influencers/{TARGET}/points", headers=headers)
    assert response.status_code == 200, response.text
    points: int = response.json()["points"]
    return points
