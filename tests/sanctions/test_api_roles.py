"""Who may read and change sanctions, points and notifications, role by role: staff all of
them, the influencer their own, everyone else nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Role
from koltrust.cases.states import Move
from tests.cases.helpers import make_moves, open_case, stored_finding
from tests.factories import headers_for, make_influencer

SELF, OTHER = "tu-minh", "nguoi-ngoai"
ACTORS = ("anonymous", "analyst", "self", "other", "business", "platform")


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    target = make_influencer(session, display_name="Tú Minh", slug=SELF)
    make_influencer(session, display_name="Người Ngoài", slug=OTHER)
    case = open_case(
        session, slug=SELF, finding_ids=[stored_finding(session, influencer_id=target.id)]
    )
    make_moves(session, case, Move.START_REVIEW, Move.DECIDE_VIOLATION, actor=SYSTEM)
    session.commit()
    headers = {
        "anonymous": {},
        "analyst": headers_for(session, Role.ANALYST),
        "self": headers_for(session, Role.INFLUENCER, influencer_slug=SELF),
        "other": headers_for(session, Role.INFLUENCER, influencer_slug=OTHER),
        "business": headers_for(session, Role.BUSINESS),
        "platform": headers_for(session, Role.PLATFORM),
    }
    return {"headers": headers}


def _statuses(
    client: TestClient, world: dict[str, Any], method: str, path: str, **kw: Any
) -> dict[str, int]:
    return {
        actor: client.request(method, path, headers=world["headers"][actor], **kw).status_code
        for actor in ACTORS
    }


def _sanction_id(client: TestClient, world: dict[str, Any]) -> int:
    items = client.get("/api/v1/sanctions", headers=world["headers"]["analyst"]).json()["items"]
    sanction_id: int = items[0]["id"]
    return sanction_id


def test_reading_sanctions_points_and_notifications(
    client: TestClient, world: dict[str, Any]
) -> None:
    sanction = _sanction_id(client, world)

    assert _statuses(client, world, "GET", "/api/v1/sanctions") == dict(
        zip(ACTORS, (401, 200, 403, 403, 403, 403), strict=True)
    )
    assert _statuses(
        client, world, "GET", "/api/v1/sanctions", params={"influencer": SELF}
    ) == dict(zip(ACTORS, (401, 200, 200, 403, 403, 403), strict=True))
    assert _statuses(client, world, "GET", f"/api/v1/sanctions/{sanction}") == dict(
        zip(ACTORS, (401, 200, 200, 403, 403, 403), strict=True)
    )
    assert _statuses(client, world, "GET", f"/api/v1/influencers/{SELF}/points") == dict(
        zip(ACTORS, (401, 200, 200, 403, 403, 403), strict=True)
    )
    assert _statuses(
        client, world, "GET", "/api/v1/notifications", params={"influencer": SELF}
    ) == dict(zip(ACTORS, (401, 200, 200, 403, 403, 403), strict=True))


def test_changing_sanctions_points_and_notifications(
    client: TestClient, world: dict[str, Any]
) -> None:
    sanction = _sanction_id(client, world)
    own = client.get("/api/v1/notifications", headers=world["headers"]["self"]).json()
    ids = [note["id"] for note in own["items"]]

    lift = _statuses(
        client, world, "POST", f"/api/v1/sanctions/{sanction}/lift", json={"reason": "r"}
    )
    credit = _statuses(
        client,
        world,
        "POST",
        f"/api/v1/influencers/{SELF}/training-credits",
        json={"reason": "done"},
    )
    read = _statuses(client, world, "POST", "/api/v1/notifications/read", json={"ids": ids})

    # the analyst's lift succeeds; the second credit of the year is refused (409)
    assert lift == dict(zip(ACTORS, (401, 200, 403, 403, 403, 403), strict=True))
    assert credit == dict(zip(ACTORS, (401, 201, 403, 403, 403, 403), strict=True))
    # another influencer marks nothing of someone else's: their own list has none of these ids
    assert read == dict(zip(ACTORS, (401, 403, 200, 200, 403, 403), strict=True))
    assert own["unread"] == len(ids) > 0
    again = client.get("/api/v1/notifications", headers=world["headers"]["self"]).json()
    # only the message of the lift, sent after the ids were read, is still unread
    assert again["unread"] == 1
    assert [n["kind"] for n in again["items"] if n["read_at"] is None] == ["sanction_ended"]
