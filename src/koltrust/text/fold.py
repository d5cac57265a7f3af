"""Unicode normal form and diacritic folding, so that "Nguyễn" is found by "nguyen"."""

from __future__ import annotations

import unicodedata

_UNFOLDABLE = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


def nfc(text: str) -> str:
    """The NFC form: combining marks composed with their letters, as koltrust stores text."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case text without diacritics: "Đặng Thị Ánh" -> "dang thi anh"."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # translate after casefolding, so that capitals without a decomposition (Ð, Ø, Ł) fold too
    return unicodedata.normalize("NFC", bare).casefold().translate(_UNFOLDABLE)


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds control or format characters other than tab and newlines."""
    return any(unicodedata.category(ch) in {"Cc", "Cs"} and ch not in "\t\n\r" for ch in text)
