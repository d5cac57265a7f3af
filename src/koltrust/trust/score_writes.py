"""Reading the stored digests of a chunk and writing its new scores in bulk: one SELECT, one
executemany INSERT, one executemany UPDATE and one history INSERT per chunk, with the same
rules as ``repository.save_score`` (a history point when total, band or provisional change)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from koltrust.registry.models import Influencer
from koltrust.scoring.compute import Score
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import ScoreHistory, TrustScore
from koltrust.trust.stored import score_values

_SCORES = cast(Table, TrustScore.__table__)
_HISTORY = cast(Table, ScoreHistory.__table__)


@dataclass(frozen=True)
class Stored:
    """What a recompute compares against: the digest and the headline of the stored score."""

    digest: str
    headline: tuple[int, str, bool]


@dataclass(frozen=True)
class NewScore:
    """A score to store for one influencer."""

    influencer_id: int
    score: Score
    digest: str


def stored_scores(session: Session, ids: Sequence[int]) -> dict[int, Stored]:
    """The stored digest and headline of each influencer in ``ids`` that has a score."""
    stmt = select(
        TrustScore.influencer_id,
        TrustScore.facts_digest,
        TrustScore.total,
        TrustScore.band,
        TrustScore.provisional,
    ).where(TrustScore.influencer_id.in_(ids))
    return {row[0]: Stored(row[1], (row[2], row[3], bool(row[4]))) for row in session.execute(stmt)}


def write_scores(
    session: Session,
    scores: Sequence[NewScore],
    stored: dict[int, Stored],
    trigger: ScoreTrigger,
) -> int:
    """Insert or update each score; add a history point where the headline changed or there
    was no score before. Returns how many history points were added."""
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for new in scores:
        values = score_values(new.score)
        values.update(influencer_id=new.influencer_id, facts_digest=new.digest, trigger=trigger)
        before = stored.get(new.influencer_id)
        (updates if before is not None else inserts).append(values)
        headline = (new.score.total, new.score.band, new.score.provisional)
        if before is None or before.headline != headline:
            history.append(_history_values(new.influencer_id, new.score, trigger))
    # Core inserts: the ORM's bulk path adds nothing here and costs a tenth of a full run
    if inserts:
        session.execute(insert(_SCORES), inserts)
    if updates:
        session.execute(update(TrustScore), updates)
    if history:
        session.execute(insert(_HISTORY), history)
    _forget_loaded(session, [new.influencer_id for new in scores])
    return len(history)


def _history_values(influencer_id: int, score: Score, trigger: ScoreTrigger) -> dict[str, Any]:
    return {
        "influencer_id": influencer_id,
        "total": score.total,
        "band": score.band,
        "provisional": score.provisional,
        "methodology_version": score.methodology_version,
        "computed_at": score.computed_at,
        "trigger": trigger,
    }


def _forget_loaded(session: Session, ids: list[int]) -> None:
    """Expire the rows this session had loaded: the bulk statements went around them."""
    for influencer_id in ids:
        loaded = session.identity_map.get(session.identity_key(TrustScore, (influencer_id,)))
        if loaded is not None:
            session.expire(loaded)


def older_than(session: Session, moment: datetime) -> list[int]:
    """The influencers whose score was computed before ``moment``, or who have none yet."""
    stmt = (
        select(Influencer.id)
        .outerjoin(TrustScore, TrustScore.influencer_id == Influencer.id)
        .where((TrustScore.computed_at.is_(None)) | (TrustScore.computed_at < moment))
        .order_by(Influencer.id)
    )
    return list(session.scalars(stmt))


def all_influencer_ids(session: Session) -> list[int]:
    """Every influencer's id, in order."""
    return list(session.scalars(select(Influencer.id).order_by(Influencer.id)))


def any_history(session: Session, trigger: ScoreTrigger) -> bool:
    """Whether any history point was written by ``trigger``."""
    stmt = select(ScoreHistory.id).where(ScoreHistory.trigger == trigger).limit(1)
    return session.scalar(stmt) is not None
