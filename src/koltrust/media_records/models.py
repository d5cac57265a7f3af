"""Media tables: an uploaded item, the time-coded text read from it, its findings and the
thumbnails of the frames its on-screen text came from."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base, Timestamped
from koltrust.media.timed import Source
from koltrust.registry.models import enum_column
from koltrust.screening.model import Severity


class MediaStatus(StrEnum):
    """Where an item is in processing."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class MediaItem(Timestamped, Base):
    """One uploaded media file and/or caption file, screened alone or attached to a post."""

    __tablename__ = "media_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[MediaStatus] = mapped_column(
        enum_column(MediaStatus, "media_status"), default=MediaStatus.QUEUED, index=True
    )
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    stored_name: Mapped[str | None] = mapped_column(String(120))
    captions_name: Mapped[str | None] = mapped_column(String(120))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True
    )
    influencer_id: Mapped[int | None] = mapped_column(
        ForeignKey("influencers.id", ondelete="SET NULL"), index=True
    )
    uploaded_by: Mapped[str | None] = mapped_column(String(320))
    requested_language: Mapped[str | None] = mapped_column(String(8))
    paid_partnership: Mapped[bool] = mapped_column(default=False)
    livestream: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str | None] = mapped_column(String(16))
    duration_seconds: Mapped[float | None]
    width: Mapped[int | None]
    height: Mapped[int | None]
    language: Mapped[str | None] = mapped_column(String(8))
    speech_status: Mapped[str | None] = mapped_column(String(20))
    speech_reason: Mapped[str | None] = mapped_column(Text)
    speech_recognizer: Mapped[str | None] = mapped_column(String(80))
    on_screen_status: Mapped[str | None] = mapped_column(String(20))
    on_screen_reason: Mapped[str | None] = mapped_column(Text)
    frames_read: Mapped[int] = mapped_column(default=0)
    rulebook_version: Mapped[str | None] = mapped_column(String(40))
    processing_seconds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    progress_seconds: Mapped[float] = mapped_column(default=0.0)
    started_at: Mapped[datetime | None]
    processed_at: Mapped[datetime | None]

    units: Mapped[list[MediaUnit]] = relationship(
        cascade="all, delete-orphan", order_by="MediaUnit.number", lazy="selectin"
    )
    findings: Mapped[list[MediaFindingRow]] = relationship(
        cascade="all, delete-orphan", order_by="MediaFindingRow.id", lazy="selectin"
    )


class MediaUnit(Base):
    """A caption cue, an on-screen text or a speech segment, timed in seconds."""

    __tablename__ = "media_units"
    __table_args__ = (UniqueConstraint("media_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media_items.id", ondelete="CASCADE"))
    number: Mapped[int]
    source: Mapped[Source] = mapped_column(enum_column(Source, "media_source"))
    t_start: Mapped[float]
    t_end: Mapped[float]
    text: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(default=1.0)
    frame_at: Mapped[float | None]


class MediaFindingRow(Base):
    """A finding in time: the screening finding's fields plus when and from which text."""

    __tablename__ = "media_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[str] = mapped_column(String(120), index=True)
    rule_version: Mapped[int]
    rulebook_version: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"))
    confidence: Mapped[float]
    source: Mapped[Source] = mapped_column(enum_column(Source, "media_source"))
    t_start: Mapped[float]
    t_end: Mapped[float]
    # [unit number, start, end) character ranges of the units the evidence is in
    spans: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    remedy: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    legal_basis: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    shadow: Mapped[bool] = mapped_column(default=False)
    producer: Mapped[str] = mapped_column(String(40), default="rules")
    dsa_category: Mapped[str | None] = mapped_column(String(80))


class MediaThumbnail(Base):
    """A small JPEG of a sampled frame whose on-screen text starts a unit."""

    __tablename__ = "media_thumbnails"
    __table_args__ = (UniqueConstraint("media_id", "t_millis"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media_items.id", ondelete="CASCADE"))
    t_millis: Mapped[int]
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)
