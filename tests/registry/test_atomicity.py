"""A request that fails leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.api.deps import SessionDep
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.registry import service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from koltrust.registry.schemas import InfluencerCreate
from tests.factories import database_snapshot, headers_for, make_influencer, make_organisation

Send = Callable[[TestClient, dict[str, dict[str, str]]], httpx.Response]


def _create(body: dict[str, Any], who: str = "admin") -> Send:
    return lambda c, h: c.post("/api/v1/influencers", json=body, headers=h[who])


FAILURES: dict[str, tuple[int, Send]] = {
    "second_handle_taken": (
        409,
        _create(
            {
                "display_name": "Người Mới",
                "niche": "food",
                "province": "hue",
                "accounts": [
                    {"platform": "youtube", "handle": "brand.new"},
                    {"platform": "tiktok", "handle": "@TAKEN"},
                ],
            }
        ),
    ),
    "same_handle_twice_in_one_body": (
        409,
        _create(
            {
                "display_name": "Người Mới",
                "niche": "food",
                "province": "hue",
                "accounts": [
                    {"platform": "x", "handle": "twice"},
                    {"platform": "x", "handle": "Twice"},
                ],
            }
        ),
    ),
    "forbidden_create": (
        403,
        _create({"display_name": "X", "niche": "food", "province": "hue"}, who="analyst"),
    ),
    "invalid_transition": (
        409,
        lambda c, h: c.post("/api/v1/influencers/owner/membership/reinstate", headers=h["admin"]),
    ),
    "suspend_without_reason": (
        422,
        lambda c, h: c.post("/api/v1/influencers/member/membership/suspend", headers=h["admin"]),
    ),
    "stale_version": (
        409,
        lambda c, h: c.patch(
            "/api/v1/influencers/owner", json={"bio": "x", "version": 0}, headers=h["admin"]
        ),
    ),
    "bad_identity_number": (
        422,
        lambda c, h: c.put(
            "/api/v1/influencers/owner/verification",
            json={"level": "national_id", "id_number": "123"},
            headers=h["admin"],
        ),
    ),
    "user_for_unknown_influencer": (
        404,
        lambda c, h: c.post(
            "/api/v1/users",
            json={
                "email": "ghost@example.org",
                "display_name": "Ghost",
                "role": "influencer",
                "influencer_slug": "nobody",
            },
            headers=h["admin"],
        ),
    ),
    "token_for_unknown_user": (
        404,
        lambda c, h: c.post(
            "/api/v1/tokens",
            json={"name": "t", "email": "nobody@example.org"},
            headers=h["admin"],
        ),
    ),
    "duplicate_tax_code": (
        409,
        lambda c, h: c.post(
            "/api/v1/organisations",
            json={"name": "Khác", "kind": "business", "tax_code": "0312345678"},
            headers=h["admin"],
        ),
    ),
}


@pytest.fixture
def headers(session: Session) -> dict[str, dict[str, str]]:
    make_influencer(session, slug="owner", accounts=[{"platform": "tiktok", "handle": "taken"}])
    make_influencer(session, slug="member")
    change_influencer_membership(
        session,
        actor=SYSTEM,
        slug="member",
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    make_organisation(session, tax_code="0312345678")
    session.commit()
    return {
        "admin": headers_for(session, Role.ADMIN),
        "analyst": headers_for(session, Role.ANALYST),
    }


@pytest.mark.parametrize("name", list(FAILURES))
def test_failed_request_leaves_the_database_as_it_was(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]], name: str
) -> None:
    status, send = FAILURES[name]
    before = database_snapshot(session)

    response = send(client, headers)

    assert response.status_code == status, response.text
    assert database_snapshot(session) == before


def test_successful_request_does_change_the_snapshot(
    client: TestClient, session: Session, headers: dict[str, dict[str, str]]
) -> None:
    before = database_snapshot(session)

    response = _create({"display_name": "Người Mới", "niche": "food", "province": "hue"})(
        client, headers
    )

    assert response.status_code == 201
    after = database_snapshot(session)
    assert len(after["influencers"]) == len(before["influencers"]) + 1
    assert len(after["audit_events"]) == len(before["audit_events"]) + 1


def test_unexpected_error_after_a_write_rolls_the_write_back(
    app: FastAPI, session: Session
) -> None:
    def write_then_fail(db: SessionDep) -> None:
        service.create_influencer(
            db,
            actor=SYSTEM,
            data=InfluencerCreate(display_name="Nửa Chừng", niche="food", province="hue"),
        )
        raise RuntimeError("a bug after the write")

    app.add_api_route("/api/v1/test-only/write-then-fail", write_then_fail, methods=["POST"])
    before = database_snapshot(session)

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/test-only/write-then-fail")

    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert database_snapshot(session) == before
