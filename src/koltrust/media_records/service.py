"""Media items: accepted (files stored, media probed, captions checked, all before anything
is recorded), then processed by a worker into time-coded text, findings and thumbnails."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.config import Settings
from koltrust.content import repository as posts
from koltrust.errors import MediaRejected, NotFound, ValidationFailed
from koltrust.media import decode
from koltrust.media.captions import parse_captions
from koltrust.media.timed import MediaError
from koltrust.media_records import storage
from koltrust.media_records.models import MediaItem, MediaStatus
from koltrust.registry import repository as registry
from koltrust.screening.model import LANGUAGES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    """A file as received: its content and the name and type the sender gave."""

    stream: BinaryIO
    filename: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class MediaRequest:
    """What the sender says about the media."""

    title: str | None = None
    language: str | None = None
    post_id: int | None = None
    influencer_slug: str | None = None
    paid_partnership: bool = False
    livestream: bool = False


def submit(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    media: Upload | None,
    captions: Upload | None,
    request: MediaRequest,
) -> MediaItem:
    """Store the files and queue the item. Bad media or captions raise ``MediaRejected``
    before any row is written (a newly stored file is removed again)."""
    authorize(actor, Action.SUBMIT_POSTS)
    if media is None and captions is None:
        raise ValidationFailed("Send a media file, a caption file, or both", field="media")
    item = MediaItem(
        status=MediaStatus.QUEUED,
        title=(request.title or "").strip()[:200],
        uploaded_by=actor.label,
        requested_language=_language(request.language),
        paid_partnership=request.paid_partnership,
        livestream=request.livestream,
        post_id=_post_id(session, request.post_id),
        influencer_id=_influencer_id(session, request),
    )
    with _kept_only_if_accepted(settings.media_dir) as stored:
        if captions is not None:
            caption_file = _stored(settings, captions, stored)
            _check_captions(settings.media_dir / caption_file.name, item.requested_language)
            item.captions_name = caption_file.name
        if media is not None:
            media_file = _stored(settings, media, stored)
            _describe(item, settings, media_file, media)
    item.title = item.title or item.filename or "captions"
    session.add(item)
    session.flush()
    return item


@contextmanager
def _kept_only_if_accepted(folder: Path) -> Iterator[list[storage.StoredFile]]:
    stored: list[storage.StoredFile] = []
    try:
        yield stored
    except BaseException:
        for file in stored:
            if file.created:
                storage.remove(folder, file.name)
        raise


def _stored(
    settings: Settings, upload: Upload, stored: list[storage.StoredFile]
) -> storage.StoredFile:
    file = storage.store(
        settings.media_dir,
        upload.stream,
        filename=upload.filename,
        max_bytes=settings.media_max_upload_bytes,
    )
    stored.append(file)
    if file.size == 0:
        raise MediaRejected(f"'{upload.filename or 'the file'}' is empty", reason="empty_file")
    return file


def _check_captions(path: Path, language: str | None) -> None:
    try:
        parse_captions(path.read_bytes(), language=language)
    except MediaError as error:
        raise MediaRejected(error.message, reason=error.code, field="captions") from error


def _describe(
    item: MediaItem, settings: Settings, file: storage.StoredFile, upload: Upload
) -> None:
    try:
        info = decode.probe(settings.media_dir / file.name, max_seconds=settings.media_max_seconds)
    except MediaError as error:
        raise MediaRejected(error.message, reason=error.code, field="media") from error
    item.stored_name = file.name
    item.sha256 = file.sha256
    item.size_bytes = file.size
    item.filename = (upload.filename or "")[:255] or None
    item.content_type = (upload.content_type or "")[:100] or None
    item.kind = info.kind
    item.duration_seconds = info.duration
    item.width, item.height = info.width, info.height


def _language(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower()
    if code not in LANGUAGES:
        raise ValidationFailed(
            f"Unknown language '{language}'; use one of {', '.join(LANGUAGES)}", field="language"
        )
    return code


def _post_id(session: Session, post_id: int | None) -> int | None:
    if post_id is not None and posts.post_by_id(session, post_id) is None:
        raise ValidationFailed(f"There is no post {post_id}", field="post_id")
    return post_id


def _influencer_id(session: Session, request: MediaRequest) -> int | None:
    if request.influencer_slug:
        influencer = registry.influencer_by_slug(session, request.influencer_slug)
        if influencer is None:
            raise ValidationFailed(
                f"There is no influencer '{request.influencer_slug}'", field="influencer"
            )
        return influencer.id
    if request.post_id is not None:
        post = posts.post_by_id(session, request.post_id)
        return post.influencer_id if post is not None else None
    return None


def get_item(session: Session, *, actor: Actor, media_id: int) -> MediaItem:
    """A media item the actor may read: staff all, an influencer theirs, and whoever
    uploaded it (a platform reads what it sent)."""
    item = session.get(MediaItem, media_id)
    if item is None:
        raise NotFound(f"There is no media item {media_id}")
    if actor.is_anonymous or actor.label != item.uploaded_by:
        authorize(actor, Action.READ_POSTS, influencer_id=item.influencer_id)
    return item


def file_path(settings: Settings, item: MediaItem) -> Path | None:
    """Where the item's media file is kept, if it has one and it is still there."""
    if item.stored_name is None:
        return None
    path = settings.media_dir / item.stored_name
    return path if path.exists() else None
