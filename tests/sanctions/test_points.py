"""Penalty-point arithmetic: lapse, recovery after clean periods, training credits, refunds,
escalation windows and the recommended sanction, on the shipped policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from koltrust.errors import ConfigurationError
from koltrust.sanctions.kinds import PointKind, SanctionKind
from koltrust.sanctions.points import LedgerLine, points_at, recommend, violations_within
from koltrust.sanctions.policy import SanctionPolicy, load_policy
from koltrust.screening.model import Severity
from koltrust.screening.rulebook_path import default_rulebook_path

T0 = datetime(2026, 1, 1, tzinfo=UTC)
V, REFUND, CREDIT = PointKind.VIOLATION, PointKind.REFUND, PointKind.TRAINING_CREDIT


@pytest.fixture(scope="module")
def policy() -> SanctionPolicy:
    return load_policy(default_rulebook_path())


def days(n: float) -> timedelta:
    return timedelta(days=n)


def test_a_violation_holds_its_points_until_a_clean_period_recovers_some(
    policy: SanctionPolicy,
) -> None:
    lines = [LedgerLine(1, V, 4, T0)]

    assert points_at(lines, T0 + days(1), policy).balance == 4
    assert points_at(lines, T0 + days(89), policy).balance == 4
    assert points_at(lines, T0 + days(90), policy).balance == 2  # one clean period: -2
    state = points_at(lines, T0 + days(180), policy)
    assert state.balance == 0
    assert [s.cause for s in state.steps] == ["violation", "recovery", "recovery"]
    assert points_at(lines, T0 - days(1), policy).balance == 0  # not yet decided


def test_a_new_violation_restarts_the_clean_period(policy: SanctionPolicy) -> None:
    lines = [LedgerLine(1, V, 4, T0), LedgerLine(2, V, 4, T0 + days(80))]

    state = points_at(lines, T0 + days(169), policy)
    assert state.balance == 8  # 80 + 90 = day 170 is the first recovery
    assert state.next_recovery_at == T0 + days(170)
    assert points_at(lines, T0 + days(170), policy).balance == 6


def test_points_lapse_after_their_lifetime_without_taking_more_than_they_hold(
    policy: SanctionPolicy,
) -> None:
    # violations every 60 days keep the clean period from ever completing
    lines = [LedgerLine(i, V, 6, T0 + days(60 * i)) for i in range(8)]

    before = points_at(lines, T0 + days(364), policy)
    after = points_at(lines, T0 + days(366), policy)

    assert before.balance == 6 * 7  # the violations of days 0..360
    assert after.balance == before.balance - 6  # the first lapsed on day 365
    assert after.steps[-1].cause in ("lapse", "violation")
    assert all(step.balance >= 0 for step in after.steps)


def test_a_training_credit_gives_points_back_and_never_goes_below_zero(
    policy: SanctionPolicy,
) -> None:
    lines = [LedgerLine(1, V, 1, T0), LedgerLine(2, CREDIT, 2, T0 + days(1))]

    state = points_at(lines, T0 + days(2), policy)

    assert state.balance == 0
    assert [(s.cause, s.change) for s in state.steps] == [("violation", 1), ("training_credit", -1)]


def test_a_refunded_violation_counts_as_never_decided(policy: SanctionPolicy) -> None:
    lines = [
        LedgerLine(1, V, 4, T0),
        LedgerLine(2, V, 6, T0 + days(10)),
        LedgerLine(3, REFUND, 6, T0 + days(20), refund_of=2),
    ]

    assert points_at(lines, T0 + days(15), policy).balance == 10  # before the refund
    assert points_at(lines, T0 + days(21), policy).balance == 4
    assert violations_within(lines, T0 + days(21), 30) == 1
    assert violations_within(lines, T0 + days(15), 30) == 2


def test_the_recommendation_is_the_gravest_of_severity_points_and_escalation(
    policy: SanctionPolicy,
) -> None:
    first = recommend(policy, severity=Severity.MEDIUM, history=[], now=T0)
    assert (first.kind, first.points) == (SanctionKind.WARNING, 2)

    # four high violations in 30 days already (16 points): a fifth reaches both the points
    # ladder (20 >= 20 → expulsion) and the 5-in-30-days window (→ suspension)
    history = [LedgerLine(i, V, 4, T0 + days(i)) for i in range(4)]
    fifth = recommend(policy, severity=Severity.HIGH, history=history, now=T0 + days(5))
    assert fifth.kind is SanctionKind.EXPULSION
    assert any("5 violations in 30 days" in reason for reason in fifth.reasons)
    assert any("20 points held" in reason for reason in fifth.reasons)

    # the same history a year and a half later has lapsed: back to the severity default
    later = recommend(policy, severity=Severity.HIGH, history=history, now=T0 + days(540))
    assert later.kind is SanctionKind.PUBLIC_NOTICE


def test_a_policy_with_a_missing_severity_or_unknown_key_is_refused(tmp_path: Path) -> None:
    shipped = (default_rulebook_path() / "sanctions.yaml").read_text(encoding="utf-8")
    (tmp_path / "sanctions.yaml").write_text(
        shipped.replace("critical: 6}", "}").replace("low: 1, ", "low: 1, bogus: 2, "),
        encoding="utf-8",
    )

    with pytest.raises(ConfigurationError, match=r"sanctions.yaml: points.per_severity"):
        load_policy(tmp_path)
    (tmp_path / "sanctions.yaml").write_text("version: [", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="cannot read"):
        load_policy(tmp_path)
