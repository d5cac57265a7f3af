"""Follower-growth spikes: a Hampel filter on daily log-growth between history points.

Each interval between two counts gets a daily log-growth rate. Its neighbours (``window`` on
each side, shifted inwards at the ends) give a robust expectation (median) and spread (MAD).
Intervals of different lengths are compared through ``(rate - median) * sqrt(days)``: day-to-day
noise adds up like a random walk, so a 10-day gap is expected to vary sqrt(10) times more than a
day, while a one-day purchase of 5% of the audience still stands out when spread over 10 days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import numpy as np

from koltrust.scoring.audience.parts import Part, clip01
from koltrust.scoring.audience.records import HistoryPoint

_MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True, slots=True)
class SpikeSettings:
    """Thresholds of the detector; the defaults suit daily to weekly sampling."""

    window: int = 3
    threshold: float = 4.0
    # Without a floor, a perfectly smooth history (MAD 0) would flag any wobble.
    floor_per_day: float = 0.002
    min_share: float = 0.01
    min_intervals: int = 4
    share_for_zero: float = 0.25


@dataclass(frozen=True, slots=True)
class Spike:
    """Growth between two counts well above what the neighbouring intervals predict."""

    start: date
    end: date
    gained: int
    expected: int
    excess: int
    score: float


@dataclass(frozen=True, slots=True)
class _Intervals:
    starts: list[date]
    ends: list[date]
    days: np.ndarray
    rates: np.ndarray
    before: np.ndarray
    after: np.ndarray


def _intervals(history: Sequence[HistoryPoint]) -> _Intervals:
    points = sorted(history, key=lambda point: point.day)
    counts = np.array([point.followers for point in points], dtype=float)
    days = np.array([(b.day - a.day).days for a, b in pairwise(points)], float)
    rates = np.diff(np.log1p(counts)) / days
    return _Intervals(
        starts=[p.day for p in points[:-1]],
        ends=[p.day for p in points[1:]],
        days=days,
        rates=rates,
        before=counts[:-1],
        after=counts[1:],
    )


def _neighbours(index: int, size: int, window: int) -> list[int]:
    lo = max(0, min(index - window, size - 1 - 2 * window))
    hi = min(size, lo + 2 * window + 1)
    return [j for j in range(lo, hi) if j != index]


def robust_scores(days: np.ndarray, rates: np.ndarray, settings: SpikeSettings) -> np.ndarray:
    """Each interval's deviation from its neighbours' median rate, in robust standard units."""
    scores = np.zeros(len(rates))
    for i in range(len(rates)):
        near = _neighbours(i, len(rates), settings.window)
        median = float(np.median(rates[near]))
        spread = np.abs(rates[near] - median) * np.sqrt(days[near])
        sigma = max(_MAD_TO_SIGMA * float(np.median(spread)), settings.floor_per_day)
        scores[i] = (rates[i] - median) * math.sqrt(days[i]) / sigma
    return scores


def find_spikes(
    history: Sequence[HistoryPoint], settings: SpikeSettings | None = None
) -> list[Spike] | None:
    """Spikes in ``history`` (any order, one count per day), or None when it is too short."""
    settings = settings or SpikeSettings()
    if len(history) < settings.min_intervals + 1:
        return None
    runs = _intervals(history)
    scores = robust_scores(runs.days, runs.rates, settings)
    spikes = []
    for i, score in enumerate(scores):
        near = _neighbours(i, len(scores), settings.window)
        expected_rate = float(np.median(runs.rates[near]))
        expected = (1 + runs.before[i]) * math.exp(expected_rate * runs.days[i]) - 1
        excess = runs.after[i] - expected
        if score > settings.threshold and excess >= settings.min_share * runs.after[i]:
            spikes.append(
                Spike(
                    start=runs.starts[i],
                    end=runs.ends[i],
                    gained=int(runs.after[i] - runs.before[i]),
                    expected=round(expected - runs.before[i]),
                    excess=round(excess),
                    score=round(float(score), 2),
                )
            )
    return spikes


def growth_part(history: Sequence[HistoryPoint], followers: int) -> Part | None:
    """The growth part: the share of today's followers that arrived in spikes."""
    settings = SpikeSettings()
    spikes = find_spikes(history, settings)
    if spikes is None or followers == 0:
        return None
    share = min(1.0, sum(spike.excess for spike in spikes) / followers)
    value = clip01(1 - share / settings.share_for_zero)
    if spikes:
        dates = ", ".join(f"{s.start.isoformat()}..{s.end.isoformat()}" for s in spikes)
        reason = (
            f"{len(spikes)} follower spike(s) ({dates}) brought about {share:.0%} of the "
            "followers beyond the usual growth; bought followers arrive this way, so does a "
            "viral post."
        )
    else:
        reason = f"No follower spike in {len(history)} counts of the follower history."
    details = {
        "spike_share": share,
        "spikes": [
            {"start": s.start.isoformat(), "end": s.end.isoformat(), "excess": s.excess}
            for s in spikes
        ],
        "points": len(history),
    }
    return Part(code="follower_growth", value=value, reason=reason, details=details)
