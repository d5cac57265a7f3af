"""``POST /api/v1/accounts/stats`` (all or nothing) and ``GET /influencers/{slug}/audience``."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from tests.audience.helpers import HANDLE, bought_record, record, snapshot_count
from tests.factories import headers_for, make_influencer

STATS = "/api/v1/accounts/stats"


@pytest.fixture
def analyst(session: Session) -> dict[str, str]:
    make_influencer(
        session,
        display_name="Linh An",
        slug="linh-an",
        accounts=[
            {"platform": "tiktok", "handle": HANDLE, "followers": 50_000},
            {"platform": "youtube", "handle": "LinhAnBep", "followers": 9_000},
        ],
    )
    return headers_for(session, Role.ANALYST)


def test_an_analyst_imports_a_list_and_gets_the_report(
    client: TestClient, analyst: dict[str, str]
) -> None:
    response = client.post(STATS, json=[record()], headers=analyst)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["added"] == 1
    assert body["influencers"] == ["linh-an"]
    assert body["rejects"] == []


def test_a_bad_record_refuses_the_whole_list_naming_index_and_field(
    client: TestClient, analyst: dict[str, str], session: Session
) -> None:
    records = [record(), record(handle="LinhAnBep", platform="youtube", followers=-1)]

    response = client.post(STATS, json=records, headers=analyst)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "account_stats_invalid"
    assert body["errors"] == [
        {"index": 1, "field": "followers", "reason": "Input should be greater than or equal to 0"}
    ]
    assert snapshot_count(session) == 0


@pytest.mark.parametrize("body", [[], {"platform": "tiktok"}, "text"])
def test_the_body_must_be_a_non_empty_list(
    client: TestClient, analyst: dict[str, str], body: object
) -> None:
    response = client.post(STATS, json=body, headers=analyst)

    assert response.status_code == 422
    assert response.json()["code"] == "account_stats_invalid"


def test_the_audience_page_shows_the_latest_estimate_per_account_with_its_parts(
    client: TestClient, analyst: dict[str, str]
) -> None:
    older = bought_record(as_of=date(2025, 9, 1))
    imported = client.post(STATS, json=[older, record()], headers=analyst)
    assert imported.json()["added"] == 2, imported.text

    response = client.get("/api/v1/influencers/linh-an/audience")

    assert response.status_code == 200
    accounts = {a["platform"]: a for a in response.json()["accounts"]}
    assert accounts["youtube"]["latest"] is None
    latest = accounts["tiktok"]["latest"]
    assert latest["as_of"].startswith("2025-10-01")
    assert latest["evidence"] == f"snapshot:{latest['id']}"
    assert latest["authenticity"] > 0.8
    parts = {part["code"]: part for part in latest["parts"]}
    assert set(parts) == {"engagement_rate", "follower_growth", "comment_quality", "fake_followers"}
    growth = parts["follower_growth"]
    assert growth["label"] == {"vi": "Tăng người theo dõi đột biến", "en": "Follower-growth spikes"}
    assert growth["reason"]["vi"].startswith("Không có đợt tăng đột biến")
    assert growth["reason"]["en"].startswith("No follower spike")
    assert sum(p["points"] for p in latest["parts"]) == pytest.approx(latest["authenticity"])


def test_the_vietnamese_reasons_quote_the_figures_of_a_bought_audience(
    client: TestClient, analyst: dict[str, str]
) -> None:
    client.post(STATS, json=[bought_record()], headers=analyst)

    accounts = client.get("/api/v1/influencers/linh-an/audience").json()["accounts"]
    latest = next(a["latest"] for a in accounts if a["platform"] == "tiktok")

    reasons = {part["code"]: part["reason"]["vi"] for part in latest["parts"]}
    assert "đợt tăng người theo dõi đột biến" in reasons["follower_growth"]
    assert "bản sao" in reasons["comment_quality"]
    assert "thấp hơn khoảng thường gặp" in reasons["engagement_rate"]
    assert "tài khoản giả" in reasons["fake_followers"]


def test_an_unknown_slug_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/influencers/no-such-person/audience")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
