"""Searching the directory: diacritic-insensitive, literal, filtered and paginated."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import ANONYMOUS, SYSTEM
from koltrust.registry import membership_service, service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange
from koltrust.registry.schemas import InfluencerFilters
from tests.factories import make_influencer


def _search(session: Session, **filters: Any) -> list[str]:
    rows, total = service.search_influencers(
        session,
        actor=ANONYMOUS,
        filters=InfluencerFilters.model_validate(filters),
        page=1,
        per_page=100,
    )
    assert total == len(rows)
    return sorted(row.slug for row in rows)


@pytest.fixture
def people(session: Session) -> None:
    """Four influencers who differ in every filterable way."""
    make_influencer(
        session,
        display_name="Nguyễn Thu Hà",
        slug="thu-ha",
        niche="beauty",
        province="ha-noi",
        languages=["vi", "en"],
        accounts=[{"platform": "tiktok", "handle": "thuha.beauty"}],
    )
    make_influencer(
        session,
        display_name="Đặng Ngọc Ánh",
        slug="ngoc-anh",
        niche="food",
        province="Bình Dương",
        accounts=[{"platform": "youtube", "handle": "NgocAnhKitchen"}],
    )
    make_influencer(
        session,
        display_name="Trần Văn Nguyên",
        slug="van-nguyen",
        niche="gaming",
        province="da-nang",
        languages=["en"],
        accounts=[{"platform": "tiktok", "handle": "nguyen_plays"}],
    )
    make_influencer(
        session, display_name="Lê Minh Quân", slug="minh-quan", niche="food", province="hue"
    )
    membership_service.change_influencer_membership(
        session,
        actor=SYSTEM,
        slug="ngoc-anh",
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    membership_service.change_influencer_membership(
        session,
        actor=SYSTEM,
        slug="minh-quan",
        change=MembershipChange(action=MembershipAction.APPLY),
        current_coc="2025.1",
    )
    session.commit()


# one table per test: the four people are built once and every row is checked against them
QUERIES: dict[str, list[str]] = {
    "nguyen": ["thu-ha", "van-nguyen"],
    "Nguyễn": ["thu-ha", "van-nguyen"],
    "NGUYỄN": ["thu-ha", "van-nguyen"],
    "dang ngoc anh": ["ngoc-anh"],
    "Đặng": ["ngoc-anh"],
    "ánh": ["ngoc-anh"],
    unicodedata.normalize("NFD", "Ngọc Ánh"): ["ngoc-anh"],
    "kitchen": ["ngoc-anh"],
    "thuha.beauty": ["thu-ha"],
    "minh-quan": ["minh-quan"],
    "  thu  ": ["thu-ha"],
    "xyz": [],
}

FILTERS: list[tuple[dict[str, Any], list[str]]] = [
    ({"niche": "food"}, ["minh-quan", "ngoc-anh"]),
    ({"province": "ho-chi-minh"}, ["ngoc-anh"]),
    ({"province": "Bình Dương"}, ["ngoc-anh"]),
    ({"platform": "tiktok"}, ["thu-ha", "van-nguyen"]),
    ({"platform": "youtube"}, ["ngoc-anh"]),
    ({"platform": "zalo"}, []),
    ({"language": "en"}, ["thu-ha", "van-nguyen"]),
    ({"language": "vi"}, ["minh-quan", "ngoc-anh", "thu-ha"]),
    ({"membership": "member"}, ["ngoc-anh"]),
    ({"membership": "applicant"}, ["minh-quan"]),
    ({"membership": "suspended"}, []),
    ({"not_member": True}, ["thu-ha", "van-nguyen"]),
    ({"niche": "food", "membership": "member"}, ["ngoc-anh"]),
    ({"q": "nguyen", "platform": "tiktok", "language": "en"}, ["thu-ha", "van-nguyen"]),
    ({"q": "nguyen", "niche": "gaming"}, ["van-nguyen"]),
]


def test_search_ignores_diacritics_case_and_normal_form(session: Session, people: None) -> None:
    found = {query: _search(session, q=query) for query in QUERIES}

    assert found == QUERIES


def test_filters_narrow_the_directory(session: Session, people: None) -> None:
    found = [(filters, _search(session, **filters)) for filters, _ in FILTERS]

    assert found == FILTERS


@pytest.mark.parametrize(
    "params", [{"province": "Atlantis"}, {"niche": "astrology"}, {"language": "xx"}]
)
def test_unknown_filter_value_is_a_422_not_an_empty_page(
    client: TestClient, params: dict[str, str]
) -> None:
    response = client.get("/api/v1/influencers", params=params)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_filters_over_the_api(client: TestClient, people: None) -> None:
    response = client.get(
        "/api/v1/influencers",
        params={"q": "ngoc", "province": "Bình Dương", "membership": "member", "niche": "food"},
    )

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["ngoc-anh"]


@pytest.mark.parametrize(
    ("page", "per_page", "slugs", "pages"),
    [
        (1, 2, ["p-01", "p-02"], 3),
        (2, 2, ["p-03", "p-04"], 3),
        (3, 2, ["p-05"], 3),
        (4, 2, [], 3),
        (1, 5, ["p-01", "p-02", "p-03", "p-04", "p-05"], 1),
        (1, 100, ["p-01", "p-02", "p-03", "p-04", "p-05"], 1),
    ],
)
def test_pages_split_the_matches_and_report_the_total(
    client: TestClient,
    session: Session,
    page: int,
    per_page: int,
    slugs: list[str],
    pages: int,
) -> None:
    for n in range(1, 6):
        make_influencer(session, display_name=f"Phương {n:02d}", slug=f"p-{n:02d}")
    make_influencer(session, display_name="Someone Else", slug="else")

    body = client.get(
        "/api/v1/influencers", params={"q": "phuong", "page": page, "per_page": per_page}
    ).json()

    assert [item["slug"] for item in body["items"]] == slugs
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (
        5,
        page,
        per_page,
        pages,
    )


def test_default_page_size_comes_from_settings(client: TestClient) -> None:
    body = client.get("/api/v1/influencers").json()

    assert body["per_page"] == 20
    assert (body["total"], body["pages"]) == (0, 1)


def test_sql_looking_query_is_searched_literally(session: Session) -> None:
    make_influencer(session, display_name="'; DROP TABLE influencers; --", slug="bobby")
    make_influencer(session, display_name="Innocent", slug="innocent")

    assert _search(session, q="'; DROP TABLE influencers; --") == ["bobby"]
    assert _search(session, q="' OR '1'='1") == []
    assert _search(session) == ["bobby", "innocent"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("%", ["percent"]),
        ("0%", ["percent"]),
        ("_", ["underscore"]),
        ("e_c", ["underscore"]),  # unescaped, '_' would also match the 'e c' in 'khe cau'
        ("\\", ["backslash"]),
        ("a\\b", ["backslash"]),
        ("[a-z]", []),
    ],
)
def test_like_wildcards_in_a_query_match_only_themselves(
    session: Session, query: str, expected: list[str]
) -> None:
    make_influencer(session, display_name="Giảm 100% Sale", slug="percent")
    make_influencer(session, display_name="Bio", slug="underscore", bio="snake_case")
    make_influencer(session, display_name="Khe Cầu", slug="khe-cau")
    make_influencer(session, display_name="Path", slug="backslash", bio="a\\b")

    assert _search(session, q=query) == expected


def test_account_search_by_handle_prefix_is_literal_too(
    client: TestClient, session: Session
) -> None:
    make_influencer(
        session,
        slug="one",
        accounts=[{"platform": "tiktok", "handle": "a_b"}, {"platform": "x", "handle": "axb"}],
    )

    body = client.get("/api/v1/accounts", params={"handle": "@A_"}).json()

    assert [item["handle"] for item in body["items"]] == ["a_b"]
    assert body["items"][0]["influencer_slug"] == "one"


def test_name_given_decomposed_is_stored_composed_and_found_by_search(
    client: TestClient, session: Session
) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    make_influencer(session, display_name=decomposed, slug="thi-anh")

    for query in ("nguyen thi anh", "Nguyễn Thị Ánh", decomposed, "ÁNH"):
        body = client.get("/api/v1/influencers", params={"q": query}).json()
        assert [item["slug"] for item in body["items"]] == ["thi-anh"], query
        assert body["items"][0]["display_name"] == "Nguyễn Thị Ánh"
