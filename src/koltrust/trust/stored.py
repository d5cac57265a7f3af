"""A computed Score as the plain JSON values stored in ``trust_scores`` and back (pure)."""

from __future__ import annotations

from typing import Any

from koltrust.scoring.compute import Contribution, Score
from koltrust.scoring.reasons import Reason


def contribution_json(c: Contribution) -> dict[str, Any]:
    """One contribution as stored: the reason keeps its code and values, not its words."""
    return {
        "criterion": c.criterion,
        "pillar": c.pillar,
        "points": c.points,
        "max_points": c.max_points,
        "reason": {"code": c.reason.code, "values": dict(c.reason.values)},
        "evidence": list(c.evidence),
        "exact": round(c.exact, 4),
        "interval": list(c.interval) if c.interval is not None else None,
    }


def score_values(score: Score) -> dict[str, Any]:
    """The ``trust_scores`` columns a Score fills (all but the influencer, digest and trigger)."""
    return {
        "total": score.total,
        "band": score.band,
        "provisional": score.provisional,
        "provisional_reasons": list(score.provisional_reasons),
        "interval_low": score.interval[0],
        "interval_high": score.interval[1],
        "contributions": [contribution_json(c) for c in score.contributions],
        "methodology_version": score.methodology_version,
        "computed_at": score.computed_at,
    }


def stored_reason(contribution: dict[str, Any]) -> Reason:
    """The Reason of a stored contribution, to render in a language."""
    reason = contribution["reason"]
    return Reason(reason["code"], reason["values"])
