"""Time-coded text: what a caption cue, an on-screen line or a speech segment says, and when."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    """Where a piece of time-coded text came from."""

    SPEECH = "speech"
    ON_SCREEN = "on_screen"
    CAPTION = "caption"


class MediaError(ValueError):
    """Media that cannot be processed: corrupt, truncated, unsupported or too long.

    ``code`` is a stable machine-readable reason (``corrupt_media``, ``unsupported_codec``,
    ``media_too_long``, ``no_media_stream``, ``bad_captions``...); the message says what to do.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TimedText:
    """Text shown or said during ``[t_start, t_end)`` seconds from the start of the media."""

    source: Source
    t_start: float
    t_end: float
    text: str
    confidence: float = 1.0
    language: str | None = None
    # on-screen text only: the sampled frame it was read from (seconds), for thumbnails
    frame_at: float | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.t_start <= self.t_end):
            raise ValueError(f"bad time range [{self.t_start}, {self.t_end})")


def clock(seconds: float) -> str:
    """``seconds`` as m:ss, or h:mm:ss past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
