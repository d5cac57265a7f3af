"""The trust index: contributions add up exactly, rates are Bayesian, violations decay, bad
facts are refused, bands and provisional scores follow the methodology."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.compute import Score, allocate, compute
from koltrust.scoring.facts import (
    Facts,
    InvalidFacts,
    MembershipStatus,
    Sanction,
    VerificationLevel,
    Violation,
)
from koltrust.scoring.methodology import Methodology, default_methodology
from koltrust.screening.model import Severity
from tests.scoring.facts import NOW, any_facts, days_ago, established

M = default_methodology()


def points(score: Score, criterion: str) -> int:
    return next(c.points for c in score.contributions if c.criterion == criterion)


@settings(max_examples=400, deadline=None)
@given(any_facts())
def test_contributions_add_up_exactly_to_the_total(facts: Facts) -> None:
    score = compute(facts, NOW, M)

    assert sum(c.points for c in score.contributions) == score.total
    assert 0 <= score.total <= 100
    assert score.interval[0] <= score.total <= score.interval[1]
    for c in score.contributions:
        assert 0 <= c.points <= c.max_points
        assert abs(c.points - c.exact) < 1
        assert c.reason.vi
        assert c.reason.en


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0, 20), min_size=1, max_size=12))
def test_allocation_rounds_the_sum_half_up_and_moves_each_part_by_less_than_one(
    exact: list[float],
) -> None:
    parts = allocate(exact)

    assert abs(sum(parts) - sum(exact)) <= 0.5 + 1e-6
    assert all(abs(p - x) < 1 for p, x in zip(parts, exact, strict=True))


def test_allocation_gives_the_spare_point_to_the_largest_remainder() -> None:
    assert allocate([1.4, 1.4, 1.7]) == [2, 1, 2]
    assert allocate([0.5, 0.5]) == [1, 0]
    assert allocate([2.2, 3.2]) == [2, 3]
    assert allocate([2.2, 3.3]) == [2, 4]


def test_the_criteria_of_the_methodology_are_reported_in_its_order() -> None:
    score = compute(established(), NOW, M)

    assert [c.criterion for c in score.contributions] == [c.id for c in M.criteria]
    assert {c.pillar for c in score.contributions} == {p.value for p in M.pillars}
    assert score.methodology_version == M.version


def test_an_established_clean_member_is_trusted_and_firm() -> None:
    score = compute(established(), NOW, M)

    assert score.band == "trusted"
    assert score.total >= 95
    assert not score.provisional


@settings(max_examples=200, deadline=None)
@given(any_facts(), st.integers(1, 50))
def test_more_undisclosed_ads_never_raise_the_score(facts: Facts, more: int) -> None:
    # the same posts, more of them undisclosed advertising
    posts = facts.commercial_posts_disclosed + facts.commercial_posts_undisclosed + more
    before = dataclasses.replace(facts, posts_total=max(facts.posts_total, posts))
    after = dataclasses.replace(
        before, commercial_posts_undisclosed=facts.commercial_posts_undisclosed + more
    )

    assert compute(after, NOW, M).total <= compute(before, NOW, M).total


@settings(max_examples=200, deadline=None)
@given(any_facts(), st.sampled_from(Severity), st.floats(0, 3000), st.floats(0, 3000))
def test_an_older_violation_never_weighs_more_than_a_newer_one(
    facts: Facts, severity: Severity, age: float, older_by: float
) -> None:
    def with_violation(days: float) -> Facts:
        extra = Violation(severity, days_ago(days), "case:1")
        return dataclasses.replace(facts, violations=(*facts.violations, extra))

    newer = compute(with_violation(age), NOW, M)
    older = compute(with_violation(age + older_by), NOW, M)

    assert older.total >= newer.total
    assert points(older, "violation_history") >= points(newer, "violation_history")


def test_a_violation_weighs_by_severity_and_halves_after_its_half_life() -> None:
    def history(severity: Severity, days: float) -> float:
        facts = established(violations=(Violation(severity, days_ago(days), "case:9"),))
        score = compute(facts, NOW, M)
        return next(c.exact for c in score.contributions if c.criterion == "violation_history")

    half_life = M.decay.half_life_days[Severity.HIGH]
    fresh_loss = 15 - history(Severity.HIGH, 0)
    assert fresh_loss == pytest.approx(15 * 4 / 8)
    assert 15 - history(Severity.HIGH, half_life) == pytest.approx(fresh_loss / 2)
    assert history(Severity.CRITICAL, 0) < history(Severity.MEDIUM, 0) < history(Severity.LOW, 0)


def test_violations_and_sanctions_name_their_evidence() -> None:
    facts = established(
        violations=(Violation(Severity.MEDIUM, days_ago(10), "case:12"),),
        sanctions=(Sanction(SanctionKind.WARNING, NOW + timedelta(days=30), "sanction:4"),),
        commercial_posts_undisclosed=2,
        evidence={"commercial_posts_undisclosed": ("post:7", "post:9")},
    )
    score = compute(facts, NOW, M)
    evidence = {c.criterion: c.evidence for c in score.contributions}

    assert evidence["violation_history"] == ("case:12",)
    assert evidence["sanctions_in_force"] == ("sanction:4",)
    assert evidence["ad_disclosure"] == ("post:7", "post:9")
    reason = next(c.reason for c in score.contributions if c.criterion == "sanctions_in_force")
    assert reason.code == "sanctions_in_force.some"
    assert "cảnh cáo" in reason.vi
    assert "warning" in reason.en


def test_two_undisclosed_posts_do_not_look_like_two_hundred() -> None:
    few = compute(established(commercial_posts_disclosed=0, commercial_posts_undisclosed=2), NOW, M)
    many = compute(
        established(commercial_posts_disclosed=0, commercial_posts_undisclosed=200), NOW, M
    )

    assert points(few, "ad_disclosure") >= 10
    assert points(many, "ad_disclosure") <= 1


@pytest.mark.parametrize("scale", [1, 4, 16, 64])
def test_the_interval_narrows_with_more_posts(scale: int) -> None:
    def width(k: int) -> int:
        facts = established(
            posts_total=25 * k,
            commercial_posts_disclosed=4 * k,
            commercial_posts_undisclosed=k,
            reports_upheld=k,
            corrections_published=0,
        )
        low, high = compute(facts, NOW, M).interval
        return high - low

    assert width(scale * 4) <= width(scale)
    assert width(64) < width(1)


def test_a_rate_criterion_reports_its_own_interval_and_a_fixed_one_none() -> None:
    score = compute(established(commercial_posts_undisclosed=3), NOW, M)
    by_id = {c.criterion: c for c in score.contributions}

    interval = by_id["ad_disclosure"].interval
    assert interval is not None
    assert interval[0] <= by_id["ad_disclosure"].exact <= interval[1]
    assert by_id["identity_verified"].interval is None


@pytest.mark.parametrize(
    ("total_wanted", "band"),
    [
        (100, "trusted"),
        (85, "trusted"),
        (84, "generally_reliable"),
        (70, "generally_reliable"),
        (69, "caution"),
        (50, "caution"),
        (49, "high_risk"),
        (0, "high_risk"),
    ],
)
def test_bands_follow_the_published_ranges(total_wanted: int, band: str) -> None:
    assert M.band_for(total_wanted).code == band


@pytest.mark.parametrize(
    "kind",
    [
        SanctionKind.MEMBERSHIP_SUSPENSION,
        SanctionKind.EXPULSION,
        SanctionKind.VISIBILITY_RESTRICTION,
    ],
)
def test_a_suspending_sanction_in_force_shows_the_suspended_band(kind: SanctionKind) -> None:
    facts = established(sanctions=(Sanction(kind, None, "sanction:1"),))

    assert compute(facts, NOW, M).band == "suspended"


def test_an_ended_suspension_or_a_warning_leaves_the_band_of_the_points() -> None:
    ended = Sanction(SanctionKind.MEMBERSHIP_SUSPENSION, days_ago(1), "sanction:1")
    warning = Sanction(SanctionKind.WARNING, NOW + timedelta(days=5), "sanction:2")

    assert compute(established(sanctions=(ended,)), NOW, M).band == "trusted"
    score = compute(established(sanctions=(warning,)), NOW, M)
    assert score.band == M.band_for(score.total).code != "suspended"


def test_little_data_makes_a_provisional_score_with_its_reasons() -> None:
    newcomer = Facts(posts_total=3, active_since=days_ago(20))

    score = compute(newcomer, NOW, M)

    assert score.provisional
    assert score.provisional_reasons == ("few_posts", "new_account", "no_audience_estimate")
    assert compute(Facts(), NOW, M).provisional


def test_enough_data_makes_a_firm_score() -> None:
    assert compute(established(), NOW, M).provisional_reasons == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"posts_total": -1}, "posts_total"),
        ({"reports_upheld": -3}, "reports_upheld"),
        ({"penalty_points": 1.5}, "penalty_points"),
        ({"commercial_posts_disclosed": 500}, "commercial_posts_disclosed"),
        ({"pledged_at": NOW + timedelta(days=1)}, "pledged_at"),
        ({"active_since": NOW + timedelta(seconds=1)}, "active_since"),
        ({"active_since": NOW.replace(tzinfo=None)}, "active_since"),
        (
            {"violations": (Violation(Severity.LOW, NOW + timedelta(days=2), "case:1"),)},
            "violations[0].decided_at",
        ),
        ({"violations": (Violation("grave", NOW, "case:1"),)}, "violations[0].severity"),  # type: ignore[arg-type]
        ({"audience_authenticity": 1.2}, "audience_authenticity"),
        ({"audience_authenticity": float("nan")}, "audience_authenticity"),
        ({"verification_level": "passport"}, "verification_level"),
        ({"evidence": {"followers": ("x:1",)}}, "evidence"),
    ],
)
def test_bad_facts_are_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    facts = dataclasses.replace(established(), **changes)  # type: ignore[arg-type]

    with pytest.raises(InvalidFacts) as caught:
        compute(facts, NOW, M)

    assert caught.value.field == field
    assert str(caught.value).startswith(field)
    assert isinstance(caught.value, ValueError)


def test_a_moment_without_time_zone_is_refused() -> None:
    with pytest.raises(InvalidFacts, match="now"):
        compute(established(), NOW.replace(tzinfo=None), M)


def test_identity_and_membership_count_by_their_tables() -> None:
    phone = compute(established(verification_level=VerificationLevel.PHONE), NOW, M)
    applicant = compute(established(membership=MembershipStatus.APPLICANT), NOW, M)
    unpledged = compute(established(pledged_at=None), NOW, M)

    assert points(phone, "identity_verified") == 4
    assert points(applicant, "code_of_conduct") == 3
    assert points(unpledged, "code_of_conduct") == 0


def test_a_custom_methodology_is_used_as_given() -> None:
    stricter = M.model_copy(update={"version": "test"})

    assert isinstance(stricter, Methodology)
    assert compute(established(), NOW, stricter).methodology_version == "test"
