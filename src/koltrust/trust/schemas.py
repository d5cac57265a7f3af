"""API shapes of the public trust index: a stored score with its explained contributions, its
history, and the directory."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class BandName(BaseModel):
    vi: str
    en: str


class ContributionOut(BaseModel):
    """One criterion's share of the total, with the reason in the request's language and the
    ids of the evidence behind it (``post:12``, ``case:3``...)."""

    criterion: str
    criterion_name: str
    pillar: str
    points: int
    max_points: int
    reason: str
    reason_code: str
    evidence: list[str]


class CertificateOut(BaseModel):
    """The latest certificate, whatever its status (active, suspended, revoked, expired)."""

    code: str
    status: str
    issued_at: datetime
    expires_at: datetime
    verify_url: str


class ScoreOut(BaseModel):
    """An influencer's current trust score; ``contributions`` add up to ``total``."""

    slug: str
    total: int
    band: str
    band_name: BandName
    provisional: bool
    provisional_reasons: list[str]
    interval: tuple[int, int]
    methodology_version: str
    computed_at: datetime
    language: str
    contributions: list[ContributionOut]
    certificate: CertificateOut | None


class HistoryPointOut(BaseModel):
    computed_at: datetime
    total: int
    band: str
    provisional: bool
    methodology_version: str
    trigger: str


class ScoreHistoryOut(BaseModel):
    """Every change of the score (total, band or provisional), oldest first; empty before the
    first score."""

    slug: str
    points: list[HistoryPointOut]


class DirectoryItemOut(BaseModel):
    """One influencer of the directory; the score fields are null before the first score."""

    slug: str
    display_name: str
    niche: str
    province: str
    platforms: list[str]
    total: int | None
    band: str | None
    band_name: BandName | None
    provisional: bool | None
    computed_at: datetime | None
    score_url: str
    badge_url: str


class DirectoryOut(BaseModel):
    items: list[DirectoryItemOut]
    total: int
    page: int
    per_page: int
    pages: int
