"""The campaigns and corrections API: shapes, problem codes, and who may write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.db.types import utcnow
from tests.factories import headers_for, make_influencer

Headers = Callable[[Role], dict[str, str]]
TODAY = utcnow().date()
CAMPAIGN = {
    "name": "Mua sắm an toàn trên mạng",
    "description": "Kiểm tra người bán trước khi chuyển tiền.",
    "starts_on": (TODAY - timedelta(days=30)).isoformat(),
}
SLUG = "mua-sam-an-toan-tren-mang"


@pytest.fixture
def as_role(session: Session) -> Headers:
    make_influencer(session, display_name="Linh An", slug="linh-an")
    make_influencer(session, display_name="Người Khác", slug="nguoi-khac")
    cache: dict[Role, dict[str, str]] = {}

    def headers(role: Role) -> dict[str, str]:
        if role not in cache:
            slug = "linh-an" if role is Role.INFLUENCER else None
            cache[role] = headers_for(session, role, influencer_slug=slug)
        return cache[role]

    return headers


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def test_an_admin_creates_a_campaign_and_everyone_lists_it(
    client: TestClient, as_role: Headers
) -> None:
    created = client.post("/api/v1/campaigns", json=CAMPAIGN, headers=as_role(Role.ADMIN))

    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/v1/campaigns/{SLUG}"
    listed = client.get("/api/v1/campaigns").json()
    assert listed["total"] == 1
    assert listed["items"][0] | {"id": 0} == {
        "id": 0,
        "evidence": f"campaign:{created.json()['id']}",
        "slug": SLUG,
        "name": CAMPAIGN["name"],
        "description": CAMPAIGN["description"],
        "starts_on": CAMPAIGN["starts_on"],
        "ends_on": None,
        "participants": 0,
    }


def test_an_analyst_records_a_participant_shown_on_the_campaign(
    client: TestClient, as_role: Headers
) -> None:
    client.post("/api/v1/campaigns", json=CAMPAIGN, headers=as_role(Role.ADMIN))
    body = {
        "influencer": "linh-an",
        "joined_at": _day(3),
        "evidence_url": "https://www.tiktok.com/@linh.an/video/1",
    }

    joined = client.post(
        f"/api/v1/campaigns/{SLUG}/participants", json=body, headers=as_role(Role.ANALYST)
    )
    again = client.post(
        f"/api/v1/campaigns/{SLUG}/participants", json=body, headers=as_role(Role.ANALYST)
    )

    assert joined.status_code == 201, joined.text
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate"
    detail = client.get(f"/api/v1/campaigns/{SLUG}").json()
    assert detail["participants"] == 1
    assert [p["influencer"] for p in detail["participations"]] == ["linh-an"]
    assert "recorded_by" not in detail["participations"][0]


@pytest.mark.parametrize(
    ("joined_at", "field"),
    [(_day(-1), "joined_at"), (_day(31), "joined_at"), ("yesterday", "body.joined_at")],
)
def test_a_bad_joined_at_is_a_422_naming_the_field(
    client: TestClient, as_role: Headers, joined_at: str, field: str
) -> None:
    client.post("/api/v1/campaigns", json=CAMPAIGN, headers=as_role(Role.ADMIN))

    response = client.post(
        f"/api/v1/campaigns/{SLUG}/participants",
        json={"influencer": "linh-an", "joined_at": joined_at},
        headers=as_role(Role.ANALYST),
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    where = body.get("field") or ".".join(body["errors"][0]["loc"])
    assert where == field


def test_an_unknown_campaign_is_a_404(client: TestClient, as_role: Headers) -> None:
    response = client.post(
        "/api/v1/campaigns/no-such-campaign/participants",
        json={"influencer": "linh-an", "joined_at": _day(1)},
        headers=as_role(Role.ANALYST),
    )

    assert response.status_code == 404
    assert client.get("/api/v1/campaigns/no-such-campaign").status_code == 404


def test_the_influencer_records_a_correction_and_everyone_reads_it(
    client: TestClient, as_role: Headers
) -> None:
    body = {"url": "https://www.facebook.com/linh.an/posts/dinh-chinh", "published_at": _day(2)}

    created = client.post(
        "/api/v1/influencers/linh-an/corrections", json=body, headers=as_role(Role.INFLUENCER)
    )
    for_someone_else = client.post(
        "/api/v1/influencers/nguoi-khac/corrections", json=body, headers=as_role(Role.INFLUENCER)
    )

    assert created.status_code == 201, created.text
    assert for_someone_else.status_code == 403
    listed = client.get("/api/v1/influencers/linh-an/corrections").json()
    assert listed == [
        {
            "id": created.json()["id"],
            "evidence": f"correction:{created.json()['id']}",
            "influencer": "linh-an",
            "case_id": None,
            "url": body["url"],
            "published_at": f"{body['published_at']}T00:00:00Z",
            "note": "",
        }
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://x.example/a", "published_at": _day(1)}, "body.url"),
        ({"url": "https://x.example/a", "published_at": _day(-2)}, "published_at"),
        ({"url": "https://x.example/a", "published_at": _day(1), "case_id": 999}, "case_id"),
    ],
)
def test_a_bad_correction_is_a_422_naming_the_field(
    client: TestClient, as_role: Headers, body: dict[str, object], field: str
) -> None:
    response = client.post(
        "/api/v1/influencers/linh-an/corrections", json=body, headers=as_role(Role.ANALYST)
    )

    assert response.status_code == 422
    payload = response.json()
    where = payload.get("field") or ".".join(payload["errors"][0]["loc"])
    assert where == field


def test_corrections_of_an_unknown_influencer_are_a_404(client: TestClient) -> None:
    response = client.get("/api/v1/influencers/no-such-person/corrections")

    assert response.status_code == 404
