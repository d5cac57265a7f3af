"""The fact-check store: one row per fact-check, identified by the core's stable id."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from koltrust.claims.model import FactCheck
from koltrust.db.base import Base
from koltrust.db.types import utcnow


class StoredFactCheck(Base):
    """A fact-check as imported. ``id`` is ``FactCheck.id``, the SHA-256 of ``key`` (URL or
    normalised claim), so the primary key is what dedupes; ``key`` itself is kept for reading
    (a claim key can be 5,000 characters, too long for a PostgreSQL b-tree index)."""

    __tablename__ = "fact_checks"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    claim: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(20), index=True)
    publisher: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date | None]
    language: Mapped[str] = mapped_column(String(8), index=True)
    external_id: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def to_fact_check(self) -> FactCheck:
        """The core's value object for this row."""
        return FactCheck(
            claim=self.claim,
            rating=self.rating,
            verdict=self.verdict,
            title=self.title,
            publisher=self.publisher,
            url=self.url,
            date=self.published_on.isoformat() if self.published_on else None,
            language=self.language,
            external_id=self.external_id,
        )
