"""Processing queued media items: claim one, read and screen it outside any transaction, then
store everything it produced in one transaction (or record why it failed)."""

from __future__ import annotations

import logging
import mimetypes
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import Actor
from koltrust.config import Settings
from koltrust.content.models import Post
from koltrust.content.runs import rescreen_with
from koltrust.db.session import transaction, writing
from koltrust.db.types import utcnow
from koltrust.media.findings import MediaFinding
from koltrust.media.pipeline import MediaOptions, analyse
from koltrust.media.report import MediaReport, screen_media
from koltrust.media.timed import MediaError
from koltrust.media_records import service
from koltrust.media_records.models import (
    MediaFindingRow,
    MediaItem,
    MediaStatus,
    MediaThumbnail,
    MediaUnit,
)
from koltrust.screening.engine import Engine
from koltrust.screening.model import Severity

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 3.0
# a worker that died mid-item leaves it "processing"; after this long it is queued again
STALE_AFTER = timedelta(hours=6)


def claim(session_factory: sessionmaker[Session], media_id: int, now: datetime) -> bool:
    """Take a queued item for processing; False when another worker took it first."""
    with writing(session_factory) as session:
        taken = session.execute(
            update(MediaItem)
            .where(MediaItem.id == media_id, MediaItem.status == MediaStatus.QUEUED)
            .values(status=MediaStatus.PROCESSING, started_at=now, progress_seconds=0.0)
        )
        return bool(getattr(taken, "rowcount", 0))


def queued_ids(session_factory: sessionmaker[Session], now: datetime) -> list[int]:
    """Items waiting, oldest first (stale ones queued again first)."""
    with writing(session_factory) as session:
        session.execute(
            update(MediaItem)
            .where(
                MediaItem.status == MediaStatus.PROCESSING,
                MediaItem.started_at < now - STALE_AFTER,
            )
            .values(status=MediaStatus.QUEUED)
        )
        query = select(MediaItem.id).where(MediaItem.status == MediaStatus.QUEUED)
        return list(session.scalars(query.order_by(MediaItem.id)))


def process_queued(
    session_factory: sessionmaker[Session], settings: Settings, engine: Callable[[], Engine]
) -> list[int]:
    """Process every queued item; the ids processed (done or failed)."""
    done = []
    for media_id in queued_ids(session_factory, utcnow()):
        if claim(session_factory, media_id, utcnow()):
            process(session_factory, settings, engine(), media_id)
            done.append(media_id)
    return done


def process(
    session_factory: sessionmaker[Session], settings: Settings, engine: Engine, media_id: int
) -> MediaStatus:
    """Read, screen and store one claimed item; a failure is recorded on the item."""
    with transaction(session_factory) as session:
        item = session.get(MediaItem, media_id)
        if item is None:
            return MediaStatus.FAILED
        job = _Job(item, settings)
    try:
        report = job.run(engine, _progress_writer(session_factory, media_id))
    except MediaError as error:
        return _failed(session_factory, media_id, error.code, error.message)
    except Exception as error:  # a bug must not leave the item "processing" forever
        log.exception("processing media item %s failed", media_id)
        return _failed(session_factory, media_id, "internal_error", f"processing failed: {error}")
    with writing(session_factory) as session:
        item = session.get(MediaItem, media_id)
        if item is None:
            return MediaStatus.FAILED
        store_report(session, item, report, engine)
    return MediaStatus.DONE


def media_options(
    settings: Settings, *, language: str | None, ocr: bool = True, speech: bool = True
) -> MediaOptions:
    """How to read media, as the settings say (frame interval, length limit, tessdata)."""
    return MediaOptions(
        language=language,
        frame_every=settings.media_frame_every_seconds,
        max_seconds=settings.media_max_seconds,
        tessdata=settings.tessdata_path,
        ocr=ocr,
        speech=speech,
    )


def store_screened(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    files: tuple[Path | None, Path | None],
    request: service.MediaRequest,
    report: MediaReport,
    engine: Engine,
) -> MediaItem:
    """Keep files on disk (media, captions) that were screened outside the worker (the CLI's
    ``--store``, the demo), with their report, as an uploaded item would be kept."""
    media, captions = files
    with ExitStack() as stack:
        uploads = [
            service.Upload(stack.enter_context(path.open("rb")), path.name, _type_of(path))
            if path is not None
            else None
            for path in (media, captions)
        ]
        item = service.submit(
            session,
            actor=actor,
            settings=settings,
            media=uploads[0],
            captions=uploads[1],
            request=request,
        )
    store_report(session, item, report, engine)
    return item


def _type_of(path: Path) -> str | None:
    return mimetypes.guess_type(path.name)[0]


