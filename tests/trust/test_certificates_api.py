"""The certificates API: who may issue and revoke, what a verification returns, and the
problem+json of every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session, sessionmaker

from koltrust.api.app import create_app
from koltrust.auth.permissions import Role
from koltrust.config import Settings
from koltrust.sanctions.kinds import SanctionKind
from tests.factories import headers_for
from tests.trust.certificate_world import member, now, qualifying, sanction, score


def problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


@pytest.fixture
def headers(session: Session) -> dict[str, dict[str, str]]:
    member(session, "nguoi-khac")
    return {
        "anonymous": {},
        "admin": headers_for(session, Role.ADMIN),
        "analyst": headers_for(session, Role.ANALYST),
        "influencer": headers_for(session, Role.INFLUENCER, influencer_slug="nguoi-khac"),
        "business": headers_for(session, Role.BUSINESS),
        "platform": headers_for(session, Role.PLATFORM),
    }


def issue(client: TestClient, slug: str, headers: dict[str, str]) -> Response:
    response: Response = client.post(f"/api/v1/influencers/{slug}/certificates", headers=headers)
    return response


def test_only_analysts_and_admins_issue(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    qualifying(session, "thu-ha", now())
    session.commit()

    responses = {who: issue(client, "thu-ha", h) for who, h in headers.items()}

    # the admin acts first and issues; the analyst, allowed too, finds it running
    assert {who: r.status_code for who, r in responses.items()} == {
        "anonymous": 401,
        "admin": 201,
        "analyst": 409,
        "influencer": 403,
        "business": 403,
        "platform": 403,
    }
    problem(responses["analyst"], 409, "certificate_running")


def test_issuing_returns_the_certificate_with_its_verification_link(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    qualifying(session, "thu-ha", now())
    session.commit()

    response = issue(client, "thu-ha", headers["analyst"])

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["verification_url"] == f"http://127.0.0.1:8000/verify/{body['code']}"
    assert body["influencer"] == {"slug": "thu-ha", "display_name": "Người thu-ha"}
    assert (body["status"], body["valid"], body["reason"], body["evidence"]) == (
        "active",
        True,
        None,
        [],
    )
    assert body["status_label"] == {"vi": "Còn hiệu lực", "en": "Valid"}
    assert (body["score_total"], body["band"]) == (100, "trusted")
    assert body["band_name"] == {"vi": "Đáng tin cậy", "en": "Trusted"}
    assert "issued_by" not in body


def test_a_refusal_lists_the_unmet_conditions(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    influencer = member(session, "dang-xin", membership="applicant")
    score(session, influencer, now())
    session.commit()

    body = problem(issue(client, "dang-xin", headers["admin"]), 409, "certificate_not_allowed")

    assert body["influencer"] == "dang-xin"
    assert [item["code"] for item in body["unmet"]] == ["not_member"]
    assert body["unmet"][0]["message"] in body["detail"]
    problem(issue(client, "no-such-person", headers["admin"]), 404, "not_found")
    problem(issue(client, "Not A Slug", headers["admin"]), 422, "validation_failed")


def test_anyone_verifies_a_code_however_it_is_typed(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    qualifying(session, "thu-ha", now())
    session.commit()
    code = issue(client, "thu-ha", headers["analyst"]).json()["code"]

    for typed in (code, code.lower(), code.replace("-", " ")[3:]):
        response = client.get(f"/api/v1/certificates/{typed}")
        assert response.status_code == 200, typed
        assert response.json()["code"] == code

    body = problem(client.get("/api/v1/certificates/KT-7QF3M-2XW96"), 404, "not_found")
    assert body["certificate"] == "KT-7QF3M-2XW96"
    body = problem(client.get("/api/v1/certificates/KT-7QF3M-2XW97"), 422, "validation_failed")
    assert body["field"] == "code"
    problem(client.get("/api/v1/certificates/" + "A" * 65), 422, "validation_failed")


def test_the_history_lists_every_certificate_with_the_status_it_shows(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    influencer = qualifying(session, "thu-ha", now())
    session.commit()
    code = issue(client, "thu-ha", headers["analyst"]).json()["code"]
    _, imposed = sanction(session, influencer, SanctionKind.VISIBILITY_RESTRICTION, days=30)
    session.commit()

    body = client.get("/api/v1/influencers/thu-ha/certificates").json()

    assert body["influencer"]["slug"] == "thu-ha"
    [item] = body["items"]
    assert (item["code"], item["status"], item["valid"]) == (code, "suspended", False)
    assert item["reason"]["code"] == "suspended_by_sanction"
    assert item["reason"]["values"]["kind"] == "visibility_restriction"
    assert "hạn chế hiển thị" in item["reason"]["text"]["vi"]
    assert item["evidence"] == [f"sanction:{imposed.id}", f"case:{imposed.case_id}"]
    assert client.get("/api/v1/influencers/nguoi-khac/certificates").json()["items"] == []
    problem(client.get("/api/v1/influencers/no-such-person/certificates"), 404, "not_found")


def test_only_admins_revoke_and_a_reason_is_required(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    qualifying(session, "thu-ha", now())
    session.commit()
    code = issue(client, "thu-ha", headers["analyst"]).json()["code"]
    path = f"/api/v1/certificates/{code}/revoke"
    reason = {"reason": "Hồ sơ giả mạo"}

    for who in ("anonymous", "analyst", "influencer", "business", "platform"):
        expected = 401 if who == "anonymous" else 403
        assert client.post(path, json=reason, headers=headers[who]).status_code == expected
    problem(
        client.post(path, json={"reason": "  "}, headers=headers["admin"]), 422, "validation_failed"
    )
    problem(client.post(path, json={}, headers=headers["admin"]), 422, "validation_failed")
    assert client.get(f"/api/v1/certificates/{code}").json()["status"] == "active"

    revoked = client.post(path, json=reason, headers=headers["admin"])

    assert revoked.status_code == 200, revoked.text
    shown = client.get(f"/api/v1/certificates/{code}").json()
    assert (shown["status"], shown["valid"]) == ("revoked", False)
    assert shown["reason"]["text"]["en"].endswith(": Hồ sơ giả mạo")
    again = client.post(path, json=reason, headers=headers["admin"])
    assert problem(again, 409, "invalid_transition")["current_status"] == "revoked"


def test_the_verification_link_follows_the_public_address_setting(
    settings: Settings, session_factory: sessionmaker[Session], session: Session
) -> None:
    qualifying(session, "thu-ha", now())
    analyst = headers_for(session, Role.ANALYST)
    session.commit()
    public = settings.model_copy(update={"public_base_url": "https://koltrust.vn"})

    with TestClient(create_app(public, session_factory=session_factory)) as client:
        body = issue(client, "thu-ha", analyst).json()

    assert body["verification_url"] == f"https://koltrust.vn/verify/{body['code']}"
