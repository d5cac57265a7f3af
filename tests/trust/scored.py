"""Influencers with stored scores in every band, for the public API, directory and badge tests
(scores are computed by the real ``compute`` and stored by ``save_score``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from koltrust.registry.models import Influencer
from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.compute import Score, compute
from koltrust.scoring.facts import Facts, Sanction, Violation
from koltrust.scoring.methodology import default_methodology
from koltrust.screening.model import Severity
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.repository import save_score
from tests.scoring.facts import NOW, days_ago, established

# facts that land in each band (checked by test_scenarios_land_in_their_band)
SCENARIOS: dict[str, Facts] = {
    "trusted": established(),
    "generally_reliable": established(commercial_posts_undisclosed=40, audience_authenticity=0.5),
    "caution": Facts(posts_total=3),  # provisional: too few posts
    "high_risk": established(
        commercial_posts_disclosed=5,
        commercial_posts_undisclosed=55,
        audience_authenticity=0.2,
        violations=tuple(Violation(Severity.HIGH, days_ago(30), f"case:{i}") for i in (1, 2, 3)),
        penalty_points=30,
    ),
    "suspended": established(
        sanctions=(Sanction(SanctionKind.MEMBERSHIP_SUSPENSION, None, "sanction:5"),)
    ),
}


def give_score(
    session: Session, influencer: Influencer, facts: Facts, now: datetime = NOW
) -> Score:
    """Compute ``facts`` at ``now``, store it as the influencer's score and commit."""
    score = compute(facts, now, default_methodology())
    save_score(session, influencer.id, score, f"digest-{now.isoformat()}", ScoreTrigger.MANUAL)
    session.commit()
    return score
