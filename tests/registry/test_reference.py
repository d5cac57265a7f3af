"""Reference data: the 34 provinces of the 2025 map and the names they replaced."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.registry.reference import niches, provinces, resolve_province
from tests.factories import make_influencer


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Bình Dương", "ho-chi-minh"),
        ("binh duong", "ho-chi-minh"),
        ("Tỉnh Bình Dương", "ho-chi-minh"),
        ("Bà Rịa – Vũng Tàu", "ho-chi-minh"),
        ("Bà Rịa - Vũng Tàu", "ho-chi-minh"),
        ("Thành phố Hồ Chí Minh", "ho-chi-minh"),
        ("TP. Hồ Chí Minh", "ho-chi-minh"),
        ("Ho Chi Minh City", "ho-chi-minh"),
        ("ho-chi-minh", "ho-chi-minh"),
        ("Hà Giang", "tuyen-quang"),
        ("Quảng Nam", "da-nang"),
        ("Đắk Nông", "lam-dong"),
        ("Hải Dương", "hai-phong"),
        ("Hà Nội", "ha-noi"),
        ("HA NOI", "ha-noi"),
        ("Huế", "hue"),
        ("Thừa Thiên Huế", "hue"),
        ("Sài Gòn", "ho-chi-minh"),
        ("TP.HCM", "ho-chi-minh"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_current_and_pre_2025_names_resolve_to_the_2025_province(
    name: str, slug: str | None
) -> None:
    assert resolve_province(name) == slug


def test_there_are_34_provinces_each_resolving_to_itself() -> None:
    table = provinces()

    assert len(table) == 34
    for slug, province in table.items():
        assert resolve_province(province.name_vi) == slug
        assert resolve_province(province.name_ascii) == slug


def test_every_pre_2025_name_resolves_to_one_province() -> None:
    formed_from = [name for p in provinces().values() for name in p.formed_from]

    assert len(formed_from) == len(set(formed_from)) == 63


def test_influencer_given_an_old_province_name_is_stored_under_the_new_one(
    session: Session,
) -> None:
    influencer = make_influencer(session, province="Bình Dương")

    assert influencer.province == "ho-chi-minh"


def test_every_niche_has_a_label_in_each_language() -> None:
    for niche in niches().values():
        assert set(niche.labels) >= {"vi", "en", "fr", "id"}
        assert niche.label("xx") == niche.labels["vi"]


def test_reference_lists_over_the_api(client: TestClient) -> None:
    assert len(client.get("/api/v1/reference/provinces").json()) == 34
    assert "beauty" in {n["code"] for n in client.get("/api/v1/reference/niches").json()}
    assert "tiktok" in client.get("/api/v1/reference/platforms").json()
