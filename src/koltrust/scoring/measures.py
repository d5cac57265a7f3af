"""How each kind of measure turns facts into a fraction of its criterion's weight (pure).

A measure returns the fraction, its standard deviation (0 when the facts leave no doubt), the
reason's catalogue key with the values it quotes, and the evidence ids behind it."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from koltrust.scoring import methodology as md
from koltrust.scoring.facts import Facts

DAY_SECONDS = 86_400.0
# the standard deviation of a uniform fraction: what "no estimate at all" is worth
UNKNOWN_SPREAD = 1.0 / math.sqrt(12.0)


class Measured(NamedTuple):
    fraction: float
    spread: float
    reason: str
    values: dict[str, Any]
    evidence: tuple[str, ...] = ()


class Posterior(NamedTuple):
    """A Beta posterior's mean and standard deviation."""

    mean: float
    sd: float


def beta_posterior(prior: md.BetaPrior, successes: int, failures: int) -> Posterior:
    """Beta(alpha + successes, beta + failures): its mean and standard deviation."""
    a = prior.alpha + successes
    b = prior.beta + failures
    n = a + b
    return Posterior(a / n, math.sqrt(a * b / (n * n * (n + 1.0))))


def _evidence(facts: Facts, names: tuple[str, ...]) -> tuple[str, ...]:
    if not facts.evidence:
        return ()
    return tuple(i for name in names for i in facts.evidence.get(name, ()))


