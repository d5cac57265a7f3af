"""A case-blind key of a text, for looking up literals the way the ``regex`` module ignores
case: where a case-insensitive pattern matches a literal made of ``ALPHABET`` characters, the
key of the text holds the key of the literal.

``str.casefold`` alone is not that: ``regex`` also pairs ı with I and İ with i (a test checks
every code point against ``regex`` for this alphabet). Case folding maps character by
character, so the key of a part of a text is a part of the text's key."""

from __future__ import annotations

_ACCENTED = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"  # Vietnamese
    "àâäçéèêëîïôöùûüÿœæ"  # and French
)
ALPHABET = frozenset(
    [chr(code) for code in range(0x20, 0x7F)] + list(_ACCENTED) + list(_ACCENTED.upper())
)
# characters that ``regex`` matches with an ALPHABET character, ignoring case, whose
# case folding is not that character's
EXCEPTIONS = {"ı": "i", "İ": "i"}
_TABLE = str.maketrans(EXCEPTIONS)


def covers(literal: str) -> bool:
    """Whether ``case_key`` may stand for ``literal`` in case-blind look-ups."""
    return bool(literal) and ALPHABET.issuperset(literal)


def case_key(text: str) -> str:
    """``text`` case-folded, with the exceptions folded as ``regex`` pairs them."""
    if "ı" in text or "İ" in text:
        text = text.translate(_TABLE)
    return text.casefold()
