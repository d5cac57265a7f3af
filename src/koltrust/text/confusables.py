"""Tables for normalisation: look-alike letters, invisible characters and leetspeak digits."""

from __future__ import annotations

# Cyrillic, Greek and a few other letters that render like a Latin letter. Applied to bare
# letters (diacritics already removed) and before case folding, because some capitals and
# lower-case forms look like different Latin letters (Greek Ν is "N", ν is "v").
_HOMOGLYPH_PAIRS = {
    # Cyrillic lower case
    "а": "a",
    "в": "b",
    "е": "e",
    "һ": "h",
    "н": "h",
    "і": "i",
    "ӏ": "l",
    "ј": "j",
    "к": "k",
    "м": "m",
    "о": "o",
    "р": "p",
    "ԛ": "q",
    "с": "c",
    "ѕ": "s",
    "т": "t",
    "у": "y",
    "ү": "y",
    "ѵ": "v",
    "ԝ": "w",
    "х": "x",
    "ԁ": "d",
    # Cyrillic capitals
    "А": "A",
    "В": "B",
    "Е": "E",
    "Н": "H",
    "І": "I",
    "Ӏ": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Ѕ": "S",
    "Т": "T",
    "У": "Y",
    "Ү": "Y",
    "Х": "X",
    "Ԁ": "D",
    "Ԛ": "Q",
    "Ԝ": "W",
    # Greek lower case
    "α": "a",
    "β": "b",
    "γ": "y",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    # Greek capitals
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Latin letters without a decomposition, and Armenian look-alikes
    "ı": "i",
    "ȷ": "j",
    "օ": "o",
    "ս": "u",
    "ց": "g",
}

HOMOGLYPHS: dict[int, str] = str.maketrans(_HOMOGLYPH_PAIRS)

# Letters (category Lo) that render as nothing: Hangul fillers are a known way to hide text.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0")

# Renders as a blank but is neither whitespace nor a format character.
SPACE_LIKE = frozenset("\u2800")

LEET_CHARACTERS = "013457@$"


def leet_table(one: str) -> dict[int, str]:
    """Leetspeak digits and symbols to letters, reading "1" as ``one`` ("i" or "l")."""
    return str.maketrans(
        {"0": "o", "1": one, "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
    )
