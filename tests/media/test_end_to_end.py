"""A self-made clip through everything: frames read for on-screen text, English speech
transcribed, both screened, findings with time codes and sources; through the pipeline, the
CLI and the API."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from koltrust.cli.main import app as cli
from koltrust.media.pipeline import MediaOptions, analyse
from koltrust.media.report import MediaReport, screen_media
from koltrust.media.timed import Source
from koltrust.screening.engine import Engine
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from tests.media.conftest import needs_ocr, needs_speech

UNDISCLOSED = "media.ads.undisclosed_in_time"


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(load_rulebook(default_rulebook_path()))


@pytest.fixture(scope="module")
def report(clip: Path) -> MediaReport:
    needs_ocr()
    needs_speech()
    analysis = analyse(clip, options=MediaOptions(language="en"))
    return screen_media(_engine(), analysis, media_id="review.mp4")


def _on_screen(report: MediaReport) -> list[tuple[float, float, str]]:
    return [
        (u.t_start, u.t_end, u.text) for u in report.analysis.units if u.source is Source.ON_SCREEN
    ]


def test_on_screen_text_is_read_once_per_caption_with_its_time(report: MediaReport) -> None:
    shown = _on_screen(report)
    assert [(start, end) for start, end, _ in shown] == [(0, 6), (6, 12), (12, 18), (18, 24)]
    texts = [text for _, _, text in shown]
    assert texts[1] == "Viên uống chữa khỏi tiểu đường"  # over a busy background
    assert "LINH20" in texts[2]
    assert report.analysis.on_screen.status == "read"


def test_english_speech_is_transcribed_with_its_time(report: MediaReport) -> None:
    assert report.analysis.speech.status == "transcribed"
    said = [u for u in report.analysis.units if u.source is Source.SPEECH]
    cures = next(u for u in said if "diabetes" in u.text.lower())
    assert 5.5 <= cures.t_start <= 7.5
    assert cures.t_end <= 12.5


def test_findings_carry_time_codes_and_sources(report: MediaReport) -> None:
    found = {(f.finding.rule_id, f.source.value): (f.t_start, f.t_end) for f in report.findings}
    start, end = found[("vi.health.cure_claim", "on_screen")]
    assert (start, end) == (6, 12)
    start, end = found[("en.health.cure_claim", "speech")]
    assert 5.5 <= start <= 7.5
    assert end <= 12.5
    undisclosed = [f for f in report.findings if f.finding.rule_id == UNDISCLOSED]
    assert len(undisclosed) == 1
    assert 12 <= undisclosed[0].t_start < 13
    assert 15 <= undisclosed[0].t_end <= 18.5
    for finding in report.findings:
        for unit, start, end in ((s.unit, s.start, s.end) for s in finding.spans):
            assert report.analysis.units[unit].text[start:end]


def test_a_disclosure_on_screen_covers_the_same_clip(clip: Path) -> None:
    needs_ocr()
    captions = b"WEBVTT\n\n00:00:10.000 --> 00:00:12.000\nQu\xe1\xba\xa3ng c\xc3\xa1o\n"
    analysis = analyse(clip, captions=captions, options=MediaOptions(language="vi", speech=False))
    findings = screen_media(_engine(), analysis).findings
    assert not [f for f in findings if f.finding.rule_id == UNDISCLOSED]


def test_vietnamese_speech_is_honestly_not_transcribed(clip: Path) -> None:
    needs_ocr()
    analysis = analyse(clip, options=MediaOptions(language="vi"))
    assert analysis.speech.status == "not_transcribed"
    assert "upload captions" in (analysis.speech.reason or "")
    assert not [u for u in analysis.units if u.source is Source.SPEECH]


def test_the_cli_prints_jsonl_with_time_codes(clip: Path) -> None:
    needs_ocr()
    result = CliRunner().invoke(
        cli, ["screen-media", str(clip), "--language", "vi", "--format", "jsonl", "--no-speech"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[-1])
    assert record["id"] == "review.mp4"
    assert record["kind"] == "video"
    cure = next(f for f in record["findings"] if f["rule_id"] == "vi.health.cure_claim")
    assert (cure["t_start"], cure["t_end"], cure["source"]) == (6.0, 12.0, "on_screen")
    failing = CliRunner().invoke(
        cli, ["screen-media", str(clip), "--language", "vi", "--no-speech", "--fail-on", "high"]
    )
    assert failing.exit_code == 1


def test_the_api_stores_the_clip_and_its_findings(
    clip: Path, client: TestClient, admin_headers: dict[str, str]
) -> None:
    needs_ocr()
    needs_speech()
    with clip.open("rb") as video:
        answer = client.post(
            "/api/v1/media?wait=true",
            files={"media": ("review.mp4", video, "video/mp4")},
            data={"language": "en", "title": "MegaSlim review"},
            headers=admin_headers,
        )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "done"
    assert body["kind"] == "video"
    assert body["speech"]["status"] == "transcribed"
    sources = {f["source"] for f in body["findings"]}
    assert {"speech", "on_screen"} <= sources
    assert any(f["rule_id"] == UNDISCLOSED for f in body["findings"])


def test_a_changed_number_on_screen_is_a_new_caption(tmp_path: Path) -> None:
    needs_ocr()
    from koltrust.media.synth import Scene, build_video

    scenes = [
        Scene(0, 3, "Nhập mã LINH20 giảm 20% hôm nay"),
        Scene(3, 6, "Nhập mã LINH20 giảm 30% hôm nay"),
    ]
    video = build_video(scenes, tmp_path / "prices.mp4")
    analysis = analyse(video, options=MediaOptions(language="vi", speech=False))
    assert [(u.t_start, u.t_end, "30%" in u.text) for u in analysis.units] == [
        (0, 3, False),
        (3, 6, True),
    ]
