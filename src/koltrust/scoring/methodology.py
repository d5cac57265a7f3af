"""The published methodology (``rules/scoring.yaml``), read and checked (pure).

Shapes and types are checked by pydantic; what spans several fields (weights summing to 100,
bands covering 0–100, the facts each criterion reads) by ``_problems``. Either way the error
names the file and the field."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from koltrust.cases.states import CaseState
from koltrust.errors import ConfigurationError
from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.facts import MembershipStatus, VerificationLevel
from koltrust.screening.model import Severity
from koltrust.screening.rulebook_path import default_rulebook_path

METHODOLOGY_FILE = "scoring.yaml"
TOTAL_POINTS = 100

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0)]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Pillar(StrEnum):
    """The five pillars of the official programme, in its order."""

    TRANSPARENCY = "transparency"
    ETHICS = "ethics"
    ENGAGEMENT = "engagement"
    VALUES = "values"
    COMPLIANCE = "compliance"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    vi: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]


class BetaPrior(_Strict):
    """Beta(alpha, beta): as if alpha successes and beta failures had already been seen."""

    alpha: Positive
    beta: Positive
    about: Label

    @property
    def mean(self) -> float:
        """The rate assumed before any data."""
        return self.alpha / (self.alpha + self.beta)


class DisclosureRate(_Strict):
    kind: Literal["disclosure_rate"]
    prior: Code
    reads: ClassVar[frozenset[str]] = frozenset(
        {"commercial_posts_disclosed", "commercial_posts_undisclosed"}
    )


class IdentityLevel(_Strict):
    kind: Literal["verification_level"]
    fractions: dict[VerificationLevel, Fraction]
    reads: ClassVar[frozenset[str]] = frozenset({"verification_level"})


class ViolationLoad(_Strict):
    """Each violation weighs its severity's weight, halved every half-life (``decay``);
    ``zero_at`` is the load that leaves no points."""

    kind: Literal["violation_load"]
    severity_weights: dict[Severity, Annotated[float, Field(ge=0.0)]]
    zero_at: Positive
    reads: ClassVar[frozenset[str]] = frozenset({"violations"})


class CorrectionRate(_Strict):
    kind: Literal["correction_rate"]
    prior: Code
    reads: ClassVar[frozenset[str]] = frozenset(
        {"corrections_published", "violations", "reports_upheld"}
    )


class AccountAge(_Strict):
    kind: Literal["account_age"]
    full_at_days: Annotated[int, Field(ge=1)]
    reads: ClassVar[frozenset[str]] = frozenset({"active_since"})


class AudienceAuthenticity(_Strict):
    kind: Literal["audience_authenticity"]
    zero_at: Fraction
    full_at: Fraction
    unknown: Fraction
    reads: ClassVar[frozenset[str]] = frozenset({"audience_authenticity"})


class UpheldReportRate(_Strict):
    kind: Literal["upheld_report_rate"]
    prior: Code
    zero_at_rate: Annotated[float, Field(gt=0.0, le=1.0)]
    reads: ClassVar[frozenset[str]] = frozenset({"reports_upheld", "posts_total"})


class MembershipPledge(_Strict):
    kind: Literal["membership_pledge"]
    fractions: dict[MembershipStatus, Fraction]
    reads: ClassVar[frozenset[str]] = frozenset({"membership", "pledged_at"})


class CampaignParticipation(_Strict):
    kind: Literal["campaign_participation"]
    full_at: Annotated[int, Field(ge=1)]
    reads: ClassVar[frozenset[str]] = frozenset({"campaigns_joined"})


class PenaltyPoints(_Strict):
    kind: Literal["penalty_points"]
    zero_at: Annotated[int, Field(ge=1)]
    reads: ClassVar[frozenset[str]] = frozenset({"penalty_points"})


class SanctionsInForce(_Strict):
    """The gravest sanction in force sets the fraction kept."""

    kind: Literal["sanctions_in_force"]
    fractions: dict[SanctionKind, Fraction]
    reads: ClassVar[frozenset[str]] = frozenset({"sanctions"})


Measure = Annotated[
    DisclosureRate
    | IdentityLevel
    | ViolationLoad
    | CorrectionRate
    | AccountAge
    | AudienceAuthenticity
    | UpheldReportRate
    | MembershipPledge
    | CampaignParticipation
    | PenaltyPoints
    | SanctionsInForce,
    Field(discriminator="kind"),
]
# measures whose table must give a fraction for every member of an enumeration
_TABLES: dict[type[BaseModel], tuple[type[StrEnum], ...]] = {
    IdentityLevel: (VerificationLevel,),
    ViolationLoad: (Severity,),
    MembershipPledge: (MembershipStatus,),
    SanctionsInForce: (SanctionKind,),
}


class Criterion(_Strict):
    id: Code
    pillar: Pillar
    weight: Annotated[int, Field(ge=1, le=TOTAL_POINTS)]
    name: Label
    measured: Label
    facts: list[str]
    measure: Measure


class Band(_Strict):
    code: Code
    min: Annotated[int, Field(ge=0, le=TOTAL_POINTS)]
    max: Annotated[int, Field(ge=0, le=TOTAL_POINTS)]
    name: Label


class Suspension(_Strict):
    """The band shown, whatever the points, while one of these sanctions is in force."""

    code: Code
    name: Label
    sanction_kinds: Annotated[list[SanctionKind], Field(min_length=1)]


class Decay(_Strict):
    half_life_days: dict[Severity, Positive]


class Provisional(_Strict):
    """Below any of these, the score is published as provisional."""

    min_posts: Annotated[int, Field(ge=0)]
    min_account_age_days: Annotated[int, Field(ge=0)]
    audience_estimate_required: bool


class Interval(_Strict):
    credible: Annotated[float, Field(gt=0.0, lt=1.0)]


# the case states that still wait for a decision (first or on appeal)
AWAITING_DECISION = frozenset({CaseState.OPEN, CaseState.IN_REVIEW, CaseState.APPEALED})


class CertificateReview(_Strict):
    """A case in one of ``pending_states`` resting on a finding of one of
    ``blocking_severities`` keeps a certificate from being issued until it is decided."""

    pending_states: Annotated[list[CaseState], Field(min_length=1)]
    blocking_severities: list[Severity]


class CertificatePolicy(_Strict):
    """When a certificate may be issued, how long it is valid, and which sanctions revoke it
    (the other kinds under ``suspended.sanction_kinds`` suspend it while in force)."""

    min_score: Annotated[int, Field(ge=0, le=TOTAL_POINTS)]
    provisional_allowed: bool
    membership: Annotated[list[MembershipStatus], Field(min_length=1)]
    pledge_required: bool
    max_score_age_days: Annotated[int, Field(ge=1)]
    review: CertificateReview
    validity_days: Annotated[int, Field(ge=1, le=3660)]
    renewal_window_days: Annotated[int, Field(ge=0)]
    revoking_kinds: list[SanctionKind]


class Methodology(_Strict):
    """The whole methodology: pillars, criteria and their weights, bands, priors, decay."""

    version: Annotated[str, Field(min_length=1)]
    pillars: dict[Pillar, Label]
    priors: dict[Code, BetaPrior]
    decay: Decay
    interval: Interval
    provisional: Provisional
    bands: Annotated[list[Band], Field(min_length=1)]
    suspended: Suspension
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    certificate: CertificatePolicy

    def band_for(self, total: int) -> Band:
        """The band whose range holds ``total``."""
        for band in self.bands:
            if band.min <= total <= band.max:
                return band
        raise ValueError(f"no band holds {total}")

    @cached_property
    def suspending_kinds(self) -> frozenset[SanctionKind]:
        """The sanction kinds that put an influencer in the suspended band."""
        return frozenset(self.suspended.sanction_kinds)

    @cached_property
    def certificate_suspending_kinds(self) -> frozenset[SanctionKind]:
        """The sanction kinds that suspend a certificate while in force (those that put the
        score in the suspended band, except the revoking ones)."""
        return self.suspending_kinds - frozenset(self.certificate.revoking_kinds)

    def criteria_of(self, pillar: Pillar) -> list[Criterion]:
        """The criteria under ``pillar``, in file order."""
        return [c for c in self.criteria if c.pillar is pillar]


def measured_text(criterion: Criterion, language: str) -> str:
    """How ``criterion`` is measured, in ``language``, quoting its measure's parameters."""
    template: str = getattr(criterion.measured, language)
    return template.format(**dict(criterion.measure))


