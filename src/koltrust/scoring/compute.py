"""The trust index of one influencer: facts and a moment in, an explained score out (pure)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from statistics import NormalDist
from typing import Any, NamedTuple

from koltrust.scoring.facts import Facts, check_facts
from koltrust.scoring.measures import DAY_SECONDS, MEASURES, Measured
from koltrust.scoring.methodology import Methodology
from koltrust.scoring.reasons import Reason

HALF_TOLERANCE = 1e-9


class Contribution(NamedTuple):
    """One criterion's share of the total. ``exact`` is the unrounded value ``points`` was
    allocated from; ``interval`` is its credible interval in points, None when certain."""

    criterion: str
    pillar: str
    points: int
    max_points: int
    reason: Reason
    evidence: tuple[str, ...]
    exact: float
    interval: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class Score:
    """The total (the contributions' points add up to it exactly), its band, whether the data
    were too few to publish it as more than provisional, and the credible interval of the total
    (normal approximation over the criteria's spreads, at the methodology's level)."""

    total: int
    band: str
    provisional: bool
    provisional_reasons: tuple[str, ...]
    interval: tuple[int, int]
    contributions: tuple[Contribution, ...]
    methodology_version: str
    computed_at: datetime


def compute(facts: Facts, now: datetime, methodology: Methodology) -> Score:
    """The score of ``facts`` at ``now``; raises InvalidFacts (naming the field) on bad facts."""
    check_facts(facts, now)
    plan = _plan(methodology)
    measured: list[Measured] = []
    exact: list[float] = []
    variance = 0.0
    for step in plan:
        m = step.measure_fn(step.measure, facts, now, methodology)
        measured.append(m)
        exact.append(step.weight * m.fraction)
        variance += (step.weight * m.spread) ** 2
    points = allocate(exact)
    total = sum(points)
    z = _z(methodology.interval.credible)
    contributions = tuple(
        _contribution(step, m, p, x, z)
        for step, m, p, x in zip(plan, measured, points, exact, strict=True)
    )
    exact_total = math.fsum(exact)
    half = z * math.sqrt(variance)
    low = max(0, round_half_up(exact_total - half))
    high = min(100, round_half_up(exact_total + half))
    reasons = provisional_reasons(facts, now, methodology)
    return Score(
        total=total,
        band=band_code(total, facts, now, methodology),
        provisional=bool(reasons),
        provisional_reasons=reasons,
        interval=(min(low, total), max(high, total)),
        contributions=contributions,
        methodology_version=methodology.version,
        computed_at=now,
    )


def _contribution(step: _Step, m: Measured, points: int, exact: float, z: float) -> Contribution:
    interval = None
    if m.spread > 0.0:
        half = z * step.weight * m.spread
        interval = (round(max(0.0, exact - half), 1), round(min(step.weight, exact + half), 1))
    return Contribution(
        step.criterion,
        step.pillar,
        points,
        step.weight,
        Reason(step.reason_prefix + m.reason, m.values),
        m.evidence,
        exact,
        interval,
    )


@dataclass(frozen=True, slots=True)
class _Step:
    criterion: str
    pillar: str
    weight: int
    reason_prefix: str
    measure: Any
    measure_fn: Callable[[Any, Facts, datetime, Methodology], Measured]


# keyed by identity and holding the methodology itself, so an id is never reused while cached
_PLANS: dict[int, tuple[Methodology, tuple[_Step, ...]]] = {}


def _plan(methodology: Methodology) -> tuple[_Step, ...]:
    cached = _PLANS.get(id(methodology))
    if cached is not None and cached[0] is methodology:
        return cached[1]
    plan = tuple(
        _Step(
            c.id,
            c.pillar.value,
            c.weight,
            c.measure.kind + ".",
            c.measure,
            MEASURES[type(c.measure)],
        )
        for c in methodology.criteria
    )
    if len(_PLANS) >= 16:
        _PLANS.clear()
    _PLANS[id(methodology)] = (methodology, plan)
    return plan


def round_half_up(x: float) -> int:
    """The nearest whole number, halves up (84.5 -> 85), the same way everywhere."""
    # a hair of tolerance, so that 1.4 + 1.4 + 1.7 (4.4999999999999998 in binary) rounds as 4.5
    return math.floor(x + 0.5 + HALF_TOLERANCE)


def allocate(exact: list[float]) -> list[int]:
    """Whole points for each exact value that add up to the rounded sum (largest remainders
    first, earlier criteria first on ties); each stays between floor and ceiling of its value,
    so never below 0 nor above its criterion's weight."""
    floors = [math.floor(x) for x in exact]
    remainders = [x - f for x, f in zip(exact, floors, strict=True)]
    # the total is the floors plus the rounded remainders, so it cannot disagree with the parts
    extra = round_half_up(math.fsum(remainders))
    order = sorted(range(len(exact)), key=lambda i: (-remainders[i], i))
    for i in order[:extra]:
        floors[i] += 1
    return floors


def band_code(total: int, facts: Facts, now: datetime, methodology: Methodology) -> str:
    """``suspended`` while a sanction of a suspending kind is in force, else the total's band."""
    suspending = methodology.suspending_kinds
    for sanction in facts.sanctions:
        if sanction.kind in suspending and (sanction.ends_at is None or sanction.ends_at > now):
            return methodology.suspended.code
    return methodology.band_for(total).code


def provisional_reasons(facts: Facts, now: datetime, methodology: Methodology) -> tuple[str, ...]:
    """Why the data are too few for a firm score (empty when they are enough)."""
    rules = methodology.provisional
    reasons: list[str] = []
    if facts.posts_total < rules.min_posts:
        reasons.append("few_posts")
    since = facts.active_since
    if since is None or (now - since).total_seconds() < rules.min_account_age_days * DAY_SECONDS:
        reasons.append("new_account")
    if rules.audience_estimate_required and facts.audience_authenticity is None:
        reasons.append("no_audience_estimate")
    return tuple(reasons)


@lru_cache(maxsize=8)
def _z(credible: float) -> float:
    return NormalDist().inv_cdf(0.5 + credible / 2.0)
