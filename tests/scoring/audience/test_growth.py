"""Follower-growth spikes: bought followers stand out, organic growth does not."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from koltrust.scoring.audience.growth import SpikeSettings, find_spikes, growth_part, robust_scores
from koltrust.scoring.audience.records import HistoryPoint
from tests.scoring.audience.histories import START, organic


def test_a_bought_spike_in_a_daily_history_is_found_on_its_day() -> None:
    history = organic(bought={60: 3_000})

    spikes = find_spikes(history)

    assert spikes is not None
    assert len(spikes) == 1
    assert spikes[0].end == START + timedelta(days=61)
    assert 2_700 <= spikes[0].excess <= 3_100


def test_steady_organic_growth_is_not_flagged() -> None:
    for seed in range(20):
        assert find_spikes(organic(days=200, seed=seed)) == []


def test_fast_exponential_growth_is_not_flagged() -> None:
    assert find_spikes(organic(days=200, daily=0.02, noise=0.004)) == []


def test_a_viral_week_of_faster_growth_is_not_a_spike() -> None:
    history = organic(days=200)
    boosted = [
        HistoryPoint(
            p.day, round(p.followers * (1 + 0.004 * min(max((p.day - START).days - 100, 0), 7)))
        )
        for p in history
    ]

    assert find_spikes(boosted) == []


def test_a_spike_inside_a_long_gap_of_irregular_dates_is_found() -> None:
    history = organic(days=180, gaps=[1, 3, 7, 2, 10, 1, 5], bought={90: 2_500})

    spikes = find_spikes(history)

    assert spikes is not None
    assert len(spikes) == 1
    assert spikes[0].start <= START + timedelta(days=90) < spikes[0].end
    assert (spikes[0].end - spikes[0].start).days > 1


def test_irregular_organic_growth_is_not_flagged() -> None:
    for seed in range(10):
        assert find_spikes(organic(days=180, gaps=[1, 3, 7, 2, 10, 1, 5], seed=seed)) == []


def test_points_may_arrive_in_any_order() -> None:
    history = organic(bought={60: 3_000})

    assert find_spikes(list(reversed(history))) == find_spikes(history)


def test_a_short_history_gives_no_verdict() -> None:
    history = [HistoryPoint(date(2025, 1, day), 1_000 + day) for day in range(1, 5)]

    assert find_spikes(history) is None
    assert growth_part(history, followers=1_004) is None


def test_a_small_jump_under_the_minimum_share_is_ignored() -> None:
    history = organic(bought={60: 150})  # under 1% of about 24,000 followers

    assert find_spikes(history) == []


def test_longer_intervals_are_allowed_more_variation() -> None:
    days = np.array([1.0, 1.0, 1.0, 1.0, 9.0])
    rates = np.array([0.003, 0.003, 0.003, 0.003, 0.004])

    scores = robust_scores(days, rates, SpikeSettings())

    # the 9-day interval is 0.001/day over the median: 0.009 in all, sqrt(9) sigmas of 0.002
    assert np.isclose(scores[-1], 0.001 * 3 / 0.002)


def test_the_growth_part_scores_by_the_share_of_followers_from_spikes() -> None:
    clean = growth_part(organic(), followers=30_000)
    bought = growth_part(organic(bought={60: 6_000}), followers=30_000)

    assert clean is not None
    assert bought is not None
    assert clean.value == 1.0
    assert 0.0 < bought.value < 0.4
    assert bought.details["spikes"][0]["excess"] > 5_000
    assert "spike" in bought.reason
