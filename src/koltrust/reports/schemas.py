"""API shapes of reports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from koltrust.cases.schemas import Category
from koltrust.common_schemas import (
    MAX_EVIDENCE_URLS,
    EvidenceUrl,
    ReadModel,
    Slug,
    StrictModel,
    clean_text,
)
from koltrust.reports.models import ReportStatus, ReportTarget

MAX_TEXT_CHARS = 5_000


def _required(value: str) -> str:
    if not value:
        raise ValueError("say what is wrong")
    return value


ReportText = Annotated[
    str,
    StringConstraints(max_length=MAX_TEXT_CHARS),
    AfterValidator(clean_text),
    AfterValidator(_required),
]
Contact = Annotated[str, StringConstraints(max_length=300), AfterValidator(clean_text)]


class ReportIn(StrictModel):
    """A report about one stored post (``post_id``) or one influencer (``influencer``)."""

    target: ReportTarget
    post_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    influencer: Slug | None = None
    category: Category
    text: ReportText
    evidence_urls: list[EvidenceUrl] = Field(default_factory=list, max_length=MAX_EVIDENCE_URLS)
    contact: Contact | None = None

    @model_validator(mode="after")
    def _one_target(self) -> ReportIn:
        if self.target is ReportTarget.POST and (self.post_id is None or self.influencer):
            raise ValueError("a report about a post names post_id and no influencer")
        if self.target is ReportTarget.INFLUENCER and (not self.influencer or self.post_id):
            raise ValueError("a report about an influencer names influencer and no post_id")
        return self


class ReportFilters(StrictModel):
    """Filters of the report list."""

    status: ReportStatus | None = None
    category: Category | None = None
    trusted: bool | None = None


class ReportOut(ReadModel):
    id: int
    target: ReportTarget = Field(validation_alias="target_kind")
    post_id: int | None
    influencer_id: int | None
    category: str
    text: str
    evidence_urls: list[str]
    trusted_flagger: bool
    status: ReportStatus
    created_at: datetime


class ReportCreatedOut(ReportOut):
    """The stored report; ``duplicate`` is true when the same report had already been sent
    from this client within 24 hours, and this is that report."""

    duplicate: bool = False


class ReportStaffOut(ReportOut):
    """What analysts see: also the contact and who sent it."""

    contact: str | None
    reporter_user_id: int | None
    reporter_organisation_id: int | None
