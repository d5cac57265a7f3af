"""The demo's clips, screened and stored like an upload: a Vietnamese livestream and an
English review, with their findings on the timeline of /media/{id}."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from sqlalchemy.orm import Session

from koltrust.auth.permissions import Actor
from koltrust.config import Settings
from koltrust.demo.media_scripts import CLIPS, DemoClip
from koltrust.media.pipeline import analyse
from koltrust.media.report import screen_media
from koltrust.media_records import processing, service
from koltrust.screening.engine import Engine
from koltrust.screening.loader import load_rulebook


def load_demo_media(session: Session, settings: Settings, *, analyst: Actor) -> list[int]:
    """Screen and store each demo clip; the ids of the media items."""
    engine = Engine(load_rulebook(settings.rulebook_folder()))
    folder = files("koltrust.demo").joinpath("data/media")
    stored = []
    with as_file(folder) as path:
        for clip in CLIPS:
            stored.append(_load_clip(session, settings, engine, analyst, clip, path))
    return stored


def _load_clip(
    session: Session,
    settings: Settings,
    engine: Engine,
    analyst: Actor,
    clip: DemoClip,
    folder: Path,
) -> int:
    video = folder / clip.video
    captions = folder / clip.captions if clip.captions else None
    options = processing.media_options(settings, language=clip.language)
    analysis = analyse(video, captions=captions.read_bytes() if captions else None, options=options)
    report = screen_media(
        engine, analysis, disclosure_window=settings.media_disclosure_window_seconds
    )
    request = service.MediaRequest(
        title=clip.title,
        language=clip.language,
        influencer_slug=clip.influencer,
        livestream=clip.livestream,
    )
    item = processing.store_screened(
        session,
        actor=analyst,
        settings=settings,
        files=(video, captions),
        request=request,
        report=report,
        engine=engine,
    )
    return item.id
