"""Requests that provoke the due-process errors, for the problem-shape table: a decision
inside the reply window, a second training credit, closing inside the appeal window, and an
analyst deciding the appeal of their own decision."""

from __future__ import annotations

from typing import Any, Protocol

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import update

from koltrust.auth.permissions import Role
from koltrust.cases.models import Case
from koltrust.db.types import utcnow
from tests.api.staging import Stage
from tests.factories import headers_for

SLUG = "linh-an"
RULE = "vi.health.cure_claim"


class World(Protocol):
    """What the problem-shape table's world offers."""

    @property
    def stage(self) -> Stage: ...

    @property
    def admin(self) -> dict[str, str]: ...

    @property
    def analyst(self) -> dict[str, str]: ...

    @property
    def client(self) -> TestClient: ...


def decision_in_reply_window(w: World) -> httpx.Response:
    return _decide(w, _case_in_review(w))


def second_training_credit(w: World) -> httpx.Response:
    path = f"/api/v1/influencers/{SLUG}/training-credits"
    w.client.post(path, json={"reason": "module done"}, headers=w.admin)
    response: httpx.Response = w.client.post(path, json={"reason": "again"}, headers=w.admin)
    return response


def closing_in_appeal_window(w: World) -> httpx.Response:
    case = _decided(w)
    body = {"move": "close", "reason": "done", "expected_version": case["version"]}
    response: httpx.Response = w.client.post(
        f"/api/v1/cases/{case['id']}/moves", json=body, headers=w.admin
    )
    return response


def own_appeal_decided(w: World) -> httpx.Response:
    case = _decided(w)
    with w.stage.factory() as session:
        influencer = headers_for(session, Role.INFLUENCER, influencer_slug=SLUG)
    appealed = w.client.post(
        f"/api/v1/cases/{case['id']}/appeal", json={"reason": "I disagree"}, headers=influencer
    ).json()
    body = {"outcome": "overturned", "reasoning": "mine", "expected_version": appealed["version"]}
    response: httpx.Response = w.client.post(
        f"/api/v1/cases/{case['id']}/appeal-decision", json=body, headers=w.analyst
    )
    return response


def _case_in_review(w: World) -> dict[str, Any]:
    opened = w.client.post(
        "/api/v1/cases",
        json={"influencer": SLUG, "category": "prohibited_health_claim", "reason": "report"},
        headers=w.admin,
    ).json()
    move = {"move": "start_review", "reason": "look", "expected_version": opened["version"]}
    reviewed: dict[str, Any] = w.client.post(
        f"/api/v1/cases/{opened['id']}/moves", json=move, headers=w.admin
    ).json()
    return reviewed


def _decided(w: World) -> dict[str, Any]:
    case = _case_in_review(w)
    with w.stage.factory() as session:  # the reply window has passed unused
        session.execute(update(Case).where(Case.id == case["id"]).values(reply_due_at=utcnow()))
        session.commit()
    decided: dict[str, Any] = _decide(w, case).json()
    return decided


def _decide(w: World, case: dict[str, Any]) -> httpx.Response:
    body = {
        "outcome": "violation",
        "rule_ids": [RULE],
        "severity": "high",
        "reasoning": "cure claim",
        "expected_version": case["version"],
    }
    response: httpx.Response = w.client.post(
        f"/api/v1/cases/{case['id']}/decision", json=body, headers=w.analyst
    )
    return response
