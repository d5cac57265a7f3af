"""The fact-check and claim-matching API: lists, reads, imports by staff only, matching with
its limits, and every refusal as problem+json."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from tests.claims.helpers import LEMON_URL, demo_document, review, stored_count
from tests.factories import headers_for, make_influencer

PROBLEM = "application/problem+json"


@pytest.fixture
def demo(client: TestClient, admin_headers: dict[str, str]) -> dict[str, Any]:
    """The demo fact-checks imported through the API; returns the import report."""
    response = client.post("/api/v1/fact-checks", json=demo_document(), headers=admin_headers)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["detail"]
    return body


def test_import_reports_what_it_stored(demo: dict[str, Any]) -> None:
    assert (demo["added"], demo["rejected"], demo["format"]) == (14, 0, "claimreview")
    assert len(demo["added_ids"]) == 14


def test_list_is_open_to_everyone_paginated_and_filtered(
    client: TestClient, demo: dict[str, Any]
) -> None:
    page = client.get("/api/v1/fact-checks", params={"per_page": 5}).json()
    assert (page["total"], page["pages"], len(page["items"])) == (14, 3, 5)

    found = client.get("/api/v1/fact-checks", params={"q": "lemon", "verdict": "false"}).json()
    assert [item["url"] for item in found["items"]] == [LEMON_URL]
    assert client.get("/api/v1/fact-checks", params={"language": "vi"}).json()["total"] == 3


def test_a_bad_filter_is_a_problem(client: TestClient) -> None:
    assert_problem(
        client.get("/api/v1/fact-checks", params={"verdict": "nope"}), 422, "validation_failed"
    )


def test_one_fact_check_by_id(client: TestClient, demo: dict[str, Any]) -> None:
    fact_check_id = demo["added_ids"][0]

    body = client.get(f"/api/v1/fact-checks/{fact_check_id}").json()

    assert body["id"] == fact_check_id
    assert body["publisher"] == "Demo Fact Check"
    assert_problem(client.get(f"/api/v1/fact-checks/{'0' * 16}"), 404, "not_found")


def test_flat_records_are_imported_and_rejects_named(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    document = {"fact_checks": [{"claim": "Garlic cures COVID-19", "rating": "Sai"}, {"url": "x"}]}

    body = client.post("/api/v1/fact-checks", json=document, headers=admin_headers).json()

    assert (body["added"], body["rejected"]) == (1, 1)
    assert body["rejects"][0]["where"] == "fact_checks[1]"


def test_malformed_json_is_a_problem_and_stores_nothing(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    response = client.post(
        "/api/v1/fact-checks",
        content=b'[{"@type": "ClaimReview", "claimReviewed": "x"',
        headers=admin_headers | {"content-type": "application/json"},
    )

    assert_problem(response, 400, "malformed_json")
    assert stored_count(session) == 0


def test_a_document_without_claim_reviews_is_a_problem(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    response = client.post("/api/v1/fact-checks", json={"@graph": []}, headers=admin_headers)

    assert_problem(response, 422, "fact_check_file_invalid")
    assert stored_count(session) == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        (Role.ADMIN, 200),
        (Role.ANALYST, 200),
        (Role.INFLUENCER, 403),
        (Role.BUSINESS, 403),
        (Role.PLATFORM, 403),
    ],
)
def test_only_admins_and_analysts_import(
    client: TestClient, session: Session, role: Role | None, status: int
) -> None:
    slug = make_influencer(session).slug if role is Role.INFLUENCER else None
    headers = headers_for(session, role, influencer_slug=slug) if role else {}

    response = client.post("/api/v1/fact-checks", json=review("Lemon cures", "l"), headers=headers)

    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"].startswith(PROBLEM)


def test_match_finds_the_fact_check_a_text_repeats(
    client: TestClient, demo: dict[str, Any]
) -> None:
    text = "Drinking warm lemon water cures cancer, share this with everyone!"

    response = client.post("/api/v1/claims/match", json={"text": text, "k": 3})

    assert response.status_code == 200, response.text
    best = response.json()["matches"][0]
    assert best["fact_check"]["url"] == LEMON_URL
    assert best["decision"] == "confirmed"
    assert 0.0 <= best["score"] <= 1.0


def test_match_with_no_fact_check_stored_finds_nothing(client: TestClient) -> None:
    response = client.post("/api/v1/claims/match", json={"text": "Lemon water cures cancer"})

    assert response.json() == {"matches": []}


@pytest.mark.parametrize("text", ["", "   \n "])
def test_match_refuses_an_empty_text(client: TestClient, text: str) -> None:
    body = assert_problem(
        client.post("/api/v1/claims/match", json={"text": text}), 422, "validation_failed"
    )
    assert "empty" in body["detail"]


def test_match_refuses_a_text_over_the_limit(client: TestClient) -> None:
    body = assert_problem(
        client.post("/api/v1/claims/match", json={"text": "a " * 10_001}), 413, "text_too_long"
    )
    assert "20000" in body["detail"]


def test_a_1_mb_query_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/v1/claims/match", json={"text": "a" * 1_100_000})

    assert_problem(response, 413, "payload_too_large")
