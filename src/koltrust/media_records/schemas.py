"""API shapes of media items."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from koltrust.media_records.models import MediaFindingRow, MediaItem, MediaUnit


class StageOut(BaseModel):
    """What happened to one kind of text: speech or on-screen text."""

    status: str | None
    reason: str | None


class UnitOut(BaseModel):
    """A caption cue, on-screen text or speech segment."""

    number: int
    source: str
    t_start: float
    t_end: float
    text: str
    confidence: float


class MediaFindingOut(BaseModel):
    """A finding with its time range, source and spans ``[unit, start, end]``."""

    id: int
    rule_id: str
    rule_version: int
    rulebook_version: str
    category: str
    severity: str
    confidence: float
    source: str
    t_start: float
    t_end: float
    spans: list[list[int]]
    excerpt: str
    explanation: dict[str, str]
    remedy: dict[str, str]
    legal_basis: dict[str, str]
    shadow: bool
    producer: str
    dsa_category: str | None


class MediaOut(BaseModel):
    """A media item, its processing state and, once done, its text and findings."""

    id: int
    status: str
    error_code: str | None
    error_message: str | None
    title: str
    filename: str | None
    kind: str | None
    duration_seconds: float | None
    language: str | None
    post_id: int | None
    paid_partnership: bool
    livestream: bool
    progress_seconds: float
    speech: StageOut
    on_screen: StageOut
    rulebook_version: str | None
    processing_seconds: dict[str, float]
    created_at: datetime
    processed_at: datetime | None
    page: str
    units: list[UnitOut]
    findings: list[MediaFindingOut]


def media_out(item: MediaItem) -> MediaOut:
    """The API shape of ``item``."""
    return MediaOut(
        id=item.id,
        status=item.status.value,
        error_code=item.error_code,
        error_message=item.error_message,
        title=item.title,
        filename=item.filename,
        kind=item.kind,
        duration_seconds=item.duration_seconds,
        language=item.language or item.requested_language,
        post_id=item.post_id,
        paid_partnership=item.paid_partnership,
        livestream=item.livestream,
        progress_seconds=item.progress_seconds,
        speech=StageOut(status=item.speech_status, reason=item.speech_reason),
        on_screen=StageOut(status=item.on_screen_status, reason=item.on_screen_reason),
        rulebook_version=item.rulebook_version,
        processing_seconds=item.processing_seconds or {},
        created_at=item.created_at,
        processed_at=item.processed_at,
        page=f"/media/{item.id}",
        units=[_unit_out(unit) for unit in item.units],
        findings=[_finding_out(row) for row in item.findings],
    )


def _unit_out(unit: MediaUnit) -> UnitOut:
    return UnitOut(
        number=unit.number,
        source=unit.source.value,
        t_start=unit.t_start,
        t_end=unit.t_end,
        text=unit.text,
        confidence=unit.confidence,
    )


def _finding_out(row: MediaFindingRow) -> MediaFindingOut:
    return MediaFindingOut(
        id=row.id,
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        rulebook_version=row.rulebook_version,
        category=row.category,
        severity=row.severity.value,
        confidence=row.confidence,
        source=row.source.value,
        t_start=row.t_start,
        t_end=row.t_end,
        spans=row.spans,
        excerpt=row.excerpt,
        explanation=row.explanation,
        remedy=row.remedy,
        legal_basis=row.legal_basis,
        shadow=row.shadow,
        producer=row.producer,
        dsa_category=row.dsa_category,
    )
