"""Bad media gets a clear error or an empty result, never a crash or a hang: corrupt files,
media over the length limit, images without text, audio in a language nobody transcribes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from koltrust.api.app import create_app
from koltrust.cli.main import app as cli
from koltrust.config import Settings
from koltrust.media.pipeline import MediaOptions, analyse
from koltrust.media.synth import caption_frame
from koltrust.media.timed import MediaError, Source
from tests.media.conftest import SCENES, needs_ocr, needs_speech


def test_a_corrupt_file_is_a_one_line_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 500)
    result = CliRunner().invoke(cli, ["screen-media", str(broken), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "corrupt_media" in result.output
    assert "Traceback" not in result.output


def test_a_truncated_video_says_where_it_broke(tmp_path: Path, clip: Path) -> None:
    cut = tmp_path / "cut.mp4"
    data = clip.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError) as caught:
        analyse(cut, options=MediaOptions(language="vi", speech=False))
    assert caught.value.code == "corrupt_media"


def test_media_over_the_limit_is_refused_before_any_work(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOLTRUST_MEDIA_MAX_SECONDS", "10")
    result = CliRunner().invoke(cli, ["screen-media", str(clip)])
    assert result.exit_code == 1
    assert "media_too_long" in result.output
    assert "KOLTRUST_MEDIA_MAX_SECONDS" in result.output


def test_the_api_refuses_media_over_the_limit(
    clip: Path,
    settings: Settings,
    session_factory: sessionmaker[Session],
    admin_headers: dict[str, str],
) -> None:
    limited = settings.model_copy(update={"media_max_seconds": 10.0})
    app = create_app(limited, session_factory=session_factory)
    with TestClient(app) as client, clip.open("rb") as video:
        answer = client.post(
            "/api/v1/media",
            files={"media": ("long.mp4", video, "video/mp4")},
            headers=admin_headers,
        )
    assert answer.status_code == 422
    assert answer.json()["reason"] == "media_too_long"


def test_an_image_without_text_gives_an_empty_result(tmp_path: Path) -> None:
    needs_ocr()
    blank = tmp_path / "blank.png"
    Image.new("RGB", (1280, 720), (30, 30, 40)).save(blank)
    analysis = analyse(blank, options=MediaOptions(language="vi"))
    assert analysis.units == ()
    assert analysis.on_screen.status == "read"
    assert analysis.speech.status == "no_audio"


def test_an_image_with_text_is_read_at_time_zero(tmp_path: Path) -> None:
    needs_ocr()
    poster = tmp_path / "poster.jpg"
    caption_frame("Viên uống chữa khỏi tiểu đường", noisy=True, seed=3).save(poster)
    analysis = analyse(poster, options=MediaOptions(language="vi"))
    [unit] = analysis.units
    assert unit.source is Source.ON_SCREEN
    assert unit.t_start == 0
    assert "tiểu đường" in unit.text


def test_vietnamese_audio_is_marked_not_transcribed(tmp_path: Path) -> None:
    needs_speech()
    from koltrust.media.synth import build_audio

    audio = build_audio(SCENES, tmp_path / "talk.m4a", speech_language="vi")
    analysis = analyse(audio, options=MediaOptions(language="vi"))
    assert analysis.info is not None
    assert analysis.info.kind == "audio"
    assert analysis.units == ()
    assert analysis.speech.status == "not_transcribed"
    assert analysis.on_screen.status == "not_applicable"


def test_audio_in_an_unknown_language_is_not_guessed(tmp_path: Path) -> None:
    needs_speech()
    from koltrust.media.synth import build_audio

    audio = build_audio(SCENES, tmp_path / "talk.wav")
    analysis = analyse(audio)
    assert analysis.speech.status == "not_transcribed"
    assert "language is unknown" in (analysis.speech.reason or "")