def default_methodology_path() -> Path:
    """``rules/scoring.yaml`` shipped with koltrust."""
    return default_rulebook_path() / METHODOLOGY_FILE


@lru_cache(maxsize=1)
def default_methodology() -> Methodology:
    """The shipped methodology, read once per process."""
    return load_methodology(default_methodology_path())


def load_methodology(path: Path) -> Methodology:
    """The methodology in ``path`` (a file, or a folder holding scoring.yaml); a
    ConfigurationError naming the file and every field at fault otherwise."""
    path = path / METHODOLOGY_FILE if path.is_dir() else path
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigurationError(
            f"{path}: cannot read the scoring methodology: {exc}", file=str(path)
        ) from exc
    try:
        methodology = Methodology.model_validate(raw)
    except ValidationError as exc:
        problems = [(_where(error["loc"], raw), error["msg"]) for error in exc.errors()]
        raise _error(path, problems) from exc
    problems = _problems(methodology)
    if problems:
        raise _error(path, problems)
    return methodology


def _error(path: Path, problems: list[tuple[str, str]]) -> ConfigurationError:
    lines = "\n".join(f"{path}: {field}: {message}" for field, message in problems)
    return ConfigurationError(
        lines,
        file=str(path),
        problems=[{"field": field, "message": message} for field, message in problems],
    )


