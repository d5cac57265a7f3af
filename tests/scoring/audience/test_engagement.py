"""Engagement rate against the expected band of the follower tier."""

from __future__ import annotations

import pytest

from koltrust.scoring.audience.engagement import bands, engagement_part, rate_value, tier_for


@pytest.mark.parametrize(
    ("followers", "tier"),
    [
        (0, "nano"),
        (9_999, "nano"),
        (10_000, "micro"),
        (99_999, "micro"),
        (100_000, "mid"),
        (500_000, "macro"),
        (999_999, "macro"),
        (1_000_000, "mega"),
        (250_000_000, "mega"),
    ],
)
def test_tiers_follow_the_follower_count(followers: int, tier: str) -> None:
    assert tier_for(followers).code == tier


def test_bands_are_data_and_expect_less_engagement_from_larger_tiers() -> None:
    table = bands()

    assert [band.code for band in table] == ["nano", "micro", "mid", "macro", "mega"]
    typicals = [band.typical for band in table]
    assert typicals == sorted(typicals, reverse=True)


def test_a_rate_inside_the_band_is_unremarkable() -> None:
    part = engagement_part(followers=50_000, engagement_per_post=1_000)  # 2%

    assert part is not None
    assert part.value == 1.0
    assert part.details["tier"] == "micro"
    assert "within the expected band" in part.reason


def test_the_same_rate_is_low_for_a_nano_account_and_fine_for_a_mega_one() -> None:
    nano = engagement_part(followers=5_000, engagement_per_post=25)  # 0.5%
    mega = engagement_part(followers=2_000_000, engagement_per_post=10_000)  # 0.5%

    assert nano is not None
    assert mega is not None
    assert nano.value < 0.5
    assert mega.value == 1.0


def test_far_below_the_band_scores_zero_and_below_scores_less_the_lower_it_is() -> None:
    band = tier_for(50_000)

    assert rate_value(0.0, band) == 0.0
    assert rate_value(band.low / 4, band) == 0.0
    assert 0 < rate_value(band.low / 3, band) < rate_value(band.low / 1.5, band) < 1


def test_above_the_band_costs_at_most_half() -> None:
    band = tier_for(50_000)

    assert 0.5 < rate_value(band.high * 2, band) < 1
    assert rate_value(band.high * 50, band) == 0.5


def test_an_account_without_followers_has_no_engagement_part() -> None:
    assert engagement_part(followers=0, engagement_per_post=3) is None
