"""What the trust index is computed from: plain, frozen facts about one influencer (pure)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum

from koltrust.sanctions.kinds import SanctionKind
from koltrust.screening.model import Severity


class VerificationLevel(StrEnum):
    """How the influencer's identity was checked; the same codes as the registry's."""

    NONE = "none"
    PHONE = "phone"
    NATIONAL_ID = "national_id"
    BUSINESS_REGISTRATION = "business_registration"


class MembershipStatus(StrEnum):
    """Alliance membership; the same codes as the registry's (None in Facts: never applied)."""

    APPLICANT = "applicant"
    MEMBER = "member"
    SUSPENDED = "suspended"
    EXPELLED = "expelled"
    WITHDRAWN = "withdrawn"


class InvalidFacts(ValueError):
    """Facts that cannot be scored (a negative count, a date after ``now``...); ``field``
    names the offending fact."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


@dataclass(frozen=True, slots=True)
class Violation:
    """A violation confirmed by a decision; ``evidence`` is its id, such as ``case:12``."""

    severity: Severity
    decided_at: datetime
    evidence: str


@dataclass(frozen=True, slots=True)
class Sanction:
    """A sanction in force; ``ends_at`` None means permanent. One that ended by ``now`` is
    ignored rather than refused, so facts gathered a moment earlier stay valid."""

    kind: SanctionKind
    ends_at: datetime | None
    evidence: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the index reads about one influencer. ``evidence`` maps a fact's name to
    the ids behind it (``{"commercial_posts_undisclosed": ("post:7",)}``)."""

    verification_level: VerificationLevel = VerificationLevel.NONE
    membership: MembershipStatus | None = None
    pledged_at: datetime | None = None
    active_since: datetime | None = None
    posts_total: int = 0
    commercial_posts_disclosed: int = 0
    commercial_posts_undisclosed: int = 0
    violations: tuple[Violation, ...] = ()
    penalty_points: int = 0
    sanctions: tuple[Sanction, ...] = ()
    corrections_published: int = 0
    reports_upheld: int = 0
    audience_authenticity: float | None = None
    campaigns_joined: int = 0
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


FACT_NAMES = frozenset(f.name for f in fields(Facts)) - {"evidence"}
COUNT_FIELDS = (
    "posts_total",
    "commercial_posts_disclosed",
    "commercial_posts_undisclosed",
    "penalty_points",
    "corrections_published",
    "reports_upheld",
    "campaigns_joined",
)


def check_facts(facts: Facts, now: datetime) -> None:
    """Raise InvalidFacts naming the first fact that cannot be scored."""
    if now.tzinfo is None:
        raise InvalidFacts("now", "needs a time zone (use an aware datetime, e.g. UTC)")
    for name in COUNT_FIELDS:
        count = getattr(facts, name)
        if type(count) is not int or count < 0:
            raise InvalidFacts(name, f"must be a whole number of at least 0, got {count!r}")
    commercial = facts.commercial_posts_disclosed + facts.commercial_posts_undisclosed
    if commercial > facts.posts_total:
        raise InvalidFacts(
            "commercial_posts_disclosed",
            f"commercial posts ({commercial}, disclosed + undisclosed) exceed posts_total "
            f"({facts.posts_total})",
        )
    _check_kinds(facts)
    _check_past("pledged_at", facts.pledged_at, now)
    _check_past("active_since", facts.active_since, now)
    for i, violation in enumerate(facts.violations):
        _check_past(f"violations[{i}].decided_at", violation.decided_at, now)
    for i, sanction in enumerate(facts.sanctions):
        if sanction.ends_at is not None and sanction.ends_at.tzinfo is None:
            raise InvalidFacts(f"sanctions[{i}].ends_at", "needs a time zone")
    share = facts.audience_authenticity
    if share is not None and not (is_number(share) and 0.0 <= share <= 1.0):
        raise InvalidFacts("audience_authenticity", f"must be between 0 and 1, got {share!r}")
    unknown = set(facts.evidence) - FACT_NAMES
    if unknown:
        raise InvalidFacts("evidence", f"names no fact: {', '.join(sorted(unknown))}")


def _check_kinds(facts: Facts) -> None:
    if not isinstance(facts.verification_level, VerificationLevel):
        raise InvalidFacts("verification_level", f"unknown level {facts.verification_level!r}")
    if facts.membership is not None and not isinstance(facts.membership, MembershipStatus):
        raise InvalidFacts("membership", f"unknown status {facts.membership!r}")
    for i, violation in enumerate(facts.violations):
        if not isinstance(violation.severity, Severity):
            raise InvalidFacts(f"violations[{i}].severity", f"unknown {violation.severity!r}")
    for i, sanction in enumerate(facts.sanctions):
        if not isinstance(sanction.kind, SanctionKind):
            raise InvalidFacts(f"sanctions[{i}].kind", f"unknown kind {sanction.kind!r}")


def _check_past(name: str, moment: datetime | None, now: datetime) -> None:
    if moment is None:
        return
    if moment.tzinfo is None:
        raise InvalidFacts(name, "needs a time zone (use an aware datetime, e.g. UTC)")
    if moment > now:
        raise InvalidFacts(name, f"{moment.isoformat()} is after now ({now.isoformat()})")


def is_number(value: object) -> bool:
    """A real, finite number (bools excluded)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
