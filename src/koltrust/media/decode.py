"""Open media with PyAV: probe it, sample its frames, read its audio, load images.

Every failure caused by the file itself becomes a ``MediaError`` with a stable code and a message
saying what to do; no PyAV or Pillow exception escapes for bad input. Decoding is sequential and
holds at most a few frames, so memory stays bounded whatever the length of the media. A damaged
or truncated file yields what decodes before the damage, then raises corrupt_media naming the
second where it broke (a stream that declares no duration and just stops early stops cleanly).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Literal

import av
import av.logging
import numpy as np
from av.audio.stream import AudioStream
from av.container import InputContainer
from av.stream import Disposition
from av.video.frame import VideoFrame
from av.video.stream import VideoStream
from PIL import Image, ImageOps

from koltrust.media.timed import MediaError

IMAGE_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
MAX_IMAGE_PIXELS = 50_000_000
AUDIO_RATE = 16_000
MAX_SECONDS_SETTING = "KOLTRUST_MEDIA_MAX_SECONDS"

# Repeat detection compares grayscale thumbnails THUMB_WIDTH wide in blocks of BLOCK x BLOCK
# thumbnail pixels (32 x 32 source pixels on 1280x720): a frame changed when some block's mean
# absolute difference exceeds REPEAT_THRESHOLD grey levels. A 64x36 thumbnail is too blunt:
# there, a one-digit caption change moves even the most changed block by under 2. Measured on
# H.264 caption frames (48 px text at 720p, plain and busy backgrounds, crf 23 to 36): the same
# still frame sampled half a second apart, across keyframes, differs by at most 2.8 in any
# block; adding one Vietnamese diacritic (a -> ạ, o -> ò) moves some block by 9.3 or more, a
# changed digit by 12 or more. 6 sits between. Smaller text than ~1/15 of the frame height may
# change less than that for a single mark.
THUMB_WIDTH = 160
BLOCK = 4
REPEAT_THRESHOLD = 6.0

# how far the decoded end may fall short of the declared duration before we call it truncated
_END_TOLERANCE_SECONDS = 0.5
# sampling this sparse never needs the disposable frames between reference frames
_SKIP_NONREF_FROM_SECONDS = 0.5
# packets read while looking for a first decodable frame before giving up
_PROBE_PACKET_LIMIT = 2_000
_STREAM_DESCRIPTION = re.compile(r"\((?:Video|Audio): ([^,]+)")


@dataclass(frozen=True)
class MediaInfo:
    """What a media file holds, read from its header and first decodable frame."""

    kind: Literal["video", "audio", "image"]
    duration: float | None
    width: int | None
    height: int | None
    video_codec: str | None
    audio_codec: str | None
    has_audio: bool


@dataclass(frozen=True)
class Frame:
    """A decoded RGB frame shown at ``t`` seconds from the start of the media."""

    t: float
    image: Image.Image


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise MediaError("corrupt_media", f"{path.name}: no such file; check the path.")
    if path.stat().st_size == 0:
        raise MediaError("corrupt_media", f"{path.name} is empty (0 bytes); upload the file again.")


def _is_image(path: Path) -> bool:
    """Whether Pillow reads ``path`` as a still image of a format we accept (by content)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return image.format in IMAGE_FORMATS
    except Image.DecompressionBombError:
        return True  # an image, too large: _open_image says so
    except (OSError, ValueError, SyntaxError):
        return False


