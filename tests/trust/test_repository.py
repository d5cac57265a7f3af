"""Stored scores: the current row follows every recompute; history only records changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.scoring.compute import compute
from koltrust.scoring.facts import Facts, VerificationLevel
from koltrust.scoring.methodology import default_methodology
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.repository import current_score, save_score, score_history
from koltrust.trust.stored import stored_reason
from tests.factories import make_influencer

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_history_records_changes_only(session: Session) -> None:
    influencer = make_influencer(session)
    methodology = default_methodology()
    first = compute(Facts(posts_total=3), NOW, methodology)
    assert save_score(session, influencer.id, first, "a", ScoreTrigger.MANUAL)
    same = compute(Facts(posts_total=3), NOW + timedelta(hours=1), methodology)
    assert not save_score(session, influencer.id, same, "a", ScoreTrigger.SCHEDULE)
    better = Facts(posts_total=3, verification_level=VerificationLevel.NATIONAL_ID)
    assert save_score(
        session, influencer.id, compute(better, NOW, methodology), "b", ScoreTrigger.IMPORT
    )

    row = current_score(session, influencer.id)
    assert row is not None
    assert row.total == sum(c["points"] for c in row.contributions)
    assert row.trigger is ScoreTrigger.IMPORT
    assert stored_reason(row.contributions[1]).en == "National identity document verified."
    totals = [point.total for point in score_history(session, influencer.id)]
    assert totals == [first.total, row.total]
    assert row.total > first.total
