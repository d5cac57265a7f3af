"""Audience authenticity 0..1: the weighted mean of the parts that have data, each explained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from koltrust.scoring.audience.comments import comments_part
from koltrust.scoring.audience.engagement import engagement_part
from koltrust.scoring.audience.fake_followers import Model, fake_followers_part
from koltrust.scoring.audience.growth import growth_part
from koltrust.scoring.audience.parts import Part, load_data
from koltrust.scoring.audience.records import AccountStats

PART_CODES = ("engagement_rate", "follower_growth", "comment_quality", "fake_followers")


@dataclass(frozen=True, slots=True)
class Contribution:
    """One part in the estimate: ``share`` of the weight, so ``share * value`` is its points."""

    code: str
    value: float
    weight: float
    share: float
    points: float
    reason: str
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Authenticity:
    """The estimate, its contributions (adding up to ``value``) and the parts without data."""

    value: float
    provisional: bool
    contributions: tuple[Contribution, ...]
    missing: tuple[str, ...]


@cache
def settings() -> dict[str, Any]:
    """``data/authenticity.yaml``, checked: one positive weight per part."""
    data = load_data("authenticity.yaml")
    weights = data.get("weights", {})
    if set(weights) != set(PART_CODES) or any(float(w) <= 0 for w in weights.values()):
        raise ValueError(
            f"authenticity.yaml: weights needs a positive number for each of {PART_CODES}"
        )
    return data


def parts_of(stats: AccountStats, *, now: date, model: Model | None = None) -> list[Part]:
    """Every part the statistics allow (a part without data is left out)."""
    stats.check_dates(now)
    config = settings()
    found = [
        None
        if stats.engagement_per_post is None
        else engagement_part(stats.followers, stats.engagement_per_post),
        growth_part(stats.history, stats.followers),
        comments_part(stats.comments, **config["comments"]),
        fake_followers_part(stats.follower_samples, model, **config["fake_followers"]),
    ]
    return [part for part in found if part is not None]


def estimate(stats: AccountStats, *, now: date, model: Model | None = None) -> Authenticity | None:
    """The authenticity of ``stats`` as of ``now``, or None when no part has data."""
    parts = parts_of(stats, now=now, model=model)
    if not parts:
        return None
    config = settings()
    weights = {code: float(w) for code, w in config["weights"].items()}
    total_weight = sum(weights[part.code] for part in parts)
    contributions = tuple(
        Contribution(
            code=part.code,
            value=round(part.value, 4),
            weight=weights[part.code],
            share=weights[part.code] / total_weight,
            points=part.value * weights[part.code] / total_weight,
            reason=part.reason,
            details=part.details,
        )
        for part in parts
    )
    present = {part.code for part in parts}
    return Authenticity(
        value=sum(c.points for c in contributions),
        provisional=len(parts) < int(config["min_parts"]),
        contributions=contributions,
        missing=tuple(code for code in PART_CODES if code not in present),
    )