def _open_image(path: Path) -> Image.Image:
    """Open an image lazily, refusing more than MAX_IMAGE_PIXELS before anything is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(path, str(error)) from None
    except (OSError, ValueError, SyntaxError) as error:
        raise MediaError(
            "corrupt_media",
            f"{path.name} is not an image we can read ({error}); upload a PNG, JPEG or WebP.",
        ) from None
    if image.width * image.height > MAX_IMAGE_PIXELS:
        image.close()
        raise _too_many_pixels(path, f"{image.width}x{image.height}")
    return image


def _too_many_pixels(path: Path, detail: str) -> MediaError:
    return MediaError(
        "image_too_large",
        f"{path.name} is too large to decode safely ({detail}; the limit is "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels); scale it down and upload it again.",
    )


def load_image(path: Path) -> Image.Image:
    """The image at ``path`` decoded as RGB, upright, with transparency flattened onto white."""
    _check_file(path)
    image = _open_image(path)
    try:
        with image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise MediaError(
            "corrupt_media",
            f"{path.name} is damaged or cut short ({error}); upload the complete image.",
        ) from None
    if upright.mode in ("RGBA", "LA", "P", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return upright.convert("RGB")


def _probe_image(path: Path) -> MediaInfo:
    image = _open_image(path)
    with image:
        try:
            image.verify()
        except (OSError, ValueError, SyntaxError) as error:
            raise MediaError(
                "corrupt_media",
                f"{path.name} is a damaged image ({error}); upload the complete image.",
            ) from None
        return MediaInfo("image", None, image.width, image.height, None, None, has_audio=False)


def _media_error(path: Path, error: Exception, *, at: float | None = None) -> MediaError:
    reason = getattr(error, "strerror", None) or str(error)
    if at is None:
        return MediaError(
            "corrupt_media",
            f"{path.name} cannot be opened as audio or video ({reason}); check that it is a "
            "complete media file and upload it again.",
        )
    return MediaError(
        "corrupt_media",
        f"{path.name} is damaged or cut short: decoding broke at {at:.1f} s ({reason}); what came "
        "before was read; upload the complete file to screen the rest.",
    )


@contextmanager
def _open(path: Path) -> Iterator[InputContainer]:
    try:
        container = av.open(str(path), mode="r")
    except (av.FFmpegError, OSError, UnicodeDecodeError) as error:
        raise _media_error(path, error) from None
    with container:
        yield container


def _is_media(stream: av.stream.Stream) -> bool:
    if stream.type == "video":
        # cover art of an audio file is a video stream of one picture, not a video
        return not stream.disposition & Disposition.attached_pic
    return stream.type == "audio"


def _undecodable_description(path: Path, index: int) -> str | None:
    """FFmpeg's description of a stream it has no decoder for, e.g. ``none (xyz1 / 0x..)``.

    PyAV exposes nothing about such a stream, so the file is opened once more with FFmpeg's
    warnings captured; the level is raised only for that open and then restored. PyAV may
    flush an older repeated message first, hence the last match wins.
    """
    previous_level, previous_skip = av.logging.get_level(), av.logging.get_skip_repeated()
    av.logging.set_level(av.logging.WARNING)
    av.logging.set_skip_repeated(False)
    try:
        with av.logging.Capture() as logs, av.open(str(path)):
            pass
    except (av.FFmpegError, OSError):
        return None
    finally:
        av.logging.set_level(previous_level)
        av.logging.set_skip_repeated(previous_skip)
    found = None
    for _level, _name, message in logs:
        match = _STREAM_DESCRIPTION.search(message)
        if match and f"stream {index} " in message:
            found = match.group(1).strip()
    return found


def _raise_undecodable(path: Path, stream: av.stream.Stream) -> None:
    description = _undecodable_description(path, stream.index) or "none"
    if description == "none":
        raise MediaError(
            "corrupt_media",
            f"{path.name}: the header of its {stream.type} stream is damaged or cut short, so "
            "its codec cannot be read; upload the complete file.",
        )
    name, _, tag = description.partition(" (")
    codec = f"unknown codec {tag.split(' ')[0]!r}" if name == "none" else f"codec {name!r}"
    raise MediaError(
        "unsupported_codec",
        f"{path.name}: its {stream.type} stream uses {codec}, which this server cannot decode; "
        "re-encode it as H.264 video with AAC audio (MP4) and upload it again.",
    )


def _media_streams(
    path: Path, container: InputContainer, *, needed: tuple[str, ...] = ("video", "audio")
) -> tuple[VideoStream | None, AudioStream | None]:
    """The first video and audio streams, after checking that those of a needed type decode."""
    streams = [stream for stream in container.streams if _is_media(stream)]
    if not streams:
        found: list[str] = sorted({stream.type for stream in container.streams}) or ["nothing"]
        raise MediaError(
            "no_media_stream",
            f"{path.name} holds no audio or video stream (found: {', '.join(found)}); a "
            "caption or transcript file goes in the captions field, not the media field.",
        )
    for stream in streams:
        if stream.type in needed and stream.codec_context is None:
            _raise_undecodable(path, stream)
    video = next((s for s in streams if isinstance(s, VideoStream)), None)
    audio = next((s for s in streams if isinstance(s, AudioStream)), None)
    return video, audio


def _duration(container: InputContainer) -> float | None:
    duration = container.duration
    return duration / av.time_base if duration is not None and duration > 0 else None


def _stream_duration(stream: av.stream.Stream) -> float | None:
    if stream.duration is None or stream.time_base is None or stream.duration <= 0:
        return None
    return float(stream.duration * stream.time_base)


def _origin(container: InputContainer) -> float:
    """The presentation time of the start of the media, subtracted from every frame's time."""
    start = container.start_time
    return start / av.time_base if start is not None and start > 0 else 0.0


