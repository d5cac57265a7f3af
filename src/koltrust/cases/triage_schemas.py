"""API shapes of the triage queue and the actions taken from it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from koltrust.cases.schemas import Category, Reason
from koltrust.cases.states import CaseState
from koltrust.cases.triage_queue import Sort
from koltrust.common_schemas import ReadModel, Slug, StrictModel, clean_text
from koltrust.screening.model import Severity

ItemId = Annotated[int, Field(ge=1, le=2_147_483_647)]
ItemIds = Annotated[list[ItemId], Field(max_length=200)]
Assignee = Annotated[str, StringConstraints(pattern=r"^(me|unassigned|[1-9][0-9]{0,8})$")]
Note = Annotated[str, StringConstraints(max_length=5_000), AfterValidator(clean_text)]


class QueueFilters(StrictModel):
    """Filters and order of the queue."""

    category: Category | None = None
    severity: Severity | None = Field(default=None, description="The lowest severity to show.")
    source: Literal["rules", "claims", "report"] | None = None
    influencer: Slug | None = None
    assigned_to: Assignee | None = Field(default=None, description="me, unassigned, or a user id.")
    state: Literal[CaseState.OPEN, CaseState.IN_REVIEW] | None = None
    sort: Sort = Sort.TRUSTED


class ItemsIn(StrictModel):
    """Findings and reports of the queue."""

    finding_ids: ItemIds = Field(default_factory=list)
    report_ids: ItemIds = Field(default_factory=list)


class DismissIn(ItemsIn):
    """Set items aside without a case, and say why."""

    reason: Reason


class AttachIn(ItemsIn):
    """Add items to a case open or in review."""

    reason: Note = ""


class GroupCaseIn(ItemsIn):
    """Open a case from a group of the queue."""

    influencer: Slug
    category: Category
    reason: Reason


class AssignmentIn(StrictModel):
    """Give a case to an analyst (``user_id``) or to nobody (``null``), from the version read."""

    user_id: ItemId | None
    expected_version: int = Field(ge=1, le=2_147_483_647)
    reason: Note = ""


class PendingOut(StrictModel):
    """Items of a pair waiting in the queue (in no case, not dismissed)."""

    findings: int
    suggestions: int
    reports: int
    trusted_reports: int
    highest_severity: Severity | None
    max_confidence: float | None
    oldest_at: datetime | None
    newest_at: datetime | None
    finding_ids: list[int]
    suggestion_ids: list[int]
    report_ids: list[int]


class QueueCaseOut(ReadModel):
    """The case open or in review for a pair."""

    id: int
    state: CaseState
    version: int
    assigned_to: int | None
    opened_at: datetime
    updated_at: datetime
    finding_ids: list[int]
    report_ids: list[int]


class QueueEntryOut(StrictModel):
    """One influencer and category: its case (if any) and what waits."""

    influencer: str | None
    category: str
    severity: Severity | None
    confidence: float | None
    since: datetime | None
    trusted_reports: int
    case: QueueCaseOut | None
    pending: PendingOut


class DismissalOut(ReadModel):
    id: int
    item_kind: str
    item_id: int
    actor: str
    reason: str
    at: datetime


class DismissalsOut(StrictModel):
    dismissals: list[DismissalOut]
