"""Queries on media items."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.media_records.models import MediaItem, MediaThumbnail


def page_of_items(session: Session, *, page: int, per_page: int) -> tuple[list[MediaItem], int]:
    """Media items newest first, and how many there are."""
    total = session.scalar(select(func.count()).select_from(MediaItem)) or 0
    rows = session.scalars(
        select(MediaItem)
        .order_by(MediaItem.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(rows), total


def thumbnail(session: Session, media_id: int, t_millis: int) -> MediaThumbnail | None:
    """The thumbnail of ``media_id`` taken at ``t_millis``."""
    return session.scalar(
        select(MediaThumbnail).where(
            MediaThumbnail.media_id == media_id, MediaThumbnail.t_millis == t_millis
        )
    )


def thumbnail_times(session: Session, media_id: int) -> list[int]:
    """When each thumbnail of ``media_id`` was taken (milliseconds), in order."""
    return list(
        session.scalars(
            select(MediaThumbnail.t_millis)
            .where(MediaThumbnail.media_id == media_id)
            .order_by(MediaThumbnail.t_millis)
        )
    )
