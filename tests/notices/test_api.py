"""The notices and webhooks API: who may read and manage them, paging, problem+json for bad
input, and the delivery log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import Role
from koltrust.config import Settings
from koltrust.errors import PROBLEM_TYPE_BASE
from koltrust.notices import service
from koltrust.notices.delivery import deliver_due
from koltrust.notices.models import NoticeEvent
from tests.factories import headers_for, make_influencer
from tests.notices.helpers import DECIDED_AT, http_endpoint, make_sanction

NOW = DECIDED_AT + timedelta(hours=1)
ROLES = ("anonymous", "admin", "analyst", "platform", "influencer", "business")
Headers = dict[str, dict[str, str]]


@pytest.fixture
def headers(session: Session) -> Headers:
    slug = make_influencer(session, slug="nguoi-xem").slug
    found: Headers = {"anonymous": {}}
    for role in Role:
        linked = {"influencer_slug": slug} if role is Role.INFLUENCER else {}
        found[role.value] = headers_for(session, role, **linked)
    return found


def _notices(session: Session, count: int) -> list[int]:
    sanction = make_sanction(session)
    ids = [
        service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW + timedelta(days=k)).id
        for k in range(count)
    ]
    session.commit()
    return ids


def _problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["code"], body["type"]) == (code, PROBLEM_TYPE_BASE + code)
    return body


def test_platforms_and_staff_read_notices_others_may_not(
    client: TestClient, session: Session, headers: Headers
) -> None:
    _notices(session, 1)

    statuses = {
        role: client.get("/api/v1/notices?since=2025-01-01", headers=headers[role]).status_code
        for role in ROLES
    }

    assert statuses == dict(zip(ROLES, (401, 200, 200, 200, 403, 403), strict=True))


def test_notices_come_as_statements_page_by_page(
    client: TestClient, session: Session, headers: Headers
) -> None:
    ids = _notices(session, 3)
    platform = headers["platform"]

    first = client.get("/api/v1/notices?since=2025-03-10&per_page=2", headers=platform).json()
    after = first["next_after_id"]
    second = client.get(
        f"/api/v1/notices?since=2025-03-10&per_page=2&after_id={after}", headers=platform
    ).json()

    assert [n["id"] for n in first["items"]] == ids[:2]
    assert [n["id"] for n in second["items"]] == ids[2:]
    assert second["next_after_id"] is None
    statement = first["items"][0]["statement"]
    assert statement["puid"].startswith("koltrust-sanction-")
    assert statement["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert first["items"][0]["event"] == "issued"


def test_since_filters_by_when_the_notice_was_recorded(
    client: TestClient, session: Session, headers: Headers
) -> None:
    ids = _notices(session, 3)
    since = (NOW + timedelta(days=1)).isoformat()

    body = client.get("/api/v1/notices", params={"since": since}, headers=headers["admin"]).json()

    assert [n["id"] for n in body["items"]] == ids[1:]


@pytest.mark.parametrize("since", ["yesterday", "2025-02-30", "1/3/2025"])
def test_a_bad_since_is_a_422_problem(client: TestClient, headers: Headers, since: str) -> None:
    response = client.get("/api/v1/notices", params={"since": since}, headers=headers["platform"])

    assert _problem(response, 422, "validation_failed")["field"] == "since"


def test_a_missing_since_or_a_huge_page_is_a_422_problem(
    client: TestClient, headers: Headers, settings: Settings
) -> None:
    platform = headers["platform"]
    huge = settings.page_size_max + 1

    _problem(client.get("/api/v1/notices", headers=platform), 422, "validation_failed")
    _problem(
        client.get(f"/api/v1/notices?since=2025-01-01&per_page={huge}", headers=platform),
        422,
        "validation_failed",
    )


def test_admins_subscribe_and_see_the_secret_once(client: TestClient, headers: Headers) -> None:
    body = {"name": "Nền tảng Video", "url": "https://hooks.example.org/koltrust"}

    created = client.post("/api/v1/webhooks", json=body, headers=headers["admin"])
    listed = client.get("/api/v1/webhooks", headers=headers["admin"]).json()

    assert created.status_code == 201, created.text
    assert len(created.json()["secret"]) >= 43
    assert [w["name"] for w in listed] == ["Nền tảng Video"]
    assert "secret" not in listed[0]


def test_only_admins_manage_webhooks(client: TestClient, headers: Headers) -> None:
    body = {"name": "X", "url": "https://x.example/h"}

    statuses = {
        role: (
            client.post("/api/v1/webhooks", json=body, headers=headers[role]).status_code,
            client.get("/api/v1/webhooks", headers=headers[role]).status_code,
        )
        for role in ROLES
    }

    assert statuses == {
        "anonymous": (401, 401),
        "admin": (201, 200),
        "analyst": (403, 403),
        "platform": (403, 403),
        "influencer": (403, 403),
        "business": (403, 403),
    }


@pytest.mark.parametrize(
    "url", ["ftp://x.example/h", "not a url", "https://user:pw@x.example/h", "javascript:alert(1)"]
)
def test_a_webhook_needs_a_web_address(client: TestClient, headers: Headers, url: str) -> None:
    response = client.post(
        "/api/v1/webhooks", json={"name": "X", "url": url}, headers=headers["admin"]
    )

    _problem(response, 422, "validation_failed")


def test_removing_a_webhook_keeps_it_listed_as_inactive(
    client: TestClient, headers: Headers
) -> None:
    admin = headers["admin"]
    body = {"name": "X", "url": "https://x.example/h"}
    webhook_id = client.post("/api/v1/webhooks", json=body, headers=admin).json()["id"]

    removed = client.delete(f"/api/v1/webhooks/{webhook_id}", headers=admin)
    active = client.get("/api/v1/webhooks", headers=admin).json()
    everything = client.get("/api/v1/webhooks?include_inactive=true", headers=admin).json()

    assert removed.status_code == 204
    assert active == []
    assert [(w["id"], w["active"]) for w in everything] == [(webhook_id, False)]
    _problem(client.delete("/api/v1/webhooks/999999", headers=admin), 404, "not_found")


def test_the_delivery_log_shows_every_attempt(
    client: TestClient,
    session: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    headers: Headers,
) -> None:
    admin = headers["admin"]
    with http_endpoint(500, 200) as endpoint:
        body = {"name": "Video", "url": endpoint.url}
        webhook_id = client.post("/api/v1/webhooks", json=body, headers=admin).json()["id"]
        _notices(session, 1)
        deliver_due(session_factory, now=NOW, settings=settings)
        deliver_due(session_factory, now=NOW + timedelta(hours=1), settings=settings)

    page = client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", headers=admin).json()

    (delivery,) = page["items"]
    assert (delivery["status"], delivery["attempts"], page["total"]) == ("delivered", 2, 1)
    assert [a["status_code"] for a in delivery["log"]] == [500, 200]
    assert all(a["duration_ms"] >= 0 for a in delivery["log"])
    forbidden = client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", headers=headers["platform"])
    assert forbidden.status_code == 403
