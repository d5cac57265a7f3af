"""Every reason the computation can give has words in both languages, and every worded
reason can be given."""

from __future__ import annotations

from datetime import timedelta

import pytest

from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.compute import compute
from koltrust.scoring.facts import (
    Facts,
    MembershipStatus,
    Sanction,
    VerificationLevel,
    Violation,
)
from koltrust.scoring.methodology import default_methodology
from koltrust.scoring.reasons import TEMPLATES, Reason
from koltrust.screening.model import Severity
from tests.scoring.facts import NOW, days_ago, established

M = default_methodology()


def _variety() -> list[Facts]:
    eventful = established(
        violations=(Violation(Severity.HIGH, days_ago(40), "case:3"),),
        reports_upheld=2,
        corrections_published=1,
        commercial_posts_undisclosed=4,
        sanctions=(Sanction(SanctionKind.PUBLIC_NOTICE, NOW + timedelta(days=9), "sanction:8"),),
    )
    facts = [Facts(), eventful]
    facts += [established(verification_level=level) for level in VerificationLevel]
    facts += [established(membership=status) for status in MembershipStatus]
    return facts


def test_every_template_is_reachable_and_every_reason_has_words() -> None:
    given = {c.reason.code for f in _variety() for c in compute(f, NOW, M).contributions}

    assert given == set(TEMPLATES)


@pytest.mark.parametrize("facts", _variety())
def test_reasons_quote_their_values_in_both_languages(facts: Facts) -> None:
    for contribution in compute(facts, NOW, M).contributions:
        for text in (contribution.reason.vi, contribution.reason.en):
            assert text
            assert "{" not in text


def test_vietnamese_numbers_use_a_decimal_comma() -> None:
    reason = Reason("violation_load.some", {"count": 1, "load": 2.5, "zero_at": 8.0})

    assert "2,5" in reason.vi
    assert "2.5" in reason.en
    assert reason.text("en") == reason.en


def test_a_reason_is_stored_as_a_code_and_values() -> None:
    score = compute(established(campaigns_joined=1), NOW, M)
    reason = next(c.reason for c in score.contributions if c.criterion == "positive_campaigns")

    assert reason.code == "campaign_participation.some"
    assert dict(reason.values) == {"joined": 1, "full_at": 3}
    assert reason.en == "Took part in 1 positive campaign(s) (full points from 3)."
