"""API shapes of cases and their moves."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

from koltrust.cases.states import CaseState, Move
from koltrust.common_schemas import ReadModel, Slug, StrictModel, clean_text

CATEGORY_PATTERN = r"^[a-z0-9]+(?:[_.-][a-z0-9]+)*$"


def _required(value: str) -> str:
    if not value:
        raise ValueError("a reason is required: say why")
    return value


Reason = Annotated[
    str, StringConstraints(max_length=5_000), AfterValidator(clean_text), AfterValidator(_required)
]
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


class CaseDetailOut(CaseOut):
    events: list[CaseEventOut]
