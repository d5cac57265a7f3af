"""The whole path against the real database: a screened post → its findings → a case opened
by itself → the influencer's reply → a decision → a sanction with points → an appeal decided
by another analyst → the points restored → both notices exported to a platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from tests.factories import headers_for, make_influencer

SLUG = "thu-ha-review"
CURE_RULE = "vi.health.cure_claim"
POST_TEXT = (
    "Viên uống collagen X chữa khỏi tiểu đường 100%, tốt nhất thị trường! "
    "Mua ngay tại https://shopee.vn/abc giảm 50% mã KOL50"
)


@dataclass(frozen=True)
class People:
    analyst: dict[str, str]
    second_analyst: dict[str, str]
    influencer: dict[str, str]
    platform: dict[str, str]


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_screened_post_to_case_reply_decision_sanction_appeal_refund_and_notice(
    client: TestClient, session: Session
) -> None:
    make_influencer(session, display_name="Thu Hà", slug=SLUG)
    people = People(
        analyst=headers_for(session, Role.ANALYST),
        second_analyst=headers_for(session, Role.ANALYST),
        influencer=headers_for(session, Role.INFLUENCER, influencer_slug=SLUG),
        platform=headers_for(session, Role.PLATFORM),
    )

    finding, case = _screen_and_find_the_case(client, people)
    case = _reply_review_and_decide(client, people, case)
    [decision] = case["decisions"]
    [evidence] = [f for f in decision["evidence"]["findings"] if f["id"] == finding["id"]]
    assert evidence["quotes"] == [POST_TEXT[a:b] for a, b in finding["spans"]]
    [sanction] = _ok(
        client.get("/api/v1/sanctions", params={"influencer": SLUG}, headers=people.influencer)
    )["items"]
    assert (sanction["kind"], sanction["status"], sanction["points"]) == (
        "public_notice",
        "active",
        4,
    )
    assert _points(client, people) == 4

    case = _appeal_and_overturn(client, people, case)
    assert [e["move"] for e in case["events"]] == [
        "open",
        "reply",
        "start_review",
        "decide_violation",
        "appeal",
        "decide_appeal",
    ]
    assert _points(client, people) == 0
    sanction = _ok(client.get(f"/api/v1/sanctions/{sanction['id']}", headers=people.analyst))
    assert sanction["status"] == "overturned"
    _check_notices(client, people, sanction["id"])


def _screen_and_find_the_case(
    client: TestClient, people: People
) -> tuple[dict[str, Any], dict[str, Any]]:
    post = {
        "text": POST_TEXT,
        "platform": "tiktok",
        "external_id": "7311111111111111111",
        "language": "vi",
        "influencer": SLUG,
    }
    stored = _ok(client.post("/api/v1/posts", json=post, headers=people.platform), 201)
    finding = next(f for f in stored["run"]["findings"] if f["rule_id"] == CURE_RULE)
    cases = _ok(client.get("/api/v1/cases", params={"influencer": SLUG}, headers=people.analyst))
    case = next(c for c in cases["items"] if c["category"] == "prohibited_health_claim")
    assert case["state"] == "open"
    assert finding["id"] in case["finding_ids"]
    detail = _ok(client.get(f"/api/v1/cases/{case['id']}", headers=people.influencer))
    assert detail["events"][0]["actor"] == "system"
    window = datetime.fromisoformat(detail["reply_due_at"]) - datetime.fromisoformat(
        detail["opened_at"]
    )
    assert window == timedelta(days=7)  # KOLTRUST_CASE_REPLY_WINDOW_DAYS
    notes = _ok(client.get("/api/v1/notifications", headers=people.influencer))
    assert "case_opened" in [n["kind"] for n in notes["items"]]
    return finding, detail


def _reply_review_and_decide(
    client: TestClient, people: People, case: dict[str, Any]
) -> dict[str, Any]:
    reply = {"text": "Tôi đã gỡ bài, xin lỗi.", "evidence_urls": []}
    case = _ok(
        client.post(f"/api/v1/cases/{case['id']}/replies", json=reply, headers=people.influencer)
    )
    review = {"move": "start_review", "reason": "reviewing", "expected_version": case["version"]}
    case = _ok(
        client.post(f"/api/v1/cases/{case['id']}/moves", json=review, headers=people.analyst)
    )
    decision = {
        "outcome": "violation",
        "rule_ids": [CURE_RULE],
        "reasoning": "Promises a cure for diabetes (Decree 15/2018 art. 4).",
        "expected_version": case["version"],
    }
    result: dict[str, Any] = _ok(
        client.post(f"/api/v1/cases/{case['id']}/decision", json=decision, headers=people.analyst)
    )
    return result


def _appeal_and_overturn(
    client: TestClient, people: People, case: dict[str, Any]
) -> dict[str, Any]:
    appeal = {"reason": "Bài đã được gỡ trước khi có quyết định."}
    case = _ok(
        client.post(f"/api/v1/cases/{case['id']}/appeal", json=appeal, headers=people.influencer)
    )
    ruling = {
        "outcome": "overturned",
        "reasoning": "Removed before the decision; a reminder suffices.",
        "expected_version": case["version"],
    }
    result: dict[str, Any] = _ok(
        client.post(
            f"/api/v1/cases/{case['id']}/appeal-decision",
            json=ruling,
            headers=people.second_analyst,
        )
    )
    assert result["state"] == "appeal_decided"
    return result


def _points(client: TestClient, people: People) -> int:
    standing = _ok(client.get(f"/api/v1/influencers/{SLUG}/points", headers=people.influencer))
    points: int = standing["points"]
    return points


def _check_notices(client: TestClient, people: People, sanction_id: int) -> None:
    since = {"since": date.today().isoformat()}
    notices = _ok(client.get("/api/v1/notices", params=since, headers=people.platform))["items"]
    ours = [n for n in notices if n["sanction_id"] == sanction_id]
    assert [n["event"] for n in ours] == ["issued", "overturned"]
    statement = ours[0]["statement"]
    assert statement["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert statement["automated_detection"] == "Yes"
    assert statement["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_LABELLED"]
    assert statement["category"].startswith("STATEMENT_CATEGORY_")