def disclosure_rate(
    m: md.DisclosureRate, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """Beta posterior mean of the disclosed share of commercial posts."""
    yes, no = facts.commercial_posts_disclosed, facts.commercial_posts_undisclosed
    post = beta_posterior(meth.priors[m.prior], yes, no)
    values = {"disclosed": yes, "commercial": yes + no, "rate": post.mean}
    reason = "some" if yes + no else "none"
    evidence = _evidence(facts, ("commercial_posts_undisclosed", "commercial_posts_disclosed"))
    return Measured(post.mean, post.sd, reason, values, evidence)


def identity_level(
    m: md.IdentityLevel, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """The table's fraction for the verification level."""
    level = facts.verification_level
    values = {"level": level.value}
    return Measured(
        m.fractions[level], 0.0, level.value, values, _evidence(facts, ("verification_level",))
    )


def violation_load(
    m: md.ViolationLoad, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """1 - (severity weights, each halved every half-life) / zero_at, floored at 0."""
    if not facts.violations:
        return Measured(1.0, 0.0, "none", {})
    half_lives = meth.decay.half_life_days
    load = 0.0
    for v in facts.violations:
        age_days = (now - v.decided_at).total_seconds() / DAY_SECONDS
        load += m.severity_weights[v.severity] * 0.5 ** (age_days / half_lives[v.severity])
    fraction = max(0.0, 1.0 - load / m.zero_at)
    values = {"count": len(facts.violations), "load": load, "zero_at": m.zero_at}
    evidence = tuple(v.evidence for v in facts.violations) + _evidence(facts, ("violations",))
    return Measured(fraction, 0.0, "some", values, evidence)


def correction_rate(
    m: md.CorrectionRate, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """Beta posterior mean of the share of confirmed errors that were corrected."""
    needed = len(facts.violations) + facts.reports_upheld
    evidence = _evidence(facts, ("corrections_published",))
    if not needed:
        return Measured(1.0, 0.0, "none", {"corrections": facts.corrections_published}, evidence)
    corrected = min(facts.corrections_published, needed)
    post = beta_posterior(meth.priors[m.prior], corrected, needed - corrected)
    values = {"corrected": corrected, "needed": needed, "rate": post.mean}
    return Measured(post.mean, post.sd, "some", values, evidence)


def account_age(m: md.AccountAge, facts: Facts, now: datetime, meth: md.Methodology) -> Measured:
    """Days active over full_at_days, capped at 1."""
    if facts.active_since is None:
        return Measured(0.0, 0.0, "unknown", {})
    days = (now - facts.active_since).total_seconds() / DAY_SECONDS
    values = {"days": int(days), "since": facts.active_since.date().isoformat()}
    evidence = _evidence(facts, ("active_since",))
    return Measured(min(1.0, days / m.full_at_days), 0.0, "known", values, evidence)


def audience(
    m: md.AudienceAuthenticity, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """A ramp from zero_at to full_at; ``unknown`` (with a uniform's spread) with no estimate."""
    share = facts.audience_authenticity
    if share is None:
        return Measured(m.unknown, UNKNOWN_SPREAD, "unknown", {"unknown": m.unknown})
    fraction = min(1.0, max(0.0, (share - m.zero_at) / (m.full_at - m.zero_at)))
    evidence = _evidence(facts, ("audience_authenticity",))
    return Measured(fraction, 0.0, "known", {"share": share}, evidence)


def upheld_reports(
    m: md.UpheldReportRate, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """1 - (Beta posterior mean of upheld reports per post) / zero_at_rate, floored at 0."""
    upheld = facts.reports_upheld
    trials = max(facts.posts_total, upheld)
    post = beta_posterior(meth.priors[m.prior], upheld, trials - upheld)
    fraction = max(0.0, 1.0 - post.mean / m.zero_at_rate)
    spread = post.sd / m.zero_at_rate if fraction > 0.0 else 0.0
    values = {"upheld": upheld, "posts": facts.posts_total, "rate": post.mean}
    evidence = _evidence(facts, ("reports_upheld",))
    return Measured(fraction, spread, "some" if upheld else "none", values, evidence)


def membership(
    m: md.MembershipPledge, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """The status's fraction when a pledge is on record, else 0."""
    evidence = _evidence(facts, ("membership", "pledged_at"))
    if facts.pledged_at is None or facts.membership is None:
        return Measured(0.0, 0.0, "no_pledge", {}, evidence)
    values = {"status": facts.membership.value, "since": facts.pledged_at.date().isoformat()}
    return Measured(m.fractions[facts.membership], 0.0, facts.membership.value, values, evidence)


def campaigns(
    m: md.CampaignParticipation, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """Campaigns joined over full_at, capped at 1."""
    joined = facts.campaigns_joined
    values = {"joined": joined, "full_at": m.full_at}
    evidence = _evidence(facts, ("campaigns_joined",))
    return Measured(min(1.0, joined / m.full_at), 0.0, "some", values, evidence)


def penalty_points(
    m: md.PenaltyPoints, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """1 - points held / zero_at, floored at 0."""
    held = facts.penalty_points
    values = {"held": held, "zero_at": m.zero_at}
    evidence = _evidence(facts, ("penalty_points",))
    return Measured(max(0.0, 1.0 - held / m.zero_at), 0.0, "some", values, evidence)


def sanctions(
    m: md.SanctionsInForce, facts: Facts, now: datetime, meth: md.Methodology
) -> Measured:
    """The lowest fraction among the sanctions still in force (1 with none)."""
    in_force = [s for s in facts.sanctions if s.ends_at is None or s.ends_at > now]
    if not in_force:
        return Measured(1.0, 0.0, "none", {})
    gravest = min(in_force, key=lambda s: (m.fractions[s.kind], -s.kind.rank))
    values = {"count": len(in_force), "kind": gravest.kind.value}
    evidence = tuple(s.evidence for s in in_force) + _evidence(facts, ("sanctions",))
    return Measured(m.fractions[gravest.kind], 0.0, "some", values, evidence)


MEASURES: dict[type[Any], Callable[[Any, Facts, datetime, md.Methodology], Measured]] = {
    md.DisclosureRate: disclosure_rate,
    md.IdentityLevel: identity_level,
    md.ViolationLoad: violation_load,
    md.CorrectionRate: correction_rate,
    md.AccountAge: account_age,
    md.AudienceAuthenticity: audience,
    md.UpheldReportRate: upheld_reports,
    md.MembershipPledge: membership,
    md.CampaignParticipation: campaigns,
    md.PenaltyPoints: penalty_points,
    md.SanctionsInForce: sanctions,
}
