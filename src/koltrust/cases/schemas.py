"""API shapes of cases and their moves."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints

from koltrust.cases.models import DecisionOutcome, DecisionStage
from koltrust.cases.states import CaseState, Move
from koltrust.common_schemas import (
    MAX_EVIDENCE_URLS,
    EvidenceUrl,
    ReadModel,
    Slug,
    StrictModel,
    clean_text,
)
from koltrust.sanctions.kinds import SanctionKind
from koltrust.screening.model import Severity

CATEGORY_PATTERN = r"^[a-z0-9]+(?:[_.-][a-z0-9]+)*$"


def _required(value: str) -> str:
    if not value:
        raise ValueError("a reason is required: say why")
    return value


Reason = Annotated[
    str, StringConstraints(max_length=5_000), AfterValidator(clean_text), AfterValidator(_required)
]
RuleId = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Category = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=CATEGORY_PATTERN)]


class CaseCreate(StrictModel):
    """Open a case about an influencer and an issue, on stored findings."""

    influencer: Slug
    category: Category
    finding_ids: list[Annotated[int, Field(ge=1, le=2_147_483_647)]] = Field(
        default_factory=list, max_length=200
    )
    reason: Reason


class MoveIn(StrictModel):
    """Move a case: which move, why, and the version the caller read."""

    move: Move
    reason: Reason
    expected_version: int = Field(ge=1, le=2_147_483_647)


class CaseFilters(StrictModel):
    """Filters of the case list."""

    state: CaseState | None = None
    influencer: Slug | None = None


class CaseEventOut(ReadModel):
    seq: int
    move: str
    from_state: CaseState | None
    to_state: CaseState
    actor: str
    at: datetime
    reason: str
    data: dict[str, Any]


class CaseOut(ReadModel):
    id: int
    influencer: str = Field(validation_alias="influencer_slug")
    category: str
    state: CaseState
    version: int
    opened_at: datetime
    updated_at: datetime
    assigned_to: int | None
    finding_ids: list[int]
    allowed_moves: list[Move]


class CaseReplyOut(ReadModel):
    id: int
    author: str
    text: str
    evidence_urls: list[str]
    at: datetime


class DecisionOut(ReadModel):
    id: int
    stage: DecisionStage
    outcome: DecisionOutcome
    rule_ids: list[str]
    reasoning: str
    evidence: dict[str, Any]
    decided_by: str
    decided_at: datetime


class CaseDetailOut(CaseOut):
    report_ids: list[int]
    reply_due_at: datetime | None
    appeal_due_at: datetime | None
    events: list[CaseEventOut]
    replies: list[CaseReplyOut]
    decisions: list[DecisionOut]


class DecisionIn(StrictModel):
    """Decide a case in review. For a violation: the rules broken; the severity, sanction and
    duration default to the findings' highest severity and the policy's recommendation."""

    outcome: Literal[DecisionOutcome.VIOLATION, DecisionOutcome.NO_VIOLATION]
    rule_ids: list[RuleId] = Field(default_factory=list, max_length=50)
    reasoning: Reason
    expected_version: int = Field(ge=1, le=2_147_483_647)
    severity: Severity | None = None
    sanction: SanctionKind | None = None
    duration_days: int | None = Field(default=None, ge=1, le=3_650)


class ReplyIn(StrictModel):
    """The influencer's reply to a case."""

    text: Reason
    evidence_urls: list[EvidenceUrl] = Field(default_factory=list, max_length=MAX_EVIDENCE_URLS)
    expected_version: int | None = Field(default=None, ge=1, le=2_147_483_647)


class AppealIn(StrictModel):
    """The influencer's appeal of a decision."""

    reason: Reason
    expected_version: int | None = Field(default=None, ge=1, le=2_147_483_647)


class AppealDecisionIn(StrictModel):
    """Decide an appeal: upheld (the decision stands) or overturned."""

    outcome: Literal[DecisionOutcome.UPHELD, DecisionOutcome.OVERTURNED]
    reasoning: Reason
    expected_version: int = Field(ge=1, le=2_147_483_647)
