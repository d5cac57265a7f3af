"""Who may store posts and read them back: admins, analysts and platforms send posts; admins
and analysts read every stored post, an influencer only their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import ANONYMOUS, Actor, Role
from koltrust.content import read_service, service
from koltrust.content.schemas import PostCreate, PostFilters
from koltrust.errors import Forbidden, Unauthenticated
from koltrust.screening.source import RulebookSource
from tests.content.helpers import body
from tests.factories import headers_for, make_influencer, make_organisation

ACTORS = (
    "anonymous",
    "admin",
    "analyst",
    "influencer_self",
    "influencer_other",
    "business",
    "platform",
)
TARGET, OTHER = "target-person", "other-person"


@dataclass(frozen=True)
class World:
    headers: dict[str, dict[str, str]]
    post_id: int


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    """Two influencers, a user per role, and one stored post by the target."""
    make_influencer(session, display_name="Người Mục Tiêu", slug=TARGET)
    make_influencer(session, display_name="Người Khác", slug=OTHER)
    make_organisation(session, slug="sen-viet", tax_code="0100000001")
    make_organisation(session, slug="nen-tang", tax_code="0100000002", kind="platform")
    headers = {
        "anonymous": {},
        "admin": headers_for(session, Role.ADMIN),
        "analyst": headers_for(session, Role.ANALYST),
        "influencer_self": headers_for(session, Role.INFLUENCER, influencer_slug=TARGET),
        "influencer_other": headers_for(session, Role.INFLUENCER, influencer_slug=OTHER),
        "business": headers_for(session, Role.BUSINESS, organisation_slug="sen-viet"),
        "platform": headers_for(session, Role.PLATFORM, organisation_slug="nen-tang"),
    }
    stored = client.post("/api/v1/posts", json=body(influencer=TARGET), headers=headers["admin"])
    return World(headers, stored.json()["post"]["id"])


REFUSALS = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}


def _statuses(
    client: TestClient, world: World, method: str, path: str, **kwargs: Any
) -> dict[str, int]:
    found = {}
    for actor in ACTORS:
        response = client.request(method, path, headers=world.headers[actor], **kwargs)
        found[actor] = response.status_code
        if response.status_code >= 400:
            assert response.json()["code"] == REFUSALS[response.status_code], response.text
    return found


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(ACTORS, statuses, strict=True))


SUBMITTERS = _row(401, 201, 201, 403, 403, 403, 201)
READERS = _row(401, 200, 200, 200, 403, 403, 403)


def test_admins_analysts_and_platforms_may_store_posts(client: TestClient, world: World) -> None:
    new_post = body(external_id=None)

    assert _statuses(client, world, "POST", "/api/v1/posts", json=new_post) == SUBMITTERS


def test_admins_analysts_and_platforms_may_send_batches(client: TestClient, world: World) -> None:
    batch = {"posts": [body(external_id=None)]}

    expected = {a: 200 if s == 201 else s for a, s in SUBMITTERS.items()}
    assert _statuses(client, world, "POST", "/api/v1/posts/batch", json=batch) == expected


@pytest.mark.parametrize("suffix", ["", "/findings"])
def test_a_stored_post_is_read_by_the_alliance_and_its_author(
    client: TestClient, world: World, suffix: str
) -> None:
    path = f"/api/v1/posts/{world.post_id}{suffix}"

    assert _statuses(client, world, "GET", path) == READERS


def test_the_list_is_open_to_readers_and_an_influencer_sees_only_their_own(
    client: TestClient, world: World
) -> None:
    statuses = _statuses(client, world, "GET", "/api/v1/posts")
    totals = {
        actor: client.get("/api/v1/posts", headers=world.headers[actor]).json()["total"]
        for actor in ("admin", "analyst", "influencer_self", "influencer_other")
    }

    assert statuses == _row(401, 200, 200, 200, 200, 403, 403)
    assert totals == {"admin": 1, "analyst": 1, "influencer_self": 1, "influencer_other": 0}


def test_an_influencer_may_not_list_someone_elses_posts(client: TestClient, world: World) -> None:
    path = "/api/v1/posts"
    params = {"influencer": TARGET}

    assert _statuses(client, world, "GET", path, params=params) == READERS


def test_a_missing_post_is_not_revealed_to_those_who_may_not_read_posts(
    client: TestClient, world: World
) -> None:
    statuses = _statuses(client, world, "GET", "/api/v1/posts/999999")

    assert statuses == _row(401, 404, 404, 404, 404, 403, 403)


@pytest.mark.parametrize(
    ("actor", "error"),
    [(ANONYMOUS, Unauthenticated), (Actor(label="test:b", role=Role.BUSINESS), Forbidden)],
)
def test_services_refuse_on_their_own(
    session: Session, source: RulebookSource, actor: Actor, error: type[Exception]
) -> None:
    calls: list[Callable[[], object]] = [
        lambda: service.ingest_post(
            session, actor=actor, data=PostCreate.model_validate(body()), source=source
        ),
        lambda: service.ingest_batch(session, actor=actor, items=[body()], source=source),
        lambda: read_service.search_posts(
            session, actor=actor, filters=PostFilters(), page=1, per_page=10
        ),
    ]
    for call in calls:
        with pytest.raises(error):
            call()
