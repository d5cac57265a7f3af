"""Decoding media with PyAV: probing, frame sampling with repeat skipping, audio, images, and
clear MediaErrors for every kind of bad input. All media is made here by koltrust.media.synth."""

from __future__ import annotations

import gc
import random
import re
import shutil
import struct
import weakref
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from koltrust.media.decode import (
    MAX_SECONDS_SETTING,
    REPEAT_THRESHOLD,
    audio_samples,
    block_difference,
    load_image,
    probe,
    sample_frames,
)
from koltrust.media.synth import Scene, build_audio, build_video, caption_frame
from koltrust.media.timed import MediaError

SMALL = (320, 180)
# Twelve seconds, four caption changes (a digit, the whole line, one diacritic, another
# diacritic), one background change with the same caption, and one scene boundary where
# nothing changes. Noisy scenes share seed 1, so only their captions differ.
CAPTION_SCENES = [
    Scene(0, 2, "Giá chỉ 199k hôm nay", speech="Buy now, only today"),
    Scene(2, 4, "Giá chỉ 198k hôm nay"),
    Scene(4, 6, "Mua ngay hôm nay"),
    Scene(6, 8, "Mua ngay hôm nay", noisy=True, seed=1),
    Scene(8, 10, "Mua ngày hôm nay", noisy=True, seed=1),
    Scene(10, 11, "Mua ngày hôm nay", noisy=True, seed=1),
    Scene(11, 12, "Mua ngày hôm này", noisy=True, seed=1),
]


def _needs_espeak() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("speech needs espeak-ng: apt-get install espeak-ng")


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels but holds almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def captions_video(media: Path) -> Path:
    return build_video(CAPTION_SCENES, media / "captions.mp4")


@pytest.fixture(scope="module")
def silent_video(media: Path) -> Path:
    scenes = [Scene(0, 5, "Một"), Scene(5, 10, "Hai")]
    return build_video(scenes, media / "silent.mp4", fps=5, size=SMALL)


def _error(call: Callable[[], object]) -> MediaError:
    """The MediaError raised by ``call``, draining it first when it returns an iterator."""

    def drained() -> None:
        result = call()
        if isinstance(result, Iterator):
            list(result)

    with pytest.raises(MediaError) as caught:
        drained()
    return caught.value


def test_probe_reads_kind_duration_size_codecs_and_audio(captions_video: Path) -> None:
    info = probe(captions_video, max_seconds=60)

    assert info.kind == "video"
    assert info.duration == pytest.approx(12.0, abs=0.1)
    assert (info.width, info.height) == (1280, 720)
    assert info.video_codec in {"h264", "mpeg4"}
    assert info.audio_codec == "aac"
    assert info.has_audio


def test_probe_of_a_video_without_speech_says_it_has_no_audio(silent_video: Path) -> None:
    info = probe(silent_video, max_seconds=60)

    assert (info.kind, info.has_audio, info.audio_codec) == ("video", False, None)


def test_each_caption_change_yields_one_frame_and_repeats_are_skipped(
    captions_video: Path,
) -> None:
    times = [frame.t for frame in sample_frames(captions_video, every=1.0, max_seconds=60)]

    # 0: first caption, 2: digit, 4: new line, 6: background, 8: diacritic, 11: diacritic;
    # 10 is the same caption on the same background, so it is skipped
    assert times == [0.0, 2.0, 4.0, 6.0, 8.0, 11.0]


def test_without_skipping_there_is_one_rgb_frame_per_interval(captions_video: Path) -> None:
    frames = list(sample_frames(captions_video, every=2.0, max_seconds=60, skip_repeats=False))

    assert [frame.t for frame in frames] == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert {(frame.image.mode, frame.image.size) for frame in frames} == {("RGB", (1280, 720))}


