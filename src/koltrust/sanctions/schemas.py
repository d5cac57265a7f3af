"""API shapes of sanctions and penalty points."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from koltrust.cases.schemas import Reason
from koltrust.common_schemas import ReadModel, Slug, StrictModel
from koltrust.sanctions.kinds import PointKind, SanctionKind, SanctionStatus


class SanctionOut(ReadModel):
    id: int
    influencer: str = Field(validation_alias="influencer_slug")
    case_id: int
    decision_id: int
    kind: SanctionKind
    recommended_kind: SanctionKind
    category: str
    starts_at: datetime
    ends_at: datetime | None
    permanent: bool
    status: SanctionStatus = Field(validation_alias="current_status")
    status_reason: str
    status_changed_at: datetime
    points: int
    version: int


class SanctionFilters(StrictModel):
    status: SanctionStatus | None = None
    influencer: Slug | None = None
    kind: SanctionKind | None = None


class LiftIn(StrictModel):
    """End a sanction early: why, and the version read."""

    reason: Reason
    expected_version: int | None = Field(default=None, ge=1, le=2_147_483_647)


class TrainingCreditIn(StrictModel):
    reason: Reason


class PointEntryOut(ReadModel):
    id: int
    kind: PointKind
    points: int
    at: datetime
    case_id: int | None
    sanction_id: int | None
    refund_of: int | None
    reason: str
    actor: str


class PointStepOut(ReadModel):
    at: datetime
    change: int
    cause: str
    balance: int
    line_id: int | None


class StandingOut(StrictModel):
    influencer: str
    points: int
    next_recovery_at: datetime | None
    next_lapse_at: datetime | None
    steps: list[PointStepOut]
    ledger: list[PointEntryOut]