class _Job:
    """What processing one item needs, read while its row was at hand."""

    def __init__(self, item: MediaItem, settings: Settings) -> None:
        folder = settings.media_dir
        self.media = folder / item.stored_name if item.stored_name else None
        self.captions = folder / item.captions_name if item.captions_name else None
        self.id = str(item.id)
        self.paid_partnership = item.paid_partnership
        self.window = settings.media_disclosure_window_seconds
        self.options = media_options(settings, language=item.requested_language)

    def run(
        self, engine: Engine, progress: Callable[[str, float, float | None], None]
    ) -> MediaReport:
        for path in (self.media, self.captions):
            if path is not None and not path.exists():
                raise MediaError("file_missing", f"the stored file {path.name} is gone")
        captions = self.captions.read_bytes() if self.captions is not None else None
        analysis = analyse(self.media, captions=captions, options=self.options, progress=progress)
        return screen_media(
            engine,
            analysis,
            media_id=self.id,
            paid_partnership=self.paid_partnership,
            disclosure_window=self.window,
        )


def store_report(session: Session, item: MediaItem, report: MediaReport, engine: Engine) -> None:
    """Replace the item's units, findings and thumbnails with the report's and mark it done;
    the findings of media attached to a post become the post's too (triage, cases, score)."""
    _store_media(session, item, report, engine.rulebook.version)
    if item.post_id is not None:
        post = session.get(Post, item.post_id)
        if post is not None:
            extra = [finding.as_post_finding(item.id) for finding in report.findings]
            rescreen_with(session, post=post, engine=engine, extra=extra)


def _store_media(session: Session, item: MediaItem, report: MediaReport, rulebook: str) -> None:
    analysis = report.analysis
    item.units.clear()
    item.findings.clear()
    session.execute(delete(MediaThumbnail).where(MediaThumbnail.media_id == item.id))
    session.flush()
    for number, unit in enumerate(analysis.units):
        item.units.append(
            MediaUnit(
                number=number,
                source=unit.source,
                t_start=unit.t_start,
                t_end=unit.t_end,
                text=unit.text,
                confidence=unit.confidence,
                frame_at=unit.frame_at,
            )
        )
    for finding in report.findings:
        item.findings.append(_finding_row(finding))
    for thumbnail in analysis.thumbnails:
        session.add(
            MediaThumbnail(
                media_id=item.id, t_millis=round(thumbnail.t * 1000), jpeg=thumbnail.jpeg
            )
        )
    _describe_outcome(item, report, rulebook)
    session.flush()


def _finding_row(placed: MediaFinding) -> MediaFindingRow:
    finding = placed.finding
    return MediaFindingRow(
        rule_id=finding.rule_id,
        rule_version=finding.rule_version,
        rulebook_version=finding.rulebook_version,
        category=finding.category,
        severity=Severity(finding.severity),
        confidence=finding.confidence,
        source=placed.source,
        t_start=placed.t_start,
        t_end=placed.t_end,
        spans=[[span.unit, span.start, span.end] for span in placed.spans],
        excerpt=finding.excerpt,
        explanation=dict(finding.explanation),
        remedy=dict(finding.remedy),
        legal_basis=dict(finding.legal_basis),
        shadow=finding.shadow,
        producer=finding.source,
        dsa_category=finding.dsa_category,
    )


def _describe_outcome(item: MediaItem, report: MediaReport, rulebook: str) -> None:
    analysis = report.analysis
    item.status = MediaStatus.DONE
    item.error_code = item.error_message = None
    item.language = analysis.language
    item.speech_status = analysis.speech.status
    item.speech_reason = analysis.speech.reason
    item.speech_recognizer = analysis.speech.recognizer
    item.on_screen_status = analysis.on_screen.status
    item.on_screen_reason = analysis.on_screen.reason
    item.frames_read = analysis.on_screen.items
    item.rulebook_version = rulebook
    item.processing_seconds = dict(analysis.seconds)
    item.progress_seconds = item.duration_seconds or 0.0
    item.processed_at = utcnow()


def _failed(
    session_factory: sessionmaker[Session], media_id: int, code: str, message: str
) -> MediaStatus:
    with writing(session_factory) as session:
        item = session.get(MediaItem, media_id)
        if item is not None:
            item.status = MediaStatus.FAILED
            item.error_code = code
            item.error_message = message[:2000]
            item.processed_at = utcnow()
    return MediaStatus.FAILED


def _progress_writer(
    session_factory: sessionmaker[Session], media_id: int
) -> Callable[[str, float, float | None], None]:
    """Records how far processing got, at most every few seconds (each in its own small
    transaction, so the page can show it while the work goes on)."""
    last = time.monotonic()

    def record(stage: str, seconds: float, total: float | None) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_EVERY_SECONDS:
            return
        last = now
        with writing(session_factory) as session:
            session.execute(
                update(MediaItem)
                .where(MediaItem.id == media_id, MediaItem.progress_seconds < seconds)
                .values(progress_seconds=seconds)
            )

    return record
