"""API shapes for screening, stored posts, screening runs and stored findings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, model_validator

from koltrust.common_schemas import ReadModel, Slug, StrictModel, Text
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.registry.reference import Language, Platform
from koltrust.registry.schemas import Handle
from koltrust.screening.model import Severity

BATCH_LIMIT = 500
SeverityCode = Literal["info", "low", "medium", "high", "critical"]
IngestStatus = Literal["created", "unchanged", "updated"]
Labels = Mapping[str, dict[str, str]]


class PostIn(StrictModel):
    """A post to check; only ``text`` is required."""

    text: str = Field(max_length=2_000_000)
    platform: Platform | None = None
    links: list[str] = Field(default_factory=list, max_length=200)
    hashtags: list[str] = Field(default_factory=list, max_length=500)
    paid_partnership: bool = False
    language: Language | None = Field(
        default=None, description="Leave out to have it detected (vi, en, fr, id)."
    )


def _no_nul(value: str) -> str:
    # the text is stored exactly as sent (spans index into it), but PostgreSQL refuses NUL
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


StoredText = Annotated[str, Field(max_length=2_000_000), AfterValidator(_no_nul)]
StoredItem = Annotated[str, AfterValidator(_no_nul)]
ExternalId = Annotated[Text, Field(max_length=200), AfterValidator(_non_empty)]
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_utc)]


class PostCreate(PostIn):
    """A published post to store and screen. ``platform`` + ``external_id`` make a resend
    idempotent; ``influencer`` (slug) or ``handle`` (on ``platform``) name who published it."""

    text: StoredText
    links: list[StoredItem] = Field(default_factory=list, max_length=200)
    hashtags: list[StoredItem] = Field(default_factory=list, max_length=500)
    external_id: ExternalId | None = Field(
        default=None, description="The platform's id of the post; needs platform."
    )
    influencer: Slug | None = Field(default=None, description="Slug of who published it.")
    handle: Handle | None = Field(
        default=None, description="Their handle on platform (a registered account)."
    )
    published_at: UtcDatetime | None = None

    @model_validator(mode="after")
    def _platform_given(self) -> PostCreate:
        if self.platform is None and (self.external_id or self.handle):
            raise ValueError("external_id and handle need platform")
        return self


class PostBatchIn(StrictModel):
    """Up to BATCH_LIMIT posts; each item is validated on its own, so that one bad item does
    not refuse the others."""

    posts: list[Any] = Field(min_length=1, max_length=BATCH_LIMIT)


class PostFilters(StrictModel):
    """Filters of the stored-post list; category and severity look at the latest run's
    non-shadow findings."""

    influencer: Slug | None = None
    platform: Platform | None = None
    category: Text | None = Field(default=None, max_length=60)
    severity: Severity | None = None


class FindingOut(BaseModel):
    rule_id: str
    rule_version: int
    rulebook_version: str
    category: str
    category_label: dict[str, str]
    severity: SeverityCode
    confidence: float
    spans: list[tuple[int, int]]
    excerpt: str
    explanation: dict[str, str]
    remedy: dict[str, str]
    legal_basis: dict[str, str]
    shadow: bool
    source: str
    dsa_category: str | None
    # the fact-check a claim-matching finding repeats (claim, rating, publisher, url...)
    fact_check: dict[str, Any] | None = None


class ScreeningOut(BaseModel):
    language: str
    language_confidence: float
    rulebook_version: str
    findings: list[FindingOut]


class StoredFindingOut(FindingOut):
    """A stored finding: its spans index into the text its run screened."""

    id: int
    run_id: int
    evidence: dict[str, Any]


class RunSummaryOut(BaseModel):
    id: int
    rulebook_version: str
    screened_at: datetime
    text_sha256: str
    current_text: bool = Field(description="Whether this run screened the post's current text.")
    finding_count: int = Field(description="Findings that count (shadow findings excluded).")
    shadow_count: int = Field(description="Findings of shadow rules: recorded, never counted.")
    highest_severity: SeverityCode | None


class RunOut(RunSummaryOut):
    screened_text: str | None = Field(
        description="The text this run screened when it is no longer the post's text."
    )
    findings: list[StoredFindingOut]
    shadow_findings: list[StoredFindingOut] = Field(
        description="Findings of shadow rules, kept apart: they never count against anyone."
    )


class PostSummaryOut(ReadModel):
    id: int
    platform: Platform | None
    external_id: str | None
    influencer: str | None = Field(validation_alias="influencer_slug")
    account_id: int | None
    text_sha256: str
    language: str
    language_confidence: float
    links: list[str]
    hashtags: list[str]
    paid_partnership: bool
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    latest_run: RunSummaryOut | None = None


class PostOut(PostSummaryOut):
    text: str


class IngestOut(BaseModel):
    status: IngestStatus
    screened: bool = Field(description="Whether this request screened the post (a new run).")
    post: PostOut
    run: RunOut


class BatchItemOut(BaseModel):
    index: int
    status: IngestStatus | Literal["failed"]
    post_id: int | None = None
    external_id: str | None = None
    screened: bool = False
    run: RunOut | None = None
    error: dict[str, Any] | None = Field(default=None, description="problem+json of a failure")


class BatchOut(BaseModel):
    counts: dict[str, int]
    items: list[BatchItemOut]


class PostFindingsOut(BaseModel):
    post_id: int
    text_sha256: str
    runs: list[RunOut] = Field(description="The latest run first; only it unless all_runs.")


def stored_finding_out(finding: StoredFinding, labels: Labels) -> StoredFindingOut:
    """The API shape of a stored finding, with its category's current labels."""
    return StoredFindingOut(
        id=finding.id,
        run_id=finding.run_id,
        rule_id=finding.rule_id,
        rule_version=finding.rule_version,
        rulebook_version=finding.rulebook_version,
        category=finding.category,
        category_label=dict(labels.get(finding.category, {})),
        severity=finding.severity.value,
        confidence=finding.confidence,
        spans=[(start, end) for start, end in finding.spans],
        excerpt=finding.excerpt,
        explanation=finding.explanation,
        remedy=finding.remedy,
        legal_basis=finding.legal_basis,
        shadow=finding.shadow,
        source=finding.source,
        dsa_category=finding.dsa_category,
        evidence=finding.evidence,
        fact_check=fact_check_of(finding.evidence),
    )


