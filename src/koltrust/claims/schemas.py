"""API shapes of the fact-check store and of claim matching."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from koltrust.claims.models import StoredFactCheck
from koltrust.claims.ratings import VERDICTS
from koltrust.claims.service import Filters
from koltrust.common_schemas import StrictModel, Text
from koltrust.registry.reference import Language


class FactCheckOut(BaseModel):
    """A stored fact-check."""

    id: str
    claim: str
    title: str
    rating: str
    verdict: str
    publisher: str
    url: str
    date: date | None
    language: str
    external_id: str
    source_file: str
    created_at: datetime


def fact_check_out(row: StoredFactCheck) -> FactCheckOut:
    """The API shape of a stored fact-check."""
    return FactCheckOut(
        id=row.id,
        claim=row.claim,
        title=row.title,
        rating=row.rating,
        verdict=row.verdict,
        publisher=row.publisher,
        url=row.url,
        date=row.published_on,
        language=row.language,
        external_id=row.external_id,
        source_file=row.source_file,
        created_at=row.created_at,
    )


class FactCheckFilters(StrictModel):
    q: Text | None = Field(default=None, max_length=200)
    language: Language | None = None
    verdict: str | None = None

    @field_validator("verdict")
    @classmethod
    def _known_verdict(cls, value: str | None) -> str | None:
        if value is not None and value not in VERDICTS:
            raise ValueError(f"use one of {', '.join(VERDICTS)}")
        return value

    def to_filters(self) -> Filters:
        """The service's filters."""
        language = self.language.value if self.language else None
        return Filters(q=self.q, language=language, verdict=self.verdict)


class RejectOut(BaseModel):
    where: str
    reason: str


class ImportReportOut(BaseModel):
    """What an import stored and what it left out."""

    source: str
    format: str
    added: int
    already_stored: int
    duplicates: int
    rejected: int
    rejects: list[RejectOut]
    added_ids: list[str]


class MatchIn(StrictModel):
    """A text to match against the stored fact-checks."""

    model_config = StrictModel.model_config | {"str_max_length": 1_000_000}

    text: str = Field(description="At most 20,000 characters.")
    k: int = Field(default=5, ge=1, le=20)
    language: Language | None = None


class MatchOut(BaseModel):
    """The best fact-checks for a text, best first (``Match.to_dict()`` each)."""

    matches: list[dict[str, Any]]