def _where(loc: tuple[int | str, ...], raw: Any) -> str:
    """``criteria[3] (ad_disclosure).weight`` from pydantic's ``('criteria', 3, 'weight')``."""
    text = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id", node.get("code")), str):
                text += f" ({node.get('id', node.get('code'))})"
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text or "(top)"


def _problems(m: Methodology) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for missing in (p.value for p in Pillar if p not in m.pillars):
        problems.append(("pillars", f"needs a name for the pillar '{missing}'"))
    for missing in (s.value for s in Severity if s not in m.decay.half_life_days):
        problems.append(("decay.half_life_days", f"needs a half-life for '{missing}'"))
    total = sum(c.weight for c in m.criteria)
    if total != TOTAL_POINTS:
        shown = " + ".join(f"{c.id} {c.weight}" for c in m.criteria)
        problems.append(
            ("criteria.weight", f"weights sum to {total}, not {TOTAL_POINTS} ({shown})")
        )
    for pillar in Pillar:
        if not m.criteria_of(pillar):
            problems.append(("criteria", f"no criterion under the pillar '{pillar.value}'"))
    seen: set[str] = set()
    for i, criterion in enumerate(m.criteria):
        where = f"criteria[{i}] ({criterion.id})"
        if criterion.id in seen:
            problems.append((f"{where}.id", f"'{criterion.id}' is used twice"))
        seen.add(criterion.id)
        problems.extend(_criterion_problems(m, criterion, where))
    problems.extend(_band_problems(m))
    problems.extend(_certificate_problems(m))
    return problems


def _criterion_problems(m: Methodology, c: Criterion, where: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    measure = c.measure
    reads = measure.reads
    if set(c.facts) != reads:
        problems.append(
            (f"{where}.facts", f"the {measure.kind} measure reads {', '.join(sorted(reads))}")
        )
    prior = getattr(measure, "prior", None)
    if prior is not None and prior not in m.priors:
        choices = ", ".join(sorted(m.priors)) or "none defined"
        problems.append((f"{where}.measure.prior", f"no prior '{prior}' (priors: {choices})"))
    table = getattr(measure, "fractions", getattr(measure, "severity_weights", None))
    for enum in _TABLES.get(type(measure), ()):
        assert table is not None
        missing = [e.value for e in enum if e not in table]
        if missing:
            field = "fractions" if hasattr(measure, "fractions") else "severity_weights"
            problems.append((f"{where}.measure.{field}", f"missing {', '.join(missing)}"))
    for language in ("vi", "en"):
        try:
            measured_text(c, language)
        except (KeyError, ValueError, IndexError) as exc:
            problems.append((f"{where}.measured.{language}", f"cannot quote the parameter {exc}"))
    if isinstance(measure, AudienceAuthenticity) and measure.zero_at >= measure.full_at:
        problems.append((f"{where}.measure.zero_at", "must be below full_at"))
    return problems


def _band_problems(m: Methodology) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    codes = [band.code for band in m.bands]
    if len(set(codes)) != len(codes) or m.suspended.code in codes:
        problems.append(
            ("bands", f"band codes must be distinct from each other and from '{m.suspended.code}'")
        )
    expected = 0
    for band in sorted(m.bands, key=lambda b: b.min):
        if band.min > band.max:
            problems.append((f"bands ({band.code})", f"min {band.min} is above max {band.max}"))
        elif band.min < expected:
            problems.append(
                (
                    f"bands ({band.code})",
                    f"overlaps: starts at {band.min}, but {expected - 1} is already covered",
                )
            )
        elif band.min > expected:
            problems.append(
                (f"bands ({band.code})", f"gap: nothing covers {expected}–{band.min - 1}")
            )
        expected = max(expected, band.max + 1)
    if expected <= TOTAL_POINTS:
        problems.append(("bands", f"gap: nothing covers {expected}–{TOTAL_POINTS}"))
    return problems


def _certificate_problems(m: Methodology) -> list[tuple[str, str]]:
    policy = m.certificate
    problems: list[tuple[str, str]] = []
    if policy.renewal_window_days >= policy.validity_days:
        problems.append(
            (
                "certificate.renewal_window_days",
                f"{policy.renewal_window_days} must be below validity_days "
                f"({policy.validity_days})",
            )
        )
    for state in policy.review.pending_states:
        if state not in AWAITING_DECISION:
            allowed = ", ".join(sorted(s.value for s in AWAITING_DECISION))
            problems.append(
                (
                    "certificate.review.pending_states",
                    f"'{state.value}' does not wait for a decision (use {allowed})",
                )
            )
    for kind in policy.revoking_kinds:
        if kind not in m.suspending_kinds:
            problems.append(
                (
                    "certificate.revoking_kinds",
                    f"'{kind.value}' must also be listed under suspended.sanction_kinds "
                    "(a sanction that revokes the certificate suspends the score too)",
                )
            )
    return problems
