"""Reading stored posts back: one post, its findings (latest or every run), the list."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.content.helpers import CLEAN_TEXT, CURE_TEXT, send
from tests.content.rulebook import CURE_RULE, DOMAIN_RULE, SHADOW_RULE
from tests.factories import make_influencer


def _ids(page: dict[str, Any]) -> list[str | None]:
    return [item["external_id"] for item in page["items"]]


def test_a_stored_post_comes_with_its_latest_run_summary(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    send(client, admin_headers)
    updated = send(client, admin_headers, text=CLEAN_TEXT).json()

    post = client.get(f"/api/v1/posts/{updated['post']['id']}", headers=admin_headers).json()

    assert post["text"] == CLEAN_TEXT
    assert post["latest_run"]["id"] == updated["run"]["id"]
    assert post["latest_run"]["current_text"] is True
    assert post["latest_run"]["finding_count"] == 0


def test_unknown_post_is_not_found(client: TestClient, admin_headers: dict[str, str]) -> None:
    response = client.get("/api/v1/posts/999999", headers=admin_headers)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_findings_are_those_of_the_latest_run(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    send(client, admin_headers, text=CLEAN_TEXT)
    post_id = send(client, admin_headers).json()["post"]["id"]

    out = client.get(f"/api/v1/posts/{post_id}/findings", headers=admin_headers).json()

    assert out["post_id"] == post_id
    assert len(out["runs"]) == 1
    run = out["runs"][0]
    assert [f["rule_id"] for f in run["findings"]] == [CURE_RULE, DOMAIN_RULE]
    assert [f["rule_id"] for f in run["shadow_findings"]] == [SHADOW_RULE]
    assert run["text_sha256"] == out["text_sha256"]


def test_all_runs_gives_the_history_newest_first_with_the_texts_they_screened(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    first = send(client, admin_headers).json()
    second = send(client, admin_headers, text=CLEAN_TEXT).json()
    post_id = first["post"]["id"]

    out = client.get(
        f"/api/v1/posts/{post_id}/findings", params={"all_runs": "true"}, headers=admin_headers
    ).json()

    runs = out["runs"]
    assert [r["id"] for r in runs] == [second["run"]["id"], first["run"]["id"]]
    assert [r["current_text"] for r in runs] == [True, False]
    assert [r["screened_text"] for r in runs] == [None, CURE_TEXT]
    old = runs[1]
    quoted = [CURE_TEXT[s:e] for f in old["findings"] for s, e in f["spans"]]
    assert quoted[0] == "chữa khỏi"


def test_list_is_newest_first_and_paginated(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    for n in range(3):
        send(client, admin_headers, external_id=f"p{n}")

    page = client.get("/api/v1/posts", params={"per_page": 2}, headers=admin_headers).json()

    assert _ids(page) == ["p2", "p1"]
    assert (page["total"], page["page"], page["per_page"], page["pages"]) == (3, 1, 2, 2)
    assert "text" not in page["items"][0]
    assert page["items"][0]["latest_run"]["finding_count"] == 2


def test_list_filters_by_influencer_and_platform(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    make_influencer(session, slug="linh-an")
    send(client, admin_headers, external_id="mine", influencer="linh-an")
    send(client, admin_headers, external_id="other")
    send(client, admin_headers, external_id="fb", platform="facebook")

    def listed(**params: str) -> list[str | None]:
        return _ids(client.get("/api/v1/posts", params=params, headers=admin_headers).json())

    assert listed(influencer="linh-an") == ["mine"]
    assert listed(platform="facebook") == ["fb"]


def test_list_filters_by_category_and_severity_of_the_latest_run(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    send(client, admin_headers, external_id="flagged")
    send(client, admin_headers, external_id="cleaned")
    send(client, admin_headers, external_id="cleaned", text=CLEAN_TEXT)
    send(client, admin_headers, external_id="shadow-only", text="Kem này tốt nhất thị trường")

    def listed(**params: str) -> list[str | None]:
        return _ids(client.get("/api/v1/posts", params=params, headers=admin_headers).json())

    assert listed(category="prohibited_health_claim") == ["flagged"]
    assert listed(severity="critical") == ["flagged"]
    assert listed(category="prohibited_health_claim", severity="critical") == []
    assert listed(category="unsupported_superlative") == []  # shadow findings never count


def test_list_with_an_unknown_influencer_is_a_validation_error(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.get(
        "/api/v1/posts", params={"influencer": "no-such-person"}, headers=admin_headers
    )

    assert response.status_code == 422
    assert response.json()["field"] == "influencer"


def test_a_deleted_influencer_leaves_the_posts_as_evidence(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    make_influencer(session, slug="linh-an")
    post_id = send(client, admin_headers, influencer="linh-an").json()["post"]["id"]

    assert client.delete("/api/v1/influencers/linh-an", headers=admin_headers).status_code == 204
    post = client.get(f"/api/v1/posts/{post_id}", headers=admin_headers).json()

    assert post["influencer"] is None
    assert post["text"] == CURE_TEXT
