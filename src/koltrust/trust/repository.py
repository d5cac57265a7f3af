"""Queries over stored scores and their history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.scoring.compute import Score
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import ScoreHistory, TrustScore
from koltrust.trust.stored import score_values


def current_score(session: Session, influencer_id: int) -> TrustScore | None:
    """The influencer's current score, or None before the first computation."""
    return session.get(TrustScore, influencer_id)


def score_history(session: Session, influencer_id: int) -> Sequence[ScoreHistory]:
    """Every recorded change of the influencer's score, oldest first."""
    query = (
        select(ScoreHistory)
        .where(ScoreHistory.influencer_id == influencer_id)
        .order_by(ScoreHistory.computed_at, ScoreHistory.id)
    )
    return session.scalars(query).all()


def save_score(
    session: Session, influencer_id: int, score: Score, digest: str, trigger: ScoreTrigger
) -> bool:
    """Store ``score`` as the influencer's current one; a history point is added when the
    total, band or provisional flag changed (or on the first score). Returns whether it did."""
    values = score_values(score)
    row = session.get(TrustScore, influencer_id)
    changed = row is None or _headline(row) != (score.total, score.band, score.provisional)
    if row is None:
        session.add(
            TrustScore(influencer_id=influencer_id, facts_digest=digest, trigger=trigger, **values)
        )
    else:
        _update(row, values, digest, trigger)
    if changed:
        session.add(_history_point(influencer_id, score, trigger))
    session.flush()
    return changed


def _headline(row: TrustScore) -> tuple[int, str, bool]:
    return (row.total, row.band, row.provisional)


def _update(row: TrustScore, values: dict[str, Any], digest: str, trigger: ScoreTrigger) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    row.facts_digest = digest
    row.trigger = trigger


def _history_point(influencer_id: int, score: Score, trigger: ScoreTrigger) -> ScoreHistory:
    return ScoreHistory(
        influencer_id=influencer_id,
        total=score.total,
        band=score.band,
        provisional=score.provisional,
        methodology_version=score.methodology_version,
        computed_at=score.computed_at,
        trigger=trigger,
    )
