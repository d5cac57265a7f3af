"""Fuzzy look-up of flagged product and brand names, robust to spacing, case, diacritics and
a typo: candidates come from an automaton over distinctive name parts, then rapidfuzz aligns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
from rapidfuzz import fuzz
from rapidfuzz.distance import ScoreAlignment

from koltrust.screening import model as m
from koltrust.screening.findings import Span
from koltrust.text.normalise import NormalisedText, normalise

MIN_SCORE = 88.0
SHORT_NAME = 8  # names shorter than this (without spaces) must match exactly


@dataclass(frozen=True)
class ProductHit:
    """A flagged entry found in a post."""

    entry: m.ListEntry
    span: Span
    score: float


class ProductMatcher:
    """Finds the entries of one products list in posts."""

    def __init__(self, flagged: m.FlaggedList) -> None:
        self._names: list[tuple[m.ListEntry, str]] = []
        owners: dict[str, set[int]] = defaultdict(set)
        for entry in flagged.entries:
            view = normalise(entry.value).view.strip()
            compact = view.replace(" ", "")
            if not compact:
                continue
            index = len(self._names)
            self._names.append((entry, compact))
            for part in [t for t in view.split() if len(t) >= 4] or [compact]:
                owners[part].add(index)
        self._automaton = ahocorasick.Automaton()
        for part, indexes in owners.items():
            self._automaton.add_word(part, tuple(indexes))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners

    def find(self, text: NormalisedText) -> list[ProductHit]:
        """The flagged names that occur in ``text``."""
        if self._empty:
            return []
        compact = text.compact
        candidates = {i for _, indexes in self._automaton.iter(compact) for i in indexes}
        hits = []
        for index in sorted(candidates):
            entry, name = self._names[index]
            cutoff = 100.0 if len(name) < SHORT_NAME else MIN_SCORE
            aligned = fuzz.partial_ratio_alignment(name, compact, score_cutoff=cutoff)
            if aligned is not None and _covers_name(aligned, name, exact=cutoff == 100.0):
                start, end = text.to_original("compact", aligned.dest_start, aligned.dest_end)
                hits.append(ProductHit(entry, Span(start, end), aligned.score))
        return hits


def _covers_name(aligned: ScoreAlignment, name: str, *, exact: bool) -> bool:
    """Whether the aligned part of the post is the whole name, less at most the one character
    a typo may drop: in a post shorter than the name, partial_ratio aligns the post with a part
    of the name ("detox" in "slimfastdetoxmax") and would score 100."""
    return aligned.dest_end - aligned.dest_start >= len(name) - (0 if exact else 1)
