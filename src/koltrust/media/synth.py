"""Make media offline: caption frames (Pillow), speech (espeak-ng) and short videos (PyAV).

Used by the tests, the demo and the benchmark, so every output is deterministic for the same
input and nothing is downloaded.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import av
import numpy as np
from av.audio.stream import AudioStream
from av.container import OutputContainer
from av.video.stream import VideoStream
from PIL import Image, ImageDraw, ImageFont

AUDIO_RATE = 16_000
# AAC encodes 1024 samples a frame; WAV takes any size, so one block size serves both.
_AUDIO_BLOCK = 1024
_ESPEAK_TIMEOUT_SECONDS = 60
_PLAIN_BACKGROUND = (24, 26, 34)
Size = tuple[int, int]


@dataclass(frozen=True)
class Scene:
    """A caption shown during ``[t_start, t_end)`` seconds, optionally spoken from ``t_start``."""

    t_start: float
    t_end: float
    caption: str
    noisy: bool = False
    speech: str | None = None
    # the noisy background's seed: scenes with the same seed share a background
    seed: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.t_start < self.t_end):
            raise ValueError(
                f"scene needs 0 <= t_start < t_end, got [{self.t_start}, {self.t_end})"
            )


@lru_cache(maxsize=8)
def _font(pixels: int) -> ImageFont.FreeTypeFont:
    import matplotlib  # only for the path of the DejaVu font it ships

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return ImageFont.truetype(str(path), pixels)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate) > max_width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _noisy_background(size: Size, seed: int) -> Image.Image:
    width, height = size
    rng = np.random.default_rng(seed)
    ramp_x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :, None]
    ramp_y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    start, end = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
    pixels = start * (1 - ramp_x) + end * ramp_y
    # grain at a quarter of the resolution: busy to the eye and to OCR, yet cheap to encode
    grain = rng.normal(0.0, 12.0, (height // 4 + 1, width // 4 + 1, 3)).repeat(4, 0).repeat(4, 1)
    pixels = pixels + grain[:height, :width]
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1 = x0 + int(rng.integers(20, width // 3))
        y1 = y0 + int(rng.integers(20, height // 3))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
    return image


def caption_frame(
    text: str, *, size: Size = (1280, 720), noisy: bool = False, seed: int = 0
) -> Image.Image:
    """An RGB frame with ``text`` in white, outlined in black, wrapped in its lower third."""
    width, height = size
    image = _noisy_background(size, seed) if noisy else Image.new("RGB", size, _PLAIN_BACKGROUND)
    font = _font(max(12, height // 15))
    outline = max(2, font.size // 12)
    lines = _wrap(text, font, width * 0.9)
    line_height = int(font.size * 1.3)
    bottom = int(height * 0.93)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        y = bottom - (len(lines) - index) * line_height
        x = (width - font.getlength(line)) / 2
        draw.text((x, y), line, font=font, fill="white", stroke_width=outline, stroke_fill="black")
    return image


def speech_wav(text: str, *, language: str = "en", path: Path) -> Path | None:
    """``text`` spoken by espeak-ng into a WAV at ``path``; None when espeak-ng is not installed."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    result = subprocess.run(  # noqa: S603 - fixed argv; the text goes through stdin
        [program, "-v", language, "-w", str(path), "--stdin"],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=_ESPEAK_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not path.exists():
        message = result.stderr.decode("utf-8", "replace").strip()
        raise ValueError(f"espeak-ng could not speak {language!r}: {message}")
    return path