def fact_check_of(evidence: dict[str, Any]) -> dict[str, Any] | None:
    """The fact-check a claim-matching finding's evidence names, if any."""
    found = evidence.get("fact_check")
    return found if isinstance(found, dict) else None


def run_summary_out(run: ScreeningRun) -> RunSummaryOut:
    """The summary of a run (counts and the highest severity, no findings)."""
    return RunSummaryOut(
        id=run.id,
        rulebook_version=run.rulebook_version,
        screened_at=run.screened_at,
        text_sha256=run.text_sha256,
        current_text=run.text is None,
        finding_count=run.finding_count,
        shadow_count=run.shadow_count,
        highest_severity=run.highest_severity.value if run.highest_severity else None,
    )


def run_out(run: ScreeningRun, labels: Labels) -> RunOut:
    """A run with its findings, shadow findings apart."""
    findings = [stored_finding_out(f, labels) for f in run.findings]
    return RunOut(
        **run_summary_out(run).model_dump(),
        screened_text=run.text,
        findings=[f for f in findings if not f.shadow],
        shadow_findings=[f for f in findings if f.shadow],
    )


def post_out(post: Post, latest: ScreeningRun | None) -> PostOut:
    """A stored post with the summary of its latest run."""
    out = PostOut.model_validate(post)
    out.latest_run = run_summary_out(latest) if latest else None
    return out


def post_summary_out(post: Post, latest: ScreeningRun | None) -> PostSummaryOut:
    """A list entry: the post without its text."""
    out = PostSummaryOut.model_validate(post)
    out.latest_run = run_summary_out(latest) if latest else None
    return out
