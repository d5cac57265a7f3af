"""Engagement rate against the expected band for the account's follower tier."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from koltrust.scoring.audience.parts import Part, clip01, load_data

# A rate this many times under "low" scores 0; as many times over "high" scores 0.5, since a
# very engaged audience is more often genuine than bought.
_UNDER_FACTOR = 4.0
_OVER_FACTOR = 3.0
_OVER_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class Band:
    """The expected engagement rate of one follower tier."""

    code: str
    min_followers: int
    low: float
    typical: float
    high: float


def _band(entry: dict[str, Any], index: int) -> Band:
    try:
        band = Band(
            code=str(entry["code"]),
            min_followers=int(entry["min_followers"]),
            low=float(entry["low"]),
            typical=float(entry["typical"]),
            high=float(entry["high"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"engagement_bands.yaml: tier {index + 1} is malformed: {error}") from None
    if not 0 < band.low < band.typical < band.high:
        raise ValueError(f"engagement_bands.yaml: tier {band.code} needs 0 < low < typical < high")
    return band


@cache
def bands() -> tuple[Band, ...]:
    """The tiers of ``data/engagement_bands.yaml``, smallest first."""
    loaded = tuple(
        _band(entry, i) for i, entry in enumerate(load_data("engagement_bands.yaml")["tiers"])
    )
    if [b.min_followers for b in loaded] != sorted(b.min_followers for b in loaded):
        raise ValueError("engagement_bands.yaml: tiers must be listed smallest first")
    return loaded


def tier_for(followers: int, table: tuple[Band, ...] | None = None) -> Band:
    """The band of the largest tier whose lower bound ``followers`` reaches."""
    table = bands() if table is None else table
    return [band for band in table if followers >= band.min_followers][-1]


def rate_value(rate: float, band: Band) -> float:
    """1 inside the band, falling on a log scale below ``low`` and (gently) above ``high``."""
    if rate <= 0:
        return 0.0
    if rate < band.low:
        return clip01(1 + math.log(rate / band.low) / math.log(_UNDER_FACTOR))
    if rate > band.high:
        fall = math.log(rate / band.high) / math.log(_OVER_FACTOR)
        return max(_OVER_FLOOR, 1 - (1 - _OVER_FLOOR) * fall)
    return 1.0


def engagement_part(followers: int, engagement_per_post: float) -> Part | None:
    """The engagement part, or None for an account without followers."""
    if followers == 0:
        return None
    band = tier_for(followers)
    rate = engagement_per_post / followers
    value = rate_value(rate, band)
    if rate < band.low:
        verdict = "below the expected band"
    elif rate > band.high:
        verdict = "above the expected band"
    else:
        verdict = "within the expected band"
    reason = (
        f"Engagement rate {rate:.2%} per post is {verdict} for a {band.code} account "
        f"({band.low:.1%}-{band.high:.1%}, typical {band.typical:.1%})."
    )
    details = {"rate": rate, "tier": band.code, "low": band.low, "high": band.high}
    return Part(code="engagement_rate", value=value, reason=reason, details=details)