def _read_mono(path: Path) -> np.ndarray:
    """A WAV file as float32 mono samples at AUDIO_RATE."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
    parts: list[np.ndarray] = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(frame))
    parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


def _speech_samples(text: str, language: str, folder: Path) -> np.ndarray:
    wav = speech_wav(text, language=language, path=folder / "speech.wav")
    return np.zeros(0, np.float32) if wav is None else _read_mono(wav)


def _audio_blocks(scenes: Sequence[Scene], language: str, duration: float) -> Iterator[np.ndarray]:
    """The speech track in blocks of _AUDIO_BLOCK samples, synthesising each speech lazily."""
    pending = sorted((s for s in scenes if s.speech), key=lambda s: s.t_start)
    playing: list[tuple[int, np.ndarray]] = []
    total = round(duration * AUDIO_RATE)
    with tempfile.TemporaryDirectory(prefix="koltrust-speech-") as folder:
        for start in range(0, total, _AUDIO_BLOCK):
            end = min(start + _AUDIO_BLOCK, total)
            while pending and round(pending[0].t_start * AUDIO_RATE) < end:
                scene = pending.pop(0)
                speech = _speech_samples(scene.speech or "", language, Path(folder))
                playing.append((round(scene.t_start * AUDIO_RATE), speech))
            block = np.zeros(end - start, np.float32)
            for offset, samples in playing:
                lo, hi = max(start, offset), min(end, offset + len(samples))
                if lo < hi:
                    block[lo - start : hi - start] += samples[lo - offset : hi - offset]
            playing = [(o, s) for o, s in playing if o + len(s) > end]
            yield np.clip(block, -1.0, 1.0)


def _encode_audio_block(
    container: OutputContainer, stream: AudioStream, block: np.ndarray, pts: int
) -> None:
    frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="fltp", layout="mono")
    frame.sample_rate = AUDIO_RATE
    frame.pts = pts
    frame.time_base = Fraction(1, AUDIO_RATE)
    container.mux(stream.encode(frame))


def _video_codec() -> str:
    return "libx264" if "libx264" in av.codecs_available else "mpeg4"


def _add_video_stream(container: OutputContainer, fps: int, size: Size) -> VideoStream:
    codec = _video_codec()
    options = (
        {"preset": "veryfast", "crf": "23", "tune": "stillimage"} if codec == "libx264" else {}
    )
    stream = container.add_stream(codec, rate=fps, options=options)
    if not isinstance(stream, VideoStream):
        raise TypeError(f"{codec} is not a video codec")
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    # a keyframe every 2 s, like the short GOPs of social-media uploads
    stream.codec_context.gop_size = 2 * fps
    # a fixed thread count keeps the bytes identical from run to run
    stream.codec_context.thread_count = 1
    return stream


def _add_audio_stream(container: OutputContainer, codec: str) -> AudioStream:
    stream = container.add_stream(codec, rate=AUDIO_RATE)
    if not isinstance(stream, AudioStream):
        raise TypeError(f"{codec} is not an audio codec")
    stream.layout = "mono"
    if codec == "aac":
        stream.format = "fltp"
    return stream


def _video_frame(image: Image.Image) -> av.VideoFrame:
    rgb = av.VideoFrame.from_ndarray(np.asarray(image.convert("RGB")), format="rgb24")
    return rgb.reformat(format="yuv420p")


def _scene_frames(
    scenes: Sequence[Scene], fps: int, size: Size, duration: float
) -> Iterator[tuple[int, av.VideoFrame]]:
    """(tick, frame) at each tick of 1/fps s; each scene is rendered once, its frame reused."""
    blank = _video_frame(Image.new("RGB", size, _PLAIN_BACKGROUND))
    cache: dict[int, av.VideoFrame] = {}
    for tick in range(round(duration * fps)):
        t = tick / fps
        index = next((i for i, s in enumerate(scenes) if s.t_start <= t < s.t_end), None)
        if index is None:
            frame = blank
        else:
            if index not in cache:
                cache.clear()
                scene = scenes[index]
                image = caption_frame(scene.caption, size=size, noisy=scene.noisy, seed=scene.seed)
                cache[index] = _video_frame(image)
            frame = cache[index]
        frame.pts = tick
        frame.time_base = Fraction(1, fps)
        yield tick, frame


def _duration(scenes: Sequence[Scene]) -> float:
    if not scenes:
        raise ValueError("at least one scene is needed")
    return max(scene.t_end for scene in scenes)


def build_video(
    scenes: Sequence[Scene],
    path: Path,
    *,
    fps: int = 10,
    size: Size = (1280, 720),
    speech_language: str = "en",
) -> Path:
    """An MP4 of the scenes' captions, with a speech track when any scene has speech.

    The audio track exists whenever a scene has ``speech``; it is silent where espeak-ng is not
    installed. The file starts with its index (faststart), like files prepared for the web.
    """
    duration = _duration(scenes)
    has_speech = any(scene.speech for scene in scenes)
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as container:
        video = _add_video_stream(container, fps, size)
        audio = _add_audio_stream(container, "aac") if has_speech else None
        blocks = _audio_blocks(scenes, speech_language, duration) if has_speech else iter(())
        audio_pts = 0
        for tick, frame in _scene_frames(scenes, fps, size, duration):
            # interleave: audio up to this frame's time goes in first
            while audio is not None and audio_pts <= tick * AUDIO_RATE / fps:
                block = next(blocks, None)
                if block is None:
                    break
                _encode_audio_block(container, audio, block, audio_pts)
                audio_pts += len(block)
            container.mux(video.encode(frame))
        for block in blocks:
            assert audio is not None
            _encode_audio_block(container, audio, block, audio_pts)
            audio_pts += len(block)
        container.mux(video.encode(None))
        if audio is not None:
            container.mux(audio.encode(None))
    return path


def build_audio(scenes: Sequence[Scene], path: Path, *, speech_language: str = "en") -> Path:
    """An audio file of the scenes' speech at their start times (``.wav`` PCM, else AAC in M4A).

    Captions are ignored; the file lasts until the last scene ends.
    """
    duration = _duration(scenes)
    is_wav = path.suffix.lower() == ".wav"
    with av.open(str(path), "w", format="wav" if is_wav else "mp4") as container:
        stream = _add_audio_stream(container, "pcm_s16le" if is_wav else "aac")
        pts = 0
        for block in _audio_blocks(scenes, speech_language, duration):
            _encode_audio_block(container, stream, block, pts)
            pts += len(block)
        container.mux(stream.encode(None))
    return path
