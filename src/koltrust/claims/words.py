"""Content words of a text, folded, for the overlap feature and for finding the sentence of a
post that repeats a claim."""

from __future__ import annotations

import regex

from koltrust.text.fold import fold

_WORD = regex.compile(r"[\p{L}\p{N}]{3,}")


def content_words(text: str) -> frozenset[str]:
    """Folded words of three or more letters or digits (short words carry little)."""
    return frozenset(_WORD.findall(fold(text)))


def overlap(claim: frozenset[str], text: frozenset[str]) -> float:
    """Share of the claim's words that the text has."""
    return len(claim & text) / len(claim) if claim else 0.0
