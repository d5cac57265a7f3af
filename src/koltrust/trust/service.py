"""Keeping trust scores up to date: gather the facts of some influencers (or all of them),
compute their scores and store the ones that changed. Flushes, never commits: the caller owns
the transaction (``recompute_all`` may commit per chunk when asked, see there).

A score is stored with a digest of its facts, the methodology version and what the score
shows (points, reasons as rendered, evidence, band, interval): when a recompute finds the same
digest, the row is not written again (only its ``computed_at`` is brought forward, in one
statement per chunk, so the daily recompute knows it was looked at). The shown score is part of
the digest because some points move with time alone (a violation's weight decays, an account
ages)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from koltrust.cases.due_process import DueProcess
from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.sanctions.policy import SanctionPolicy, load_policy
from koltrust.scoring.compute import Score, compute
from koltrust.scoring.facts import Facts, InvalidFacts
from koltrust.scoring.methodology import (
    METHODOLOGY_FILE,
    Methodology,
    default_methodology,
    load_methodology,
)
from koltrust.screening.rulebook_path import default_rulebook_path
from koltrust.trust import score_writes
from koltrust.trust.gather_facts import gather
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import TrustScore

DEFAULT_CHUNK = 2000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScoringTerms:
    """What a score is computed under: the methodology and the sanction policy (whose point
    rules say how many penalty points an influencer holds)."""

    methodology: Methodology
    policy: SanctionPolicy

    @classmethod
    def from_settings(cls, settings: Settings) -> ScoringTerms:
        """The methodology of the configured rulebook folder (else the shipped one) and the
        configured sanction policy."""
        path = settings.rulebook_folder() / METHODOLOGY_FILE
        methodology = load_methodology(path) if path.exists() else default_methodology()
        return cls(methodology, DueProcess.from_settings(settings).policy)


@lru_cache(maxsize=1)
def default_terms() -> ScoringTerms:
    """The shipped methodology and sanction policy."""
    return ScoringTerms(default_methodology(), load_policy(default_rulebook_path()))


@dataclass(frozen=True)
class Failure:
    """An influencer whose score could not be computed, and why (the fact at fault)."""

    influencer_id: int
    field: str
    message: str


@dataclass
class RecomputeResult:
    """How a recompute went: scores computed, of which changed (written) and unchanged
    (digest equal, skipped), the history points added, and the influencers that failed."""

    computed: int = 0
    changed: int = 0
    unchanged: int = 0
    history_points: int = 0
    failed: list[Failure] = field(default_factory=list)

    def add(self, other: RecomputeResult) -> None:
        """Count ``other`` in."""
        self.computed += other.computed
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.history_points += other.history_points
        self.failed.extend(other.failed)


def recompute_for(
    session: Session,
    influencer_ids: Sequence[int],
    *,
    trigger: ScoreTrigger,
    now: datetime | None = None,
    terms: ScoringTerms | None = None,
) -> RecomputeResult:
    """Recompute the scores of ``influencer_ids`` as of ``now`` (default: the present),
    in chunks; an influencer with invalid facts keeps its old score and is listed in
    ``failed``, the others are stored. Flushes, never commits."""
    moment = now or utcnow()
    chosen = terms or default_terms()
    ids = list(dict.fromkeys(influencer_ids))
    result = RecomputeResult()
    for start in range(0, len(ids), DEFAULT_CHUNK):
        chunk = ids[start : start + DEFAULT_CHUNK]
        result.add(_recompute_chunk(session, chunk, trigger, moment, chosen))
    return result


def recompute_all(
    session: Session,
    *,
    trigger: ScoreTrigger,
    now: datetime | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
    commit: bool = False,
    only_older_than: datetime | None = None,
    terms: ScoringTerms | None = None,
) -> RecomputeResult:
    """Recompute every influencer's score (or, with ``only_older_than``, those computed
    before it or never), ``chunk`` at a time, calling ``progress(done, total)`` after each.

    With ``commit`` it commits after each chunk: a full run over 100,000 influencers then
    holds one chunk of rows in memory and in the open transaction at a time, and what is done
    stays done (and is visible) if the run stops halfway. Without it, it only flushes."""
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    moment = now or utcnow()
    chosen = terms or default_terms()
    if only_older_than is None:
        ids = score_writes.all_influencer_ids(session)
    else:
        ids = score_writes.older_than(session, only_older_than)
    result = RecomputeResult()
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        result.add(_recompute_chunk(session, part, trigger, moment, chosen))
        if commit:
            session.commit()
        if progress is not None:
            progress(start + len(part), len(ids))
    return result


def _recompute_chunk(
    session: Session,
    ids: list[int],
    trigger: ScoreTrigger,
    now: datetime,
    terms: ScoringTerms,
) -> RecomputeResult:
    result = RecomputeResult()
    gathering = gather(session, ids, now, policy=terms.policy)
    for influencer_id in ids:
        problem = gathering.invalid.get(influencer_id)
        if problem is not None:
            result.failed.append(Failure(influencer_id, problem.field, str(problem)))
        elif influencer_id not in gathering.facts:
            result.failed.append(Failure(influencer_id, "influencer", "no such influencer"))
    stored = score_writes.stored_scores(session, list(gathering.facts))
    new_scores: list[score_writes.NewScore] = []
    unchanged: list[int] = []
    for influencer_id, facts in gathering.facts.items():
        try:
            score = compute(facts, now, terms.methodology)
        except InvalidFacts as exc:
            result.failed.append(Failure(influencer_id, exc.field, str(exc)))
            continue
        digest = facts_digest(facts, score)
        before = stored.get(influencer_id)
        if before is not None and before.digest == digest:
            unchanged.append(influencer_id)
        else:
            new_scores.append(score_writes.NewScore(influencer_id, score, digest))
    result.history_points = score_writes.write_scores(session, new_scores, stored, trigger)
    _stamp(session, unchanged, now)
    result.changed, result.unchanged = len(new_scores), len(unchanged)
    result.computed = result.changed + result.unchanged
    session.flush()
    return result


def _stamp(session: Session, ids: list[int], now: datetime) -> None:
    """Bring ``computed_at`` forward for scores found unchanged (never backwards)."""
    if not ids:
        return
    session.execute(
        update(TrustScore)
        .where(TrustScore.influencer_id.in_(ids), TrustScore.computed_at < now)
        .values(computed_at=now)
        .execution_options(synchronize_session=False)
    )


def facts_digest(facts: Facts, score: Score) -> str:
    """SHA-256 of the facts' canonical form, the methodology version and what the score
    shows; equal digests mean there is nothing new to store."""
    # reasons as a reader sees them: a violation's weight decays every second, but its
    # rendered value only moves at the precision it is printed with
    shown = [
        [c.criterion, c.points, c.reason.code, c.reason.text("en"), list(c.evidence), c.interval]
        for c in score.contributions
    ]
    # repr of plain values is canonical here (fixed field order, sorted evidence names) and
    # several times cheaper than JSON over 100,000 influencers
    document = (
        score.methodology_version,
        canonical_facts(facts),
        (score.total, score.band, score.provisional, score.interval),
        shown,
    )
    return hashlib.sha256(repr(document).encode("utf-8")).hexdigest()


def canonical_facts(facts: Facts) -> dict[str, Any]:
    """The facts as plain, ordered JSON values (dates in ISO form, evidence sorted by name)."""
    return {
        "verification_level": facts.verification_level.value,
        "membership": facts.membership.value if facts.membership else None,
        "pledged_at": _iso(facts.pledged_at),
        "active_since": _iso(facts.active_since),
        "posts_total": facts.posts_total,
        "commercial_posts_disclosed": facts.commercial_posts_disclosed,
        "commercial_posts_undisclosed": facts.commercial_posts_undisclosed,
        "violations": [
            [v.severity.value, _iso(v.decided_at), v.evidence] for v in facts.violations
        ],
        "penalty_points": facts.penalty_points,
        "sanctions": [[s.kind.value, _iso(s.ends_at), s.evidence] for s in facts.sanctions],
        "corrections_published": facts.corrections_published,
        "reports_upheld": facts.reports_upheld,
        "audience_authenticity": facts.audience_authenticity,
        "campaigns_joined": facts.campaigns_joined,
        "evidence": {name: list(ids) for name, ids in sorted(facts.evidence.items())},
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