def _decode_first_frame(path: Path, container: InputContainer, stream: av.stream.Stream) -> None:
    try:
        for count, packet in enumerate(container.demux(stream)):
            if packet.decode():
                return
            if count >= _PROBE_PACKET_LIMIT:
                break
    except av.FFmpegError as error:
        raise _media_error(path, error, at=0.0) from None
    raise MediaError(
        "corrupt_media",
        f"{path.name}: not a single {stream.type} frame could be decoded; the file is damaged "
        "or cut short; upload the complete file.",
    )


def probe(path: Path, *, max_seconds: float) -> MediaInfo:
    """Kind, duration, size and codecs of a media file, after checking one frame decodes.

    The duration is None when the file does not declare it (some streams); sampling then stops
    at ``max_seconds`` instead of the file being refused up front.
    """
    _check_file(path)
    if _is_image(path):
        return _probe_image(path)
    with _open(path) as container:
        video, audio = _media_streams(path, container)
        duration = _duration(container)
        if duration is not None and duration > max_seconds:
            raise MediaError(
                "media_too_long",
                f"{path.name} lasts {duration:.0f} s, longer than the limit of "
                f"{max_seconds:.0f} s; cut it into parts, or raise the limit with the setting "
                f"{MAX_SECONDS_SETTING}.",
            )
        first = video if video is not None else audio
        assert first is not None  # _media_streams found at least one
        _decode_first_frame(path, container, first)
        return MediaInfo(
            kind="video" if video is not None else "audio",
            duration=duration,
            width=video.codec_context.width if video is not None else None,
            height=video.codec_context.height if video is not None else None,
            video_codec=video.codec_context.name if video is not None else None,
            audio_codec=audio.codec_context.name if audio is not None else None,
            has_audio=audio is not None,
        )


def _thumbnail(frame: VideoFrame) -> np.ndarray:
    height = max(BLOCK, round(THUMB_WIDTH * frame.height / max(frame.width, 1)))
    small = frame.reformat(width=THUMB_WIDTH, height=height, format="gray", interpolation="AREA")
    return small.to_ndarray()


