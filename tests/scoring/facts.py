"""Facts for scoring tests: a well-documented influencer, and a hypothesis strategy of any
valid facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.facts import (
    Facts,
    MembershipStatus,
    Sanction,
    VerificationLevel,
    Violation,
)
from koltrust.screening.model import Severity

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    """``days`` before NOW."""
    return NOW - timedelta(days=days)


def established(**changes: object) -> Facts:
    """A member with years of clean, disclosed posts, unless ``changes`` say otherwise."""
    base: dict[str, object] = {
        "verification_level": VerificationLevel.NATIONAL_ID,
        "membership": MembershipStatus.MEMBER,
        "pledged_at": days_ago(300),
        "active_since": days_ago(1500),
        "posts_total": 400,
        "commercial_posts_disclosed": 60,
        "commercial_posts_undisclosed": 0,
        "audience_authenticity": 0.93,
        "campaigns_joined": 4,
    }
    base.update(changes)
    return Facts(**base)  # type: ignore[arg-type]


def _counts(draw: st.DrawFn) -> tuple[int, int, int]:
    posts = draw(st.integers(0, 5000))
    disclosed = draw(st.integers(0, posts))
    undisclosed = draw(st.integers(0, posts - disclosed))
    return posts, disclosed, undisclosed


_moments = st.floats(0, 4000).map(days_ago)
_violations = st.builds(
    Violation,
    severity=st.sampled_from(Severity),
    decided_at=_moments,
    evidence=st.integers(1, 10_000).map(lambda n: f"case:{n}"),
)
_sanctions = st.builds(
    Sanction,
    kind=st.sampled_from(SanctionKind),
    ends_at=st.none() | st.floats(-400, 400).map(days_ago),
    evidence=st.integers(1, 10_000).map(lambda n: f"sanction:{n}"),
)


@st.composite
def any_facts(draw: st.DrawFn) -> Facts:
    """Any facts compute() must accept."""
    posts, disclosed, undisclosed = _counts(draw)
    return Facts(
        verification_level=draw(st.sampled_from(VerificationLevel)),
        membership=draw(st.none() | st.sampled_from(MembershipStatus)),
        pledged_at=draw(st.none() | _moments),
        active_since=draw(st.none() | _moments),
        posts_total=posts,
        commercial_posts_disclosed=disclosed,
        commercial_posts_undisclosed=undisclosed,
        violations=tuple(draw(st.lists(_violations, max_size=8))),
        penalty_points=draw(st.integers(0, 40)),
        sanctions=tuple(draw(st.lists(_sanctions, max_size=3))),
        corrections_published=draw(st.integers(0, 20)),
        reports_upheld=draw(st.integers(0, 300)),
        audience_authenticity=draw(st.none() | st.floats(0, 1)),
        campaigns_joined=draw(st.integers(0, 10)),
    )
