from __future__ import annotations

import pytest

from koltrust.claims.ratings import DEBUNKED, VERDICTS, verdict_from_name, verdict_from_value


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("False", "false"),
        ("Pants on Fire!", "false"),
        ("Sai sự thật", "false"),
        ("TIN GIẢ", "false"),
        ("Faux", "false"),
        ("Hoaks", "false"),
        ("Gây hiểu lầm", "misleading"),
        ("Trompeur", "misleading"),
        ("Menyesatkan", "misleading"),
        ("Mixture", "mixed"),
        ("Half-True", "mixed"),
        ("Mostly True", "mostly_true"),
        ("Đúng", "true"),
        ("Unproven", "unproven"),
        ("Lừa đảo", "scam"),
        ("Labeled Satire", "satire"),
    ],
)
def test_named_ratings_in_four_languages_map_to_a_verdict(name: str, verdict: str) -> None:
    assert verdict_from_name(name) == verdict


def test_an_unknown_rating_name_is_unrated() -> None:
    assert verdict_from_name("Four and a half stars of nonsense") == "unrated"


@pytest.mark.parametrize(
    ("value", "best", "worst", "verdict"),
    [
        (1, 5, 1, "false"),
        (2, 5, 1, "mostly_false"),
        (3, 5, 1, "mixed"),
        (5, 5, 1, "true"),
        (0, 10, 0, "false"),
        (7, 10, 0, "mostly_true"),
    ],
)
def test_numeric_ratings_map_by_position_on_their_scale(
    value: float, best: float, worst: float, verdict: str
) -> None:
    assert verdict_from_value(value, best=best, worst=worst) == verdict


def test_a_rating_outside_its_scale_or_an_empty_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="outside its scale"):
        verdict_from_value(7, best=5, worst=1)
    with pytest.raises(ValueError, match="empty"):
        verdict_from_value(3, best=3, worst=3)


def test_debunked_verdicts_are_verdicts() -> None:
    assert set(VERDICTS) >= DEBUNKED