def test_a_one_diacritic_change_on_a_busy_background_exceeds_the_threshold() -> None:
    def thumb(text: str) -> np.ndarray:
        image = caption_frame(text, noisy=True, seed=3).convert("L").resize((160, 90))
        return np.asarray(image)

    same = block_difference(thumb("Mua ngay hôm nay"), thumb("Mua ngay hôm nay"))
    changed = block_difference(thumb("Mua ngay hôm nay"), thumb("Mua ngày hôm nay"))

    assert same == 0
    assert changed > 1.5 * REPEAT_THRESHOLD


def test_sampling_stops_at_max_seconds(captions_video: Path) -> None:
    frames = list(sample_frames(captions_video, every=1.0, max_seconds=5, skip_repeats=False))

    assert [frame.t for frame in frames] == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_sampling_does_not_keep_the_frames_it_yielded(captions_video: Path) -> None:
    alive: list[weakref.ref[Image.Image]] = []
    for frame in sample_frames(captions_video, every=0.5, max_seconds=60, skip_repeats=False):
        alive.append(weakref.ref(frame.image))
        del frame
    gc.collect()

    assert len(alive) == 24
    assert sum(ref() is not None for ref in alive) == 0


def test_audio_comes_in_chunks_of_mono_16khz_float32(captions_video: Path) -> None:
    chunks = list(audio_samples(captions_video, max_seconds=60, chunk_seconds=5))

    assert [start for start, _ in chunks] == [0.0, 5.0, 10.0]
    assert [len(samples) for _, samples in chunks[:2]] == [80_000, 80_000]
    assert len(chunks[2][1]) == pytest.approx(32_000, abs=1_024)
    assert all(s.dtype == np.float32 and s.ndim == 1 for _, s in chunks)


