"""The reports API: anyone sends, staff list; 201/200 for new/duplicate, and the problem+json
of a nonexistent target, an unknown category, a bad evidence URL and too many reports."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.errors import PROBLEM_TYPE_BASE
from tests.factories import headers_for, make_influencer
from tests.reports.helpers import CATEGORY, stored_post

Headers = dict[str, dict[str, str]]


@pytest.fixture
def headers(session: Session) -> Headers:
    make_influencer(session, display_name="Linh An", slug="linh-an")
    return {
        "anonymous": {},
        "admin": headers_for(session, Role.ADMIN),
        "analyst": headers_for(session, Role.ANALYST),
        "influencer": headers_for(session, Role.INFLUENCER, influencer_slug="linh-an"),
        "business": headers_for(session, Role.BUSINESS),
    }


def _send(client: TestClient, headers: dict[str, str] | None = None, **fields: Any) -> Response:
    body = {
        "target": "influencer",
        "influencer": "linh-an",
        "category": CATEGORY,
        "text": "Quảng cáo thuốc chữa khỏi bệnh",
        "evidence_urls": ["https://example.com/video/1"],
    } | fields
    response: Response = client.post("/api/v1/reports", json=body, headers=headers or {})
    return response


def _problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["code"], body["type"]) == (code, PROBLEM_TYPE_BASE + code)
    return body


def test_anyone_reports_and_a_repeat_returns_the_same_report(
    client: TestClient, headers: Headers
) -> None:
    created = _send(client)
    repeated = _send(client, text="quảng cáo thuốc  chữa khỏi bệnh")

    assert created.status_code == 201, created.text
    report = created.json()
    assert created.headers["location"] == f"/api/v1/reports/{report['id']}"
    assert (report["status"], report["duplicate"], report["target"]) == (
        "received",
        False,
        "influencer",
    )
    assert "contact" not in report
    assert repeated.status_code == 200
    assert (repeated.json()["id"], repeated.json()["duplicate"]) == (report["id"], True)


def test_a_report_about_a_stored_post(
    client: TestClient, session: Session, headers: Headers
) -> None:
    post_id = stored_post(session)
    session.commit()

    response = _send(client, target="post", post_id=post_id, influencer=None)

    assert response.status_code == 201, response.text
    assert response.json()["post_id"] == post_id


def test_a_nonexistent_post_is_a_404_saying_so(client: TestClient, headers: Headers) -> None:
    body = _problem(_send(client, target="post", post_id=424242, influencer=None), 404, "not_found")
    assert body["detail"] == "No stored post 424242"


def test_an_unknown_category_is_a_422_listing_the_valid_codes(
    client: TestClient, headers: Headers
) -> None:
    body = _problem(_send(client, category="rudeness"), 422, "validation_failed")
    assert "scam" in body["valid"]
    assert "scam" in body["detail"]


@pytest.mark.parametrize(
    "fields",
    [
        {"evidence_urls": ["javascript:alert(1)"]},
        {"evidence_urls": ["not a url"]},
        {"evidence_urls": [f"https://example.com/{n}" for n in range(11)]},
        {"text": "x" * 5_001},
        {"text": "   "},
        {"target": "post", "post_id": None, "influencer": None},
    ],
    ids=["script_url", "not_a_url", "eleven_urls", "long_text", "empty_text", "no_target"],
)
def test_bad_input_is_a_422(client: TestClient, headers: Headers, fields: dict[str, Any]) -> None:
    _problem(_send(client, **fields), 422, "validation_failed")


def test_too_many_anonymous_reports_are_a_429_with_retry_after(
    client: TestClient, headers: Headers
) -> None:
    for n in range(10):
        assert _send(client, text=f"report {n}").status_code == 201

    refused = _send(client, text="one too many")
    signed_in = _send(client, headers["business"], text="one too many")

    body = _problem(refused, 429, "rate_limited")
    assert int(refused.headers["retry-after"]) == body["retry_after"] > 0
    assert signed_in.status_code == 201


def test_each_role_gets_the_expected_status(client: TestClient, headers: Headers) -> None:
    report_id = _send(client, contact="me@example.com").json()["id"]
    expected = {"anonymous": 401, "admin": 200, "analyst": 200, "influencer": 403, "business": 403}

    listed = {
        who: client.get("/api/v1/reports", headers=h).status_code for who, h in headers.items()
    }
    read = {
        who: client.get(f"/api/v1/reports/{report_id}", headers=h).status_code
        for who, h in headers.items()
    }
    sent = {who: _send(client, h, text=f"from {who}").status_code for who, h in headers.items()}

    assert listed == expected
    assert read == expected
    assert sent == dict.fromkeys(headers, 201)
    staff_view = client.get(f"/api/v1/reports/{report_id}", headers=headers["analyst"]).json()
    assert staff_view["contact"] == "me@example.com"


def test_staff_filter_the_list(client: TestClient, headers: Headers) -> None:
    _send(client, category="scam", text="scam one")
    _send(client, text="health one")

    page = client.get(
        "/api/v1/reports", params={"category": "scam", "trusted": "false"}, headers=headers["admin"]
    ).json()
    missing = client.get("/api/v1/reports/999999", headers=headers["admin"])

    assert (page["total"], page["items"][0]["category"]) == (1, "scam")
    _problem(missing, 404, "not_found")
