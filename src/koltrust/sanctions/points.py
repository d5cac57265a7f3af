"""Penalty-point arithmetic and the sanction a violation calls for (pure).

Each violation holds its points until they lapse (``lifetime_days`` after it), are recovered
(every full clean period without a new violation gives some back) or are credited (the training
module). Recovery and credits take from the oldest violation first, so a lapse never takes
back more than the violation still holds. A violation refunded after a successful appeal counts
as if it had never been decided: its recoveries are not lost to it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from koltrust.sanctions.kinds import PointKind, SanctionKind
from koltrust.sanctions.policy import SanctionPolicy
from koltrust.screening.model import Severity


@dataclass(frozen=True)
class LedgerLine:
    """One stored line of the point ledger."""

    id: int
    kind: PointKind
    points: int
    at: datetime
    refund_of: int | None = None


@dataclass(frozen=True)
class Step:
    """One change of the balance: when, by how much, why, and the balance after it."""

    at: datetime
    change: int
    cause: str  # violation, lapse, recovery, training_credit
    balance: int
    line_id: int | None = None


@dataclass(frozen=True)
class PointsState:
    """The balance at ``now`` and how it came about."""

    balance: int
    steps: list[Step]
    next_recovery_at: datetime | None
    next_lapse_at: datetime | None


@dataclass
class _Held:
    line_id: int
    remaining: int
    lapses_at: datetime


@dataclass
class _Walk:
    held: list[_Held] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def balance(self) -> int:
        return sum(h.remaining for h in self.held)

    def add(self, line: LedgerLine, lifetime: timedelta) -> None:
        self.held.append(_Held(line.id, line.points, line.at + lifetime))
        self._note(line.at, line.points, "violation", line.id)

    def take(self, at: datetime, amount: int, cause: str, line_id: int | None = None) -> None:
        taken = 0
        for held in self.held:
            share = min(held.remaining, amount - taken)
            held.remaining -= share
            taken += share
        self.held = [h for h in self.held if h.remaining > 0]
        if taken:
            self._note(at, -taken, cause, line_id)

    def lapse_until(self, moment: datetime) -> None:
        for held in sorted(self.held, key=lambda h: h.lapses_at):
            if held.lapses_at <= moment and held.remaining:
                lost, held.remaining = held.remaining, 0
                self._note(held.lapses_at, -lost, "lapse", held.line_id)
        self.held = [h for h in self.held if h.remaining > 0]

    def _note(self, at: datetime, change: int, cause: str, line_id: int | None) -> None:
        self.steps.append(Step(at, change, cause, self.balance, line_id))


def points_at(lines: Iterable[LedgerLine], now: datetime, policy: SanctionPolicy) -> PointsState:
    """Replay the ledger up to ``now``: violations, lapses, recoveries and credits in order."""
    rules = policy.points
    lifetime = timedelta(days=rules.lifetime_days)
    period = timedelta(days=rules.clean_period_days)
    walk = _Walk()
    recovery = _Recovery(period, rules.recovery_per_clean_period)
    for line in _effective(lines, now):
        recovery.run_until(walk, line.at)
        walk.lapse_until(line.at)
        if line.kind is PointKind.VIOLATION:
            walk.add(line, lifetime)
            recovery.restart(line.at)
        else:
            walk.take(line.at, line.points, "training_credit", line.id)
    recovery.run_until(walk, now)
    walk.lapse_until(now)
    return PointsState(
        balance=walk.balance,
        steps=walk.steps,
        next_recovery_at=recovery.due if walk.balance else None,
        next_lapse_at=min((h.lapses_at for h in walk.held), default=None),
    )


def _effective(lines: Iterable[LedgerLine], now: datetime) -> list[LedgerLine]:
    """The lines that count at ``now``, oldest first: refunds remove their violation."""
    lines = [line for line in lines if line.at <= now]
    refunded = {line.refund_of for line in lines if line.kind is PointKind.REFUND}
    kept = [
        line
        for line in lines
        if line.kind is not PointKind.REFUND and line.id not in refunded and line.points > 0
    ]
    return sorted(kept, key=lambda line: (line.at, line.id))


@dataclass
class _Recovery:
    """Gives back ``amount`` at every full clean period after the last violation."""

    period: timedelta
    amount: int
    due: datetime | None = None

    def restart(self, violation_at: datetime) -> None:
        self.due = violation_at + self.period

    def run_until(self, walk: _Walk, until: datetime) -> None:
        while self.due is not None and self.due <= until and walk.balance and self.amount:
            walk.lapse_until(self.due)
            walk.take(self.due, self.amount, "recovery")
            self.due += self.period


def violations_within(lines: Iterable[LedgerLine], now: datetime, window_days: int) -> int:
    """How many violations (not refunded) were decided in the ``window_days`` up to ``now``."""
    start = now - timedelta(days=window_days)
    return sum(
        1 for line in _effective(lines, now) if line.kind is PointKind.VIOLATION and line.at > start
    )


@dataclass(frozen=True)
class Recommendation:
    """The sanction a violation calls for, and every reason that led there."""

    kind: SanctionKind
    points: int
    reasons: list[str]


def recommend(
    policy: SanctionPolicy,
    *,
    severity: Severity,
    history: Sequence[LedgerLine],
    now: datetime,
) -> Recommendation:
    """The gravest of: the severity's default sanction, the points ladder (points held once
    this violation is added) and the escalation windows (this violation included)."""
    points = policy.points.per_severity[severity]
    candidate = LedgerLine(id=-1, kind=PointKind.VIOLATION, points=points, at=now)
    after = [*history, candidate]
    balance = points_at(after, now, policy).balance
    default = policy.severity_default[severity]
    options = [(default, f"severity {severity.value} → {default.value}")]
    options += [
        (step.sanction, f"{balance} points held (≥ {step.at_least}) → {step.sanction.value}")
        for step in policy.points_ladder
        if balance >= step.at_least
    ]
    for step in policy.escalation:
        count = violations_within(after, now, step.window_days)
        if count >= step.count:
            options.append(
                (
                    step.sanction,
                    f"{count} violations in {step.window_days} days (≥ {step.count}) "
                    f"→ {step.sanction.value}",
                )
            )
    gravest = max((kind for kind, _ in options), key=lambda kind: kind.rank)
    return Recommendation(kind=gravest, points=points, reasons=[reason for _, reason in options])
