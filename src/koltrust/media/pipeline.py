"""From a media file and/or captions to time-coded text: captions read, on-screen text read
from sampled frames, speech transcribed when an installed recogniser covers its language.

On-screen text and speech run side by side when the spoken language is known up front (both
libraries release the GIL, so two cores are used); otherwise the captions or on-screen text
decide the language first, since transcribing speech in a language the recogniser does not
cover would invent text.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeVar

from PIL import Image
from rapidfuzz import fuzz

from koltrust.media import asr, decode, ocr
from koltrust.media.captions import parse_captions
from koltrust.media.timed import MediaError, Source, TimedText
from koltrust.text.langid import identify

_T = TypeVar("_T")
Progress = Callable[[str, float, float | None], None]
# on-screen text follows the market, not the voice: Vietnamese captions over English speech
# are common, so Vietnamese is always read (its model reads plain Latin letters well too)
OCR_LANGUAGES = {"fr": ("fra", "vie"), "id": ("ind", "vie")}
DEFAULT_OCR_LANGUAGES = ("vie", "eng")
# text needed (characters, identification confidence) before it decides the spoken language
LANGUAGE_EVIDENCE = (40, 0.9)
OWN_LANGUAGE_CHARS = 15
THUMBNAIL_WIDTH = 320
SAME_TEXT_RATIO = 90
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class MediaOptions:
    """How to process one media file (the settings supply the defaults)."""

    language: str | None = None
    frame_every: float = 1.0
    max_seconds: float = 4 * 3600
    tessdata: Path | None = None
    ocr: bool = True
    speech: bool = True
    max_thumbnails: int = 200


@dataclass(frozen=True)
class StageOutcome:
    """What happened to one kind of text (on-screen text here; speech has its own)."""

    status: Literal["read", "not_available", "not_applicable"]
    reason: str | None = None
    items: int = 0


@dataclass(frozen=True)
class Thumbnail:
    """A small JPEG of the frame sampled at ``t`` seconds."""

    t: float
    jpeg: bytes


@dataclass(frozen=True)
class MediaAnalysis:
    """Everything read from one media file and its captions, before screening."""

    info: decode.MediaInfo | None
    language: str | None
    units: tuple[TimedText, ...]
    speech: asr.SpeechOutcome
    on_screen: StageOutcome
    thumbnails: tuple[Thumbnail, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


def analyse(
    path: Path | None,
    *,
    captions: bytes | None = None,
    options: MediaOptions = MediaOptions(),
    progress: Progress | None = None,
) -> MediaAnalysis:
    """Read ``path`` (video, audio or image) and ``captions``; raises ``MediaError`` for media
    that cannot be processed and for captions with broken timing."""
    if path is None and captions is None:
        raise MediaError("no_media", "give a media file, a caption file, or both")
    language = asr.normalise_language(options.language)
    cues = parse_captions(captions, language=language) if captions is not None else []
    language = language or _decided_language(cues)
    if path is None:
        nothing = StageOutcome("not_applicable", "no media file: captions only")
        silent = asr.SpeechOutcome("no_audio", "no media file: captions only", None, language)
        return MediaAnalysis(None, language, tuple(cues), silent, nothing)
    info = decode.probe(path, max_seconds=options.max_seconds)
    seconds: dict[str, float] = {}
    if language is None and options.ocr and info.kind == "video":
        # the on-screen text decides the spoken language before any speech is transcribed
        screen = _timed(seconds, "ocr", lambda: _read_screen(path, info, None, options, progress))
        language = _decided_language(list(screen.units))
        heard = _timed(seconds, "asr", lambda: _hear(path, info, language, options, progress))
    else:
        screen, heard = _side_by_side(path, info, language, options, progress, seconds)
    units = sorted([*cues, *screen.units, *heard.units], key=lambda u: (u.t_start, u.source.value))
    return MediaAnalysis(
        info,
        language or _decided_language(units),
        tuple(units),
        heard.outcome,
        screen.outcome,
        screen.thumbnails,
        seconds,
    )


@dataclass(frozen=True)
class _Screen:
    units: tuple[TimedText, ...]
    outcome: StageOutcome
    thumbnails: tuple[Thumbnail, ...] = ()


@dataclass(frozen=True)
class _Heard:
    units: tuple[TimedText, ...]
    outcome: asr.SpeechOutcome


def _side_by_side(
    path: Path,
    info: decode.MediaInfo,
    language: str | None,
    options: MediaOptions,
    progress: Progress | None,
    seconds: dict[str, float],
) -> tuple[_Screen, _Heard]:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="koltrust-asr") as pool:
        hearing = pool.submit(
            _timed, seconds, "asr", lambda: _hear(path, info, language, options, progress)
        )
        screen = _timed(
            seconds, "ocr", lambda: _read_screen(path, info, language, options, progress)
        )
        return screen, hearing.result()


def _timed(seconds: dict[str, float], stage: str, work: Callable[[], _T]) -> _T:
    started = time.perf_counter()
    try:
        return work()
    finally:
        seconds[stage] = round(time.perf_counter() - started, 3)


def _decided_language(units: list[TimedText]) -> str | None:
    text = " ".join(unit.text for unit in units)
    minimum, confidence = LANGUAGE_EVIDENCE
    if len(text) < minimum:
        return None
    guess = identify(text[:5_000])
    return guess.language if guess.confidence >= confidence else None


def _hear(
    path: Path,
    info: decode.MediaInfo,
    language: str | None,
    options: MediaOptions,
    progress: Progress | None,
) -> _Heard:
    if not info.has_audio:
        return _Heard((), asr.no_audio())
    if not options.speech:
        return _Heard((), asr.SpeechOutcome("not_transcribed", "speech turned off", None, language))
    recognizer = asr.recognizer_for(language)
    if recognizer is None or language is None:
        return _Heard((), asr.not_transcribed(language))
    units: list[TimedText] = []
    for start, samples in decode.audio_samples(
        path, max_seconds=options.max_seconds, chunk_seconds=asr.CHUNK_SECONDS
    ):
        units.extend(recognizer.transcribe(samples, offset=start, language=language))
        if progress is not None:
            progress("speech", start + len(samples) / asr.SAMPLE_RATE, info.duration)
    return _Heard(tuple(units), asr.transcribed(recognizer, language))


def _read_screen(
    path: Path,
    info: decode.MediaInfo,
    language: str | None,
    options: MediaOptions,
    progress: Progress | None,
) -> _Screen:
    if not options.ocr or info.kind == "audio":
        return _Screen((), StageOutcome("not_applicable"))
    try:
        reader = ocr.TesseractReader(
            options.tessdata, OCR_LANGUAGES.get(language or "", DEFAULT_OCR_LANGUAGES)
        )
    except ocr.OcrUnavailable as unavailable:
        return _Screen((), StageOutcome("not_available", str(unavailable)))
    with reader:
        if info.kind == "image":
            frames: Iterator[decode.Frame] = iter([decode.Frame(0.0, decode.load_image(path))])
        else:
            frames = decode.sample_frames(
                path, every=options.frame_every, max_seconds=options.max_seconds
            )
        return _screen_text(reader, frames, info, options, progress)


def _screen_text(
    reader: ocr.TesseractReader,
    frames: Iterator[decode.Frame],
    info: decode.MediaInfo,
    options: MediaOptions,
    progress: Progress | None,
) -> _Screen:
    """On-screen text units: a frame whose text repeats the one before extends its unit."""
    units: list[TimedText] = []
    thumbnails: list[Thumbnail] = []
    current: TimedText | None = None
    read = 0
    for frame in frames:
        read += 1
        lines = reader.read(frame.image)
        text = " ".join(line.text for line in lines)
        if current is not None:
            current = _ended(current, frame.t)
            if _same_text(current.text, text):
                continue
            units.append(current)
        current = None
        if text:
            confidence = sum(line.confidence for line in lines) / len(lines)
            current = TimedText(
                Source.ON_SCREEN,
                frame.t,
                frame.t,
                text,
                confidence,
                language=_own_language(text),
                frame_at=frame.t,
            )
            thumbnails.append(Thumbnail(frame.t, _jpeg(frame.image)))
        if progress is not None:
            progress("on_screen", frame.t, info.duration)
    if current is not None:
        units.append(_ended(current, info.duration or current.t_start + options.frame_every))
    outcome = StageOutcome("read", None, read)
    return _Screen(tuple(units), outcome, tuple(_spread(thumbnails, options.max_thumbnails)))


def _own_language(text: str) -> str | None:
    """The language of on-screen text when it is long enough to tell (a short label is read
    in the media's language)."""
    if len(text) < OWN_LANGUAGE_CHARS:
        return None
    guess = identify(text)
    return guess.language if guess.confidence >= LANGUAGE_EVIDENCE[1] else None


def _ended(unit: TimedText, t_end: float) -> TimedText:
    return replace(unit, t_end=max(unit.t_end, t_end))


def _same_text(previous: str, text: str) -> bool:
    """OCR of one caption over a moving background varies by a letter or two; a changed
    number never does (a new price or discount code is a new caption)."""
    if not previous or not text:
        return previous == text
    if _DIGITS.findall(previous) != _DIGITS.findall(text):
        return False
    return fuzz.ratio(previous, text) >= SAME_TEXT_RATIO


def _jpeg(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
    buffer = io.BytesIO()
    small.convert("RGB").save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def _spread(thumbnails: list[Thumbnail], limit: int) -> list[Thumbnail]:
    if len(thumbnails) <= limit:
        return thumbnails
    step = len(thumbnails) / limit
    return [thumbnails[int(i * step)] for i in range(limit)]
