"""The reports table: one report about one stored post or one influencer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from koltrust.db.base import Base
from koltrust.db.types import utcnow
from koltrust.registry.models import enum_column


class ReportTarget(StrEnum):
    POST = "post"
    INFLUENCER = "influencer"


class ReportStatus(StrEnum):
    RECEIVED = "received"


class Report(Base):
    """What someone reported, and about whom. ``client_key_hash`` is an HMAC of the client's
    address (never the address); ``dedupe_key`` names target, category, text and client."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[ReportTarget] = mapped_column(enum_column(ReportTarget, "report_target"))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True
    )
    influencer_id: Mapped[int | None] = mapped_column(
        ForeignKey("influencers.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(60), index=True)
    text: Mapped[str] = mapped_column(Text)
    evidence_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact: Mapped[str | None] = mapped_column(String(300))
    reporter_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reporter_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    trusted_flagger: Mapped[bool] = mapped_column(default=False, index=True)
    client_key_hash: Mapped[str] = mapped_column(String(64), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[ReportStatus] = mapped_column(
        enum_column(ReportStatus, "report_status"), default=ReportStatus.RECEIVED, index=True
    )