def block_difference(previous: np.ndarray, current: np.ndarray) -> float:
    """The largest mean absolute difference of any BLOCK x BLOCK block of two thumbnails."""
    if previous.shape != current.shape:
        return math.inf
    rows, cols = (previous.shape[0] // BLOCK) * BLOCK, (previous.shape[1] // BLOCK) * BLOCK
    diff = np.abs(previous[:rows, :cols].astype(np.int16) - current[:rows, :cols])
    blocks = diff.reshape(rows // BLOCK, BLOCK, cols // BLOCK, BLOCK).mean(axis=(1, 3))
    return float(blocks.max())


def _video_stream(path: Path, container: InputContainer) -> VideoStream:
    video, _audio = _media_streams(path, container, needed=("video",))
    if video is None:
        raise MediaError(
            "no_media_stream",
            f"{path.name} has no video stream (it is audio only), so there are no frames to "
            "read; its speech is read from the audio.",
        )
    return video


def _decoded_frames(
    path: Path, container: InputContainer, stream: VideoStream, max_seconds: float
) -> Iterator[tuple[float, VideoFrame]]:
    """Each frame with its time from the start, until ``max_seconds`` or the end of the file.

    Raises corrupt_media when decoding fails, or when the stream ends clearly before the
    duration it declares (a file cut short often just stops, without a decoding error).
    """
    origin, reached = _origin(container), -1.0
    step = 1.0 / float(stream.guessed_rate or 25)
    try:
        for frame in container.decode(stream):
            t = frame.time - origin if frame.time is not None else reached + step
            if t >= max_seconds:
                return
            reached = max(reached, t)
            yield max(t, 0.0), frame
    except av.FFmpegError as error:
        raise _media_error(path, error, at=max(reached, 0.0)) from None
    _check_reached_end(path, stream, reached + step, max_seconds)


def _check_reached_end(
    path: Path, stream: av.stream.Stream, reached: float, max_seconds: float
) -> None:
    declared = _stream_duration(stream)
    if declared is None:
        return
    if reached + _END_TOLERANCE_SECONDS < min(declared, max_seconds):
        raise MediaError(
            "corrupt_media",
            f"{path.name} is cut short: its {stream.type} stops at {max(reached, 0.0):.1f} s "
            f"but the file declares {declared:.1f} s; what came before was read; upload the "
            "complete file to screen the rest.",
        )


def sample_frames(
    path: Path, *, every: float, max_seconds: float, skip_repeats: bool = True
) -> Iterator[Frame]:
    """One RGB frame per ``every`` seconds of the video, up to ``max_seconds``.

    With ``skip_repeats``, a frame that looks like the last one yielded (no thumbnail block
    changed by more than REPEAT_THRESHOLD) is skipped, so a static caption is read once. An image
    yields itself once at 0 s. A damaged or truncated file yields the frames before the damage,
    then raises ``MediaError("corrupt_media")`` naming the second where it broke.
    """
    if every <= 0:
        raise ValueError(f"every must be positive, got {every}")
    _check_file(path)
    if _is_image(path):
        yield Frame(0.0, load_image(path))
        return
    with _open(path) as container:
        stream = _video_stream(path, container)
        stream.thread_type = "AUTO"
        if every >= _SKIP_NONREF_FROM_SECONDS:
            # frames no other frame refers to can go undecoded: at 30 fps H.264 this halves
            # decoding time and moves a sample by at most a frame or two
            stream.codec_context.skip_frame = "NONREF"
        next_due, last_thumb = 0.0, None
        for t, frame in _decoded_frames(path, container, stream, max_seconds):
            if t + 1e-6 < next_due:
                continue
            next_due = (math.floor(t / every + 1e-6) + 1) * every
            thumb = _thumbnail(frame)
            if (
                skip_repeats
                and last_thumb is not None
                and block_difference(last_thumb, thumb) <= REPEAT_THRESHOLD
            ):
                continue
            last_thumb = thumb
            yield Frame(round(t, 3), Image.fromarray(frame.to_ndarray(format="rgb24"), "RGB"))


def audio_samples(
    path: Path, *, max_seconds: float, chunk_seconds: float = 30.0
) -> Iterator[tuple[float, np.ndarray]]:
    """The first audio stream as (start seconds, float32 mono 16 kHz samples) chunks.

    Every chunk holds ``chunk_seconds`` of audio except the last; reading stops at
    ``max_seconds``. A damaged file yields the audio before the damage, then raises
    ``MediaError("corrupt_media")``.
    """
    if chunk_seconds <= 0 or not math.isfinite(max_seconds):
        raise ValueError(f"need chunk_seconds > 0 and a finite max_seconds: {chunk_seconds}")
    _check_file(path)
    if _is_image(path):
        raise MediaError("no_media_stream", f"{path.name} is an image; it has no audio.")
    with _open(path) as container:
        _video, stream = _media_streams(path, container, needed=("audio",))
        if stream is None:
            raise MediaError(
                "no_media_stream",
                f"{path.name} has no audio stream, so there is no speech to transcribe; "
                "captions and on-screen text are still read.",
            )
        pieces = _resampled(path, container, stream, round(max_seconds * AUDIO_RATE))
        yield from _chunked(pieces, round(chunk_seconds * AUDIO_RATE))


def _resampled(
    path: Path, container: InputContainer, stream: AudioStream, limit: int
) -> Iterator[tuple[float, np.ndarray]]:
    """(time of the first sample, samples) pieces, mono at AUDIO_RATE, ``limit`` samples at most."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
    origin, start, total = _origin(container), 0.0, 0
    try:
        # the final None flushes what the resampler still holds
        for frame in chain(container.decode(stream), [None]):
            if total == 0 and frame is not None and frame.time is not None:
                start = max(frame.time - origin, 0.0)
            for out in resampler.resample(frame):
                piece = out.to_ndarray().reshape(-1)[: limit - total]
                total += len(piece)
                yield start + (total - len(piece)) / AUDIO_RATE, piece
            if total >= limit:
                return
    except av.FFmpegError as error:
        raise _media_error(path, error, at=start + total / AUDIO_RATE) from None
    _check_reached_end(path, stream, start + total / AUDIO_RATE, limit / AUDIO_RATE)


def _chunked(
    pieces: Iterator[tuple[float, np.ndarray]], size: int
) -> Iterator[tuple[float, np.ndarray]]:
    """Pieces regrouped into chunks of ``size`` samples; on an error, what was read comes first."""
    parts: list[np.ndarray] = []
    start: float | None = None
    buffered = 0
    try:
        for t, piece in pieces:
            start = t if start is None else start
            parts.append(piece)
            buffered += len(piece)
            while buffered >= size:
                joined = np.concatenate(parts)
                yield round(start, 3), joined[:size]
                parts, buffered = [joined[size:]], buffered - size
                start += size / AUDIO_RATE
    except MediaError:
        if buffered and start is not None:
            yield round(start, 3), np.concatenate(parts)
        raise
    if buffered and start is not None:
        yield round(start, 3), np.concatenate(parts)
