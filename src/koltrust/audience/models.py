"""Imported account statistics. Each import is a row of its own (never updated), so the
estimate behind any past score can be traced; the latest row per account is the one in use.
The authenticity estimate is computed once, at import, so a recompute only reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base
from koltrust.db.types import utcnow
from koltrust.registry.models import Account


class AccountSnapshot(Base):
    """One import of one account's statistics as of ``as_of``. ``history`` is a list of
    ``[ISO day, followers]``; ``follower_samples`` a list of the 8 InstaFake features as
    objects; ``parts`` the authenticity parts (``[{"code", "value", "weight", "share",
    "points", "reason", "details"}]``, their points adding up to ``authenticity``) and
    ``missing`` the codes of the parts the statistics had no data for. One snapshot per
    account and day (``as_of``)."""

    __tablename__ = "account_snapshots"
    __table_args__ = (
        Index("ix_account_snapshots_account_as_of", "account_id", "as_of", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    as_of: Mapped[datetime]
    followers: Mapped[int]
    following: Mapped[int]
    posts: Mapped[int]
    engagement_per_post: Mapped[float | None] = mapped_column(Float)
    history: Mapped[list[Any]] = mapped_column(JSON, default=list)
    comments: Mapped[list[str]] = mapped_column(JSON, default=list)
    follower_samples: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    authenticity: Mapped[float | None] = mapped_column(Float)
    provisional: Mapped[bool] = mapped_column(default=False)
    parts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    missing: Mapped[list[str]] = mapped_column(JSON, default=list)
    imported_by: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account] = relationship(lazy="joined")
