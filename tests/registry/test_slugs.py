"""Slugs made from Vietnamese names, unique per table."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from koltrust.errors import Duplicate
from koltrust.registry.slugs import slugify, unique_slug
from tests.factories import make_influencer, make_organisation


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Đặng Ngọc Ánh", "dang-ngoc-anh"),
        ("Nguyễn Thị Thu Hà", "nguyen-thi-thu-ha"),
        ("  Trần   Văn  ", "tran-van"),
        ("Công ty TNHH Sen Việt", "cong-ty-tnhh-sen-viet"),
        ("Bé Mây 🌸 (Official)", "be-may-official"),
        ("100% Real!!!", "100-real"),
        ("!!!", "x"),
        ("Ł Ø Ð", "l-o-d"),
    ],
)
def test_slug_is_ascii_from_the_folded_name(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_long_name_is_cut_without_a_trailing_hyphen() -> None:
    slug = slugify("Nguyễn " * 20)

    assert len(slug) <= 60
    assert not slug.endswith("-")


def test_unique_slug_appends_the_first_free_number() -> None:
    taken = {"linh", "linh-2", "linh-4"}

    assert unique_slug("Linh", taken.__contains__) == "linh-3"
    assert unique_slug("Mai", taken.__contains__) == "mai"


def test_colliding_names_get_numbered_slugs(session: Session) -> None:
    slugs = [make_influencer(session, display_name="Đặng Ngọc Ánh").slug for _ in range(3)]

    assert slugs == ["dang-ngoc-anh", "dang-ngoc-anh-2", "dang-ngoc-anh-3"]


def test_explicit_slug_that_is_taken_is_a_duplicate(session: Session) -> None:
    make_influencer(session, slug="linh-an")

    with pytest.raises(Duplicate) as caught:
        make_influencer(session, display_name="Someone", slug="linh-an")
    assert caught.value.data == {"slug": "linh-an"}


def test_organisation_slugs_are_numbered_too(session: Session) -> None:
    first = make_organisation(session, name="Sen Việt", tax_code="0100000001")
    second = make_organisation(session, name="Sen Viet", tax_code="0100000002")

    assert (first.slug, second.slug) == ("sen-viet", "sen-viet-2")


@pytest.mark.parametrize("slug", ["Linh", "linh--an", "-linh", "linh_an", "l", "đặng"])
def test_malformed_explicit_slug_is_refused(session: Session, slug: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        make_influencer(session, slug=slug)
