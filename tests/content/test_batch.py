"""POST /api/v1/posts/batch: per-item outcomes; a bad item never stops the good ones."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.content.schemas import BATCH_LIMIT
from koltrust.errors import PROBLEM_TYPE_BASE
from tests.content.conftest import MAX_CHARS
from tests.content.helpers import CLEAN_TEXT, body, counts
from tests.content.rulebook import CURE_RULE

URL = "/api/v1/posts/batch"


def test_batch_stores_the_good_items_and_reports_each_bad_one_as_a_problem(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    posts = [
        body(external_id="a"),
        {"platform": "tiktok", "external_id": "b"},  # no text
        body(external_id="c", influencer="no-such-person"),
        body(external_id="d", text="a" * (MAX_CHARS + 1)),
        body(external_id="e", text=CLEAN_TEXT),
        body(external_id="a"),  # the first item again
        "not an object",
    ]

    response = client.post(URL, json={"posts": posts}, headers=admin_headers)

    assert response.status_code == 200, response.text
    out = response.json()
    assert out["counts"] == {"created": 2, "unchanged": 1, "updated": 0, "failed": 4}
    items = out["items"]
    assert [i["index"] for i in items] == list(range(len(posts)))
    assert [i["status"] for i in items] == [
        "created", "failed", "failed", "failed", "created", "unchanged", "failed",
    ]  # fmt: skip
    assert [i["external_id"] for i in items] == ["a", "b", "c", "d", "e", "a", None]
    assert items[0]["post_id"] == items[5]["post_id"]
    assert items[0]["run"]["findings"][0]["rule_id"] == CURE_RULE
    assert counts(session) == (2, 2)


def test_a_failed_item_carries_a_problem_with_its_code_and_status(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    posts = [
        {"platform": "tiktok", "external_id": "b"},
        body(influencer="no-such-person"),
        body(text="a" * (MAX_CHARS + 1)),
    ]

    items = client.post(URL, json={"posts": posts}, headers=admin_headers).json()["items"]
    errors = [item["error"] for item in items]

    assert [(e["status"], e["code"]) for e in errors] == [
        (422, "validation_failed"),
        (422, "validation_failed"),
        (413, "text_too_long"),
    ]
    for error in errors:
        assert error["type"] == PROBLEM_TYPE_BASE + error["code"]
        assert error["title"]
        assert error["detail"]
    assert ["text"] in [e["loc"] for e in errors[0]["errors"]]
    assert errors[1]["field"] == "influencer"
    assert all(item["run"] is None and item["post_id"] is None for item in items)


def test_a_batch_may_update_a_post_sent_earlier(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    client.post("/api/v1/posts", json=body(), headers=admin_headers)

    out = client.post(URL, json={"posts": [body(text=CLEAN_TEXT)]}, headers=admin_headers).json()

    assert out["counts"]["updated"] == 1
    assert out["items"][0]["screened"] is True
    assert counts(session) == (1, 2)


def test_a_batch_over_the_limit_is_refused_whole(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    posts = [{"text": "x"}] * (BATCH_LIMIT + 1)

    response = client.post(URL, json={"posts": posts}, headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert counts(session) == (0, 0)


def test_an_empty_batch_is_refused(client: TestClient, admin_headers: dict[str, str]) -> None:
    response = client.post(URL, json={"posts": []}, headers=admin_headers)

    assert response.status_code == 422


def test_a_full_batch_is_accepted(
    client: TestClient, admin_headers: dict[str, str], session: Session
) -> None:
    posts = [{"text": f"bài {n}", "language": "vi"} for n in range(BATCH_LIMIT)]

    out = client.post(URL, json={"posts": posts}, headers=admin_headers).json()

    assert out["counts"]["created"] == BATCH_LIMIT
    assert counts(session) == (BATCH_LIMIT, BATCH_LIMIT)
