"""Language identification restricted to koltrust's languages (vi, en, fr, id), with a
confidence, and a nudge for Vietnamese typed without diacritics."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from koltrust.text.fold import fold

SUPPORTED = ("vi", "en", "fr", "id")

# frequent Vietnamese words that are rare as whole words in English, French and Indonesian
_MARKER_WORDS = (
    "khong cua nhung duoc cho voi mot nay nhe minh ban roi thi cung rat lam nhieu chua "
    "nguoi hang gia mua ngay sau truoc dung va la co"
)
_VIETNAMESE_MARKERS = frozenset(_MARKER_WORDS.split())


@dataclass(frozen=True)
class LanguageGuess:
    """The most likely language and how sure the model is (0..1)."""

    language: str
    confidence: float


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED))
    return identifier


def identify(text: str) -> LanguageGuess:
    """The language of ``text`` among vi, en, fr and id."""
    if not text.strip():
        return LanguageGuess("vi", 0.0)
    language, probability = _identifier().classify(text)
    guess = LanguageGuess(str(language), float(probability))
    if guess.language != "vi" and _looks_vietnamese_without_marks(text):
        return LanguageGuess("vi", max(0.5, 1.0 - guess.confidence))
    return guess


def _looks_vietnamese_without_marks(text: str) -> bool:
    words = fold(text).split()
    if not words:
        return False
    markers = sum(1 for word in words if word in _VIETNAMESE_MARKERS)
    return markers >= 3 and markers / len(words) >= 0.2
