"""The cases API: who may open, list, read and move cases, and the problem+json of a stale
version, a move the state does not allow, and a role that may not make it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.errors import PROBLEM_TYPE_BASE
from tests.cases.helpers import stored_finding
from tests.factories import headers_for, make_influencer

ACTORS = ("anonymous", "admin", "analyst", "influencer_self", "influencer_other", "business")
TARGET, OTHER = "target-person", "other-person"
Headers = dict[str, dict[str, str]]


@pytest.fixture
def headers(session: Session) -> Headers:
    make_influencer(session, display_name="Người Mục Tiêu", slug=TARGET)
    make_influencer(session, display_name="Người Khác", slug=OTHER)
    return {
        "anonymous": {},
        "admin": headers_for(session, Role.ADMIN),
        "analyst": headers_for(session, Role.ANALYST),
        "influencer_self": headers_for(session, Role.INFLUENCER, influencer_slug=TARGET),
        "influencer_other": headers_for(session, Role.INFLUENCER, influencer_slug=OTHER),
        "business": headers_for(session, Role.BUSINESS),
    }


def _open(client: TestClient, headers: dict[str, str], **fields: Any) -> Response:
    body = {"influencer": TARGET, "category": "health_claims", "reason": "cure claim"} | fields
    response: Response = client.post("/api/v1/cases", json=body, headers=headers)
    return response


def _move(client: TestClient, headers: dict[str, str], case_id: int, **body: Any) -> Response:
    response: Response = client.post(
        f"/api/v1/cases/{case_id}/moves", json={"reason": "why"} | body, headers=headers
    )
    return response


def _problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["code"], body["type"]) == (code, PROBLEM_TYPE_BASE + code)
    return body


def test_staff_open_a_case_on_findings_and_read_it_with_its_events(
    client: TestClient, session: Session, headers: Headers
) -> None:
    target_id = make_influencer(session, display_name="Có Bài", slug="co-bai").id
    finding = stored_finding(session, influencer_id=target_id)
    session.commit()

    opened = _open(client, headers["analyst"], influencer="co-bai", finding_ids=[finding])

    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert opened.headers["location"] == f"/api/v1/cases/{case['id']}"
    assert (case["state"], case["version"], case["finding_ids"]) == ("open", 1, [finding])
    assert case["allowed_moves"] == ["start_review"]
    assert [e["move"] for e in case["events"]] == ["open"]


def test_each_role_gets_the_expected_status(client: TestClient, headers: Headers) -> None:
    case_id = _open(client, headers["admin"]).json()["id"]
    expected = {
        "open": dict(zip(ACTORS, (401, 201, 201, 403, 403, 403), strict=True)),
        "list": dict(zip(ACTORS, (401, 200, 200, 403, 403, 403), strict=True)),
        "read": dict(zip(ACTORS, (401, 200, 200, 200, 403, 403), strict=True)),
    }
    actual: dict[str, dict[str, int]] = {"open": {}, "list": {}, "read": {}}

    for actor in ACTORS:
        actual["open"][actor] = _open(client, headers[actor]).status_code
        actual["list"][actor] = client.get("/api/v1/cases", headers=headers[actor]).status_code
        read = client.get(f"/api/v1/cases/{case_id}", headers=headers[actor])
        actual["read"][actor] = read.status_code

    assert actual == expected


def test_moves_give_new_version_stale_409_invalid_409_wrong_role_403_decisions_elsewhere(
    client: TestClient, headers: Headers
) -> None:
    case_id = _open(client, headers["analyst"]).json()["id"]

    reviewed = _move(client, headers["analyst"], case_id, move="start_review", expected_version=1)
    stale = _move(client, headers["admin"], case_id, move="start_review", expected_version=1)
    invalid = _move(client, headers["admin"], case_id, move="close", expected_version=2)
    decide = _move(client, headers["analyst"], case_id, move="decide_violation", expected_version=2)
    by_influencer = _move(
        client, headers["influencer_self"], case_id, move="close", expected_version=2
    )
    no_reason = _move(
        client, headers["admin"], case_id, move="close", expected_version=2, reason=""
    )

    assert reviewed.status_code == 200, reviewed.text
    assert (reviewed.json()["state"], reviewed.json()["version"]) == ("in_review", 2)
    assert _problem(stale, 409, "stale_version")["current_version"] == 2
    body = _problem(invalid, 409, "invalid_transition")
    assert body["allowed_moves"] == ["decide_violation", "decide_no_violation"]
    assert _problem(decide, 422, "validation_failed")["use"] == "POST /api/v1/cases/{id}/decision"
    _problem(by_influencer, 403, "forbidden")
    _problem(no_reason, 422, "validation_failed")
    events = client.get(f"/api/v1/cases/{case_id}", headers=headers["admin"]).json()["events"]
    assert [e["move"] for e in events] == ["open", "start_review"]


def test_the_list_filters_by_state_and_influencer(client: TestClient, headers: Headers) -> None:
    first = _open(client, headers["admin"]).json()["id"]
    _open(client, headers["admin"], influencer=OTHER)
    _move(client, headers["admin"], first, move="start_review", expected_version=1)

    in_review = client.get("/api/v1/cases", params={"state": "in_review"}, headers=headers["admin"])
    of_other = client.get("/api/v1/cases", params={"influencer": OTHER}, headers=headers["admin"])
    unknown = client.get("/api/v1/cases", params={"influencer": "nobody"}, headers=headers["admin"])

    assert [c["id"] for c in in_review.json()["items"]] == [first]
    assert [c["influencer"] for c in of_other.json()["items"]] == [OTHER]
    assert of_other.json()["total"] == 1
    _problem(unknown, 422, "validation_failed")


def test_an_unknown_case_is_404_for_staff(client: TestClient, headers: Headers) -> None:
    _problem(client.get("/api/v1/cases/999999", headers=headers["analyst"]), 404, "not_found")
