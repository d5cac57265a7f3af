"""Synthetic follower histories for the growth tests."""

from __future__ import annotations

import random
from datetime import date, timedelta

from koltrust.scoring.audience.records import HistoryPoint

START = date(2025, 1, 1)


def organic(
    days: int = 120,
    *,
    start: float = 20_000,
    daily: float = 0.003,
    noise: float = 0.0015,
    bought: dict[int, int] | None = None,
    gaps: list[int] | None = None,
    seed: int = 1,
) -> list[HistoryPoint]:
    """Compound daily growth with noise, ``bought[day]`` followers added on that day, and a
    count recorded after each gap of ``gaps`` (cycled) days; every day when ``gaps`` is None."""
    rng = random.Random(seed)
    bought = bought or {}
    steps = gaps or [1]
    followers, day, points, step = start, 0, [], 0
    while day < days:
        for _ in range(steps[step % len(steps)]):
            followers *= 1 + rng.gauss(daily, noise)
            followers += bought.get(day, 0)
            day += 1
        step += 1
        points.append(HistoryPoint(START + timedelta(days=day), round(followers)))
    return points
