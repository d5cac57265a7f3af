"""API shapes of campaigns, participations and corrections. Who recorded a row stays in the
database and the audit log; the public shapes leave it out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from koltrust.audience.schemas import Moment
from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction
from koltrust.common_schemas import EvidenceUrl, Name, Slug, StrictModel, Text

Description = Annotated[Text, Field(max_length=5_000)]
Note = Annotated[Text, Field(max_length=2_000)]


class CampaignCreate(StrictModel):
    """A new campaign; the slug is made from the name when not given."""

    name: Name
    slug: Slug | None = None
    description: Description = ""
    starts_on: date
    ends_on: date | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> CampaignCreate:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError(f"ends_on ({self.ends_on}) is before starts_on ({self.starts_on})")
        return self


class CampaignOut(BaseModel):
    """A campaign and how many influencers joined it."""

    id: int
    evidence: str
    slug: str
    name: str
    description: str
    starts_on: date
    ends_on: date | None
    participants: int


def campaign_out(campaign: Campaign, participants: int) -> CampaignOut:
    """The API shape of a campaign."""
    return CampaignOut(
        id=campaign.id,
        evidence=f"campaign:{campaign.id}",
        slug=campaign.slug,
        name=campaign.name,
        description=campaign.description,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        participants=participants,
    )


class ParticipationIn(StrictModel):
    """An influencer's part in a campaign: when, and the post or page that shows it."""

    influencer: Slug
    joined_at: Moment
    evidence_url: EvidenceUrl | None = None


class ParticipationOut(BaseModel):
    """One influencer's part in one campaign."""

    id: int
    campaign: str
    influencer: str
    display_name: str
    joined_at: datetime
    evidence_url: str | None


def participation_out(row: CampaignParticipation) -> ParticipationOut:
    """The API shape of a participation."""
    return ParticipationOut(
        id=row.id,
        campaign=row.campaign.slug,
        influencer=row.influencer.slug,
        display_name=row.influencer.display_name,
        joined_at=row.joined_at,
        evidence_url=row.evidence_url,
    )


class CampaignDetailOut(CampaignOut):
    """A campaign with everyone who joined it, earliest first."""

    participations: list[ParticipationOut]


class CorrectionIn(StrictModel):
    """A correction the influencer published: where (http or https), when, and optionally
    the case it corrects."""

    url: EvidenceUrl
    published_at: Moment
    case_id: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = None
    note: Note = ""


class CorrectionOut(BaseModel):
    """A published correction."""

    id: int
    evidence: str
    influencer: str
    case_id: int | None
    url: str
    published_at: datetime
    note: str


def correction_out(row: Correction) -> CorrectionOut:
    """The API shape of a correction."""
    return CorrectionOut(
        id=row.id,
        evidence=f"correction:{row.id}",
        influencer=row.influencer.slug,
        case_id=row.case_id,
        url=row.url,
        published_at=row.published_at,
        note=row.note,
    )
