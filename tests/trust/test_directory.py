"""The directory: best scores first, unscored influencers after (never dropped silently),
filters checked against their reference lists, and the JSON twin."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.errors import InvalidQueryParameter
from koltrust.trust.directory import DirectoryQuery, search_directory
from tests.factories import make_influencer
from tests.trust.scored import SCENARIOS, give_score


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    """Five scored influencers (one per band), two unscored; band (or 'unscored-N') -> slug."""
    made = {
        "trusted": make_influencer(
            session,
            display_name="Đặng Thu Hương",
            niche="food",
            province="ho-chi-minh",
            accounts=[{"platform": "youtube", "handle": "thuhuong"}],
        ),
        "generally_reliable": make_influencer(session, display_name="Bảo Anh"),
        "caution": make_influencer(
            session,
            display_name="Anh Tú",
            accounts=[
                {"platform": "tiktok", "handle": "anhtu"},
                {"platform": "youtube", "handle": "anhtu.yt"},
            ],
        ),
        "high_risk": make_influencer(session, display_name="Cao Minh"),
        "suspended": make_influencer(session, display_name="Lê Văn Sơn"),
        "unscored-1": make_influencer(session, display_name="Zung Mai"),
        "unscored-2": make_influencer(session, display_name="An Nhiên"),
    }
    for band, facts in SCENARIOS.items():
        give_score(session, made[band], facts)
    return {key: influencer.slug for key, influencer in made.items()}


def _slugs(session: Session, **query: Any) -> list[str]:
    return [entry.slug for entry in search_directory(session, DirectoryQuery(**query)).items]


def test_scored_come_first_by_total_then_unscored_by_name(
    session: Session, people: dict[str, str]
) -> None:
    page = search_directory(session, DirectoryQuery())

    totals = [entry.total for entry in page.items]
    scored = [t for t in totals if t is not None]
    assert page.total == 7
    assert scored == sorted(scored, reverse=True)
    assert len(scored) == 5
    assert totals[5:] == [None, None]
    assert [e.slug for e in page.items[5:]] == [people["unscored-2"], people["unscored-1"]]
    unscored = page.items[6]
    assert (unscored.band, unscored.provisional, unscored.computed_at) == (None, None, None)


def test_equal_totals_are_ordered_by_name_ignoring_diacritics(session: Session) -> None:
    later = make_influencer(session, display_name="Đức Long")
    sooner = make_influencer(session, display_name="Cẩm Ly")
    for influencer in (later, sooner):
        give_score(session, influencer, SCENARIOS["trusted"])

    assert _slugs(session) == [sooner.slug, later.slug]


def test_band_and_minimum_score_keep_only_scored_matches(
    session: Session, people: dict[str, str]
) -> None:
    assert _slugs(session, band="caution") == [people["caution"]]
    assert _slugs(session, band="suspended") == [people["suspended"]]
    at_least_70 = search_directory(session, DirectoryQuery(min_score=70)).items
    assert at_least_70
    assert all(entry.total is not None and entry.total >= 70 for entry in at_least_70)
    assert people["unscored-1"] not in {entry.slug for entry in at_least_70}
    assert _slugs(session, band="trusted", min_score=100) == [people["trusted"]]


def test_niche_province_platform_and_text_filter(session: Session, people: dict[str, str]) -> None:
    assert _slugs(session, niche="food") == [people["trusted"]]
    assert _slugs(session, province="Bình Dương") == [people["trusted"]]  # merged in 2025
    assert _slugs(session, platform="tiktok") == [people["caution"]]
    assert set(_slugs(session, platform="youtube")) == {people["trusted"], people["caution"]}
    assert _slugs(session, q="huong") == [people["trusted"]]
    assert _slugs(session, q="HƯƠNG") == [people["trusted"]]
    assert _slugs(session, q="100%") == []


def test_entries_carry_profile_and_score(session: Session, people: dict[str, str]) -> None:
    (entry,) = search_directory(session, DirectoryQuery(platform="tiktok")).items

    assert entry.display_name == "Anh Tú"
    assert entry.platforms == ("tiktok", "youtube")
    assert entry.band == "caution"
    assert entry.provisional is True
    assert entry.computed_at is not None


def test_pages_neither_repeat_nor_skip(session: Session, people: dict[str, str]) -> None:
    everyone = _slugs(session, per_page=100)
    pages = [_slugs(session, page=n, per_page=3) for n in (1, 2, 3)]

    assert [slug for page in pages for slug in page] == everyone
    assert _slugs(session, page=4, per_page=3) == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"band": "excellent"}, "band"),
        ({"niche": "astrology"}, "niche"),
        ({"province": "Atlantis"}, "province"),
        ({"platform": "myspace"}, "platform"),
        ({"min_score": 101}, "min_score"),
        ({"min_score": -1}, "min_score"),
        ({"page": 0}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_values_name_their_parameter(
    session: Session, query: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(InvalidQueryParameter) as caught:
        search_directory(session, DirectoryQuery(**query))

    assert caught.value.data["parameter"] == parameter


def test_api_lists_the_directory_with_links(
    client: TestClient, session: Session, people: dict[str, str]
) -> None:
    response = client.get("/api/v1/directory", params={"band": "trusted", "per_page": "5"})

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (1, 1, 5, 1)
    (item,) = body["items"]
    slug = people["trusted"]
    assert item["slug"] == slug
    assert item["band_name"] == {"vi": "Đáng tin cậy", "en": "Trusted"}
    assert item["platforms"] == ["youtube"]
    assert item["score_url"] == f"/api/v1/influencers/{slug}/score"
    assert item["badge_url"] == f"/badge/{slug}.svg"
    assert client.get(item["score_url"]).status_code == 200


def test_api_shows_unscored_with_null_score(
    client: TestClient, session: Session, people: dict[str, str]
) -> None:
    items = client.get("/api/v1/directory", params={"page": "2", "per_page": "5"}).json()["items"]

    assert [item["total"] for item in items] == [None, None]
    assert items[0]["band_name"] is None


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"band": "excellent"}, "band"),
        ({"province": "Atlantis"}, "province"),
        ({"min_score": "lots"}, "min_score"),
        ({"page": "1.5"}, "page"),
        ({"per_page": "1000"}, "per_page"),
    ],
)
def test_api_refuses_bad_values_with_a_problem_naming_the_parameter(
    client: TestClient, params: dict[str, str], parameter: str
) -> None:
    response = client.get("/api/v1/directory", params=params)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_query_parameter"
    assert body["parameter"] == parameter
    assert body["errors"][0]["loc"] == ["query", parameter]
