"""The offline media builder: caption frames, espeak-ng speech, videos that are the same bytes
every time they are built."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from koltrust.media.decode import audio_samples, probe
from koltrust.media.synth import Scene, build_audio, build_video, caption_frame, speech_wav

SMALL = (320, 180)


def _white_rows(text: str, **options: bool) -> np.ndarray:
    pixels = np.asarray(caption_frame(text, size=(640, 360), **options))
    return np.flatnonzero((pixels == 255).all(axis=2).any(axis=1))


def test_a_plain_caption_is_white_text_in_the_lower_third() -> None:
    image = caption_frame("Giá chỉ 199k hôm nay", size=(640, 360))
    rows = _white_rows("Giá chỉ 199k hôm nay")

    assert (image.mode, image.size) == ("RGB", (640, 360))
    assert image.getpixel((0, 0)) == image.getpixel((639, 0))  # flat background
    assert rows.size
    assert rows.min() >= 360 * 2 // 3


def test_a_long_caption_wraps_onto_more_lines_inside_the_frame() -> None:
    long = "Mua ngay kem dưỡng trắng da hôm nay, giá chỉ 199k, số lượng có hạn, nhanh tay lên"
    pixels = np.asarray(caption_frame(long, size=(640, 360)))
    columns = np.flatnonzero((pixels == 255).all(axis=2).any(axis=0))

    assert np.ptp(_white_rows(long)) > np.ptp(_white_rows("Mua ngay"))
    assert columns.min() > 0
    assert columns.max() < 639


def test_a_noisy_background_depends_only_on_its_seed() -> None:
    first = np.asarray(caption_frame("Giảm giá", size=SMALL, noisy=True, seed=1))
    again = np.asarray(caption_frame("Giảm giá", size=SMALL, noisy=True, seed=1))
    other = np.asarray(caption_frame("Giảm giá", size=SMALL, noisy=True, seed=2))

    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_a_video_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    scenes = [Scene(0, 1, "Một", speech="one"), Scene(1, 2, "Hai", noisy=True)]

    first = build_video(scenes, tmp_path / "first.mp4", fps=5, size=SMALL)
    again = build_video(scenes, tmp_path / "again.mp4", fps=5, size=SMALL)

    assert first.read_bytes() == again.read_bytes()
    assert probe(first, max_seconds=60).duration == pytest.approx(2.0, abs=0.1)


def test_speech_is_a_wav_of_the_spoken_text(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("speech needs espeak-ng: apt-get install espeak-ng")

    wav = speech_wav("Mua ngay hôm nay", language="vi", path=tmp_path / "vi.wav")

    assert wav is not None
    assert probe(wav, max_seconds=60).kind == "audio"
    assert (probe(wav, max_seconds=60).duration or 0) > 0.5


def test_without_espeak_there_is_no_speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    assert speech_wav("hello", path=tmp_path / "hello.wav") is None


def test_an_audio_track_lasts_until_the_last_scene_ends(tmp_path: Path) -> None:
    wav = build_audio([Scene(1, 2, "", speech="hello"), Scene(2, 3.5, "")], tmp_path / "a.wav")

    total = sum(len(samples) for _, samples in audio_samples(wav, max_seconds=60))

    assert total == 3.5 * 16_000