def test_speech_is_where_the_scene_placed_it(captions_video: Path) -> None:
    _needs_espeak()
    (_, first), *_ = audio_samples(captions_video, max_seconds=60, chunk_seconds=2)

    speaking, silent = first[: 16_000 // 2], first[-16_000 // 4 :]
    assert np.sqrt(np.mean(speaking**2)) > 0.01
    assert np.sqrt(np.mean(silent**2)) < 0.001


def test_audio_stops_at_max_seconds(captions_video: Path) -> None:
    chunks = list(audio_samples(captions_video, max_seconds=3, chunk_seconds=2))

    assert [(start, len(s)) for start, s in chunks] == [(0.0, 32_000), (2.0, 16_000)]


def test_an_audio_file_probes_as_audio_and_has_no_frames(media: Path) -> None:
    audio = build_audio([Scene(0, 3, "", speech="hello")], media / "speech.m4a")

    info = probe(audio, max_seconds=60)
    error = _error(lambda: sample_frames(audio, every=1.0, max_seconds=60))

    assert (info.kind, info.has_audio, info.video_codec) == ("audio", True, None)
    assert error.code == "no_media_stream"
    assert "no video stream" in error.message


def test_audio_of_a_video_without_audio_is_a_clear_error(silent_video: Path) -> None:
    error = _error(lambda: audio_samples(silent_video, max_seconds=60))

    assert error.code == "no_media_stream"
    assert "no audio stream" in error.message


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_images_load_as_rgb_whatever_the_file_is_called(media: Path, image_format: str) -> None:
    path = media / f"caption-{image_format}.bin"
    caption_frame("Giảm giá", size=SMALL).save(path, format=image_format)

    image = load_image(path)
    info = probe(path, max_seconds=60)
    frames = list(sample_frames(path, every=1.0, max_seconds=60))

    assert (image.mode, image.size) == ("RGB", SMALL)
    assert (info.kind, info.width, info.height, info.duration) == ("image", 320, 180, None)
    assert [frame.t for frame in frames] == [0.0]


def test_transparency_is_flattened_onto_white(media: Path) -> None:
    path = media / "transparent.png"
    Image.new("RGBA", (4, 4), (255, 0, 0, 0)).save(path)

    assert load_image(path).getpixel((0, 0)) == (255, 255, 255)


def test_random_bytes_are_corrupt_media(media: Path) -> None:
    path = media / "random.mp4"
    path.write_bytes(random.Random(0).randbytes(50_000))

    error = _error(lambda: probe(path, max_seconds=60))

    assert error.code == "corrupt_media"
    assert "cannot be opened as audio or video" in error.message


def test_a_text_file_named_mp4_is_corrupt_media(media: Path) -> None:
    path = media / "notes.mp4"
    path.write_text("Mua ngay! Giá chỉ 199k\n" * 50, encoding="utf-8")

    for call in (
        lambda: probe(path, max_seconds=60),
        lambda: sample_frames(path, every=1.0, max_seconds=60),
        lambda: audio_samples(path, max_seconds=60),
        lambda: load_image(path),
    ):
        assert _error(call).code == "corrupt_media"


def test_an_empty_file_is_corrupt_media(media: Path) -> None:
    path = media / "empty.mp4"
    path.write_bytes(b"")

    error = _error(lambda: probe(path, max_seconds=60))

    assert error.code == "corrupt_media"
    assert "empty" in error.message


def test_a_video_cut_in_half_yields_what_came_before_then_says_where_it_broke(
    media: Path, captions_video: Path
) -> None:
    data = captions_video.read_bytes()
    path = media / "half.mp4"
    path.write_bytes(data[: len(data) // 2])
    frames: list[float] = []

    with pytest.raises(MediaError) as caught:
        frames.extend(f.t for f in sample_frames(path, every=1.0, max_seconds=60))

    assert caught.value.code == "corrupt_media"
    match = re.search(r"(?:stops|broke) at (\d+\.\d) s", caught.value.message)
    assert match is not None, caught.value.message
    assert frames
    assert frames[-1] <= float(match.group(1)) < 12
    assert "upload the complete file" in caught.value.message


def test_a_video_whose_header_is_cut_is_corrupt_media(media: Path, silent_video: Path) -> None:
    path = media / "header.mp4"
    path.write_bytes(silent_video.read_bytes()[:400])

    error = _error(lambda: probe(path, max_seconds=60))

    assert error.code == "corrupt_media"


def test_an_unknown_codec_is_named(media: Path, silent_video: Path) -> None:
    path = media / "unknown-codec.mp4"
    fourcc = b"avc1" if probe(silent_video, max_seconds=60).video_codec == "h264" else b"mp4v"
    path.write_bytes(silent_video.read_bytes().replace(fourcc, b"xyz1"))

    error = _error(lambda: probe(path, max_seconds=60))

    assert error.code == "unsupported_codec"
    assert "'xyz1'" in error.message
    assert "re-encode" in error.message


def test_a_caption_file_is_not_media(media: Path) -> None:
    path = media / "captions.vtt"
    path.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nMua ngay\n", encoding="utf-8")

    error = _error(lambda: probe(path, max_seconds=60))

    assert error.code == "no_media_stream"
    assert "captions" in error.message


def test_a_video_longer_than_the_limit_is_refused_with_the_setting_to_raise_it(
    silent_video: Path,
) -> None:
    error = _error(lambda: probe(silent_video, max_seconds=5))

    assert error.code == "media_too_long"
    assert "10 s" in error.message
    assert "5 s" in error.message
    assert MAX_SECONDS_SETTING in error.message


@pytest.mark.parametrize("side", [10_000, 20_000])
def test_an_image_of_too_many_pixels_is_refused_before_decoding(media: Path, side: int) -> None:
    path = media / f"bomb-{side}.png"
    path.write_bytes(_png_header(side, side))

    for call in (lambda: load_image(path), lambda: probe(path, max_seconds=60)):
        error = _error(call)
        assert error.code == "image_too_large"
        assert "50 megapixels" in error.message


def test_a_truncated_image_is_corrupt_media(media: Path) -> None:
    path = media / "cut.png"
    caption_frame("Giảm giá", size=SMALL, noisy=True).save(path)
    path.write_bytes(path.read_bytes()[:5_000])

    error = _error(lambda: load_image(path))

    assert error.code == "corrupt_media"
    assert "upload the complete image" in error.message
