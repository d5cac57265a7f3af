"""Fuzzy look-up of flagged product and brand names, robust to spacing, case, diacritics and
a typo: a name is a candidate when all its words but the two a typo may break occur in the
post's view (found by the engine's automaton pass), and only candidates are aligned with
rapidfuzz over the post without spaces."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass
from itertools import combinations

import ahocorasick
from rapidfuzz import fuzz
from rapidfuzz.distance import ScoreAlignment

from koltrust.screening import model as m
from koltrust.screening.findings import Span
from koltrust.text.normalise import NormalisedText, normalise

MIN_SCORE = 88.0
SHORT_NAME = 8  # names shorter than this (without spaces) must match exactly
MIN_PART = 3  # the words of a name looked for to pick candidates
# a typo breaks the word it is in, or two when it swaps the letters where they meet
PARTS_ONE_TYPO_BREAKS = 2


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
        self._needed: list[int] = []
        owners: dict[str, set[int]] = defaultdict(set)
        parts_of: list[set[str]] = []
        for entry in flagged.entries:
            view = normalise(entry.value).view.strip()
            compact = view.replace(" ", "")
            if not compact:
                continue
            parts = {t for t in view.split() if len(t) >= MIN_PART} or {compact}
            for part in parts:
                owners[part].add(len(self._names))
            self._names.append((entry, compact))
            parts_of.append(parts)
            self._needed.append(max(1, len(parts) - PARTS_ONE_TYPO_BREAKS))
        self._owners = {part: tuple(indexes) for part, indexes in owners.items()}
        self._parts = frozenset(owners)
        # the parts any one of which makes a candidate (of a name that needs only one)
        self._enough = frozenset(
            part for part, indexes in owners.items() if any(self._needed[i] == 1 for i in indexes)
        )
        # the pairs of parts of one name that needs two or more (sorted): a post whose parts
        # hold no such pair has no candidate but through an enough part
        self._pairs = frozenset(
            pair
            for index, name_parts in enumerate(parts_of)
            if self._needed[index] > 1
            for pair in combinations(sorted(name_parts), 2)
        )
        self._automaton = ahocorasick.Automaton()
        for part in owners:
            self._automaton.add_word(part, part)
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners

    @property
    def parts(self) -> frozenset[str]:
        """The name parts looked for (the engine finds them in its own automaton pass)."""
        return self._parts

    def candidates(self, text: NormalisedText, found: Set[str] | None = None) -> list[int]:
        """The names worth aligning with ``text``: enough of their parts occur in its view
        (``found``: the parts that occur, when already looked for)."""
        if self._empty:
            return []
        if found is None:
            found = {part for _, part in self._automaton.iter(text.view)}
        seen: dict[int, int] = defaultdict(int)
        for part in self._parts & found:
            for index in self._owners[part]:
                seen[index] += 1
        return sorted(i for i, count in seen.items() if count >= self._needed[i])

    def has_candidates(self, found: Set[str]) -> bool:
        """Whether ``candidates`` has any name, given the parts ``found`` in the view."""
        hit = self._parts.intersection(found)
        if not hit:
            return False
        if not self._enough.isdisjoint(hit):
            return True
        if len(hit) == 1 or self._pairs.isdisjoint(combinations(sorted(hit), 2)):
            return False  # every other name needs two parts or more
        seen: dict[int, int] = defaultdict(int)
        for part in hit:
            for index in self._owners[part]:
                seen[index] += 1
        return any(count >= self._needed[index] for index, count in seen.items())

    def find(self, text: NormalisedText, found: Set[str] | None = None) -> list[ProductHit]:
        """The flagged names that occur in ``text`` (``found`` as for ``candidates``)."""
        hits = []
        for index in self.candidates(text, found):
            entry, name = self._names[index]
            cutoff = 100.0 if len(name) < SHORT_NAME else MIN_SCORE
            aligned = fuzz.partial_ratio_alignment(name, text.compact, score_cutoff=cutoff)
            if aligned is not None and _covers_name(aligned, name, exact=cutoff == 100.0):
                start, end = text.to_original("compact", aligned.dest_start, aligned.dest_end)
                hits.append(ProductHit(entry, Span(start, end), aligned.score))
        return hits


def _covers_name(aligned: ScoreAlignment, name: str, *, exact: bool) -> bool:
    """Whether the aligned part of the post is the whole name, less at most the one character
    a typo may drop: in a post shorter than the name, partial_ratio aligns the post with a part
    of the name ("detox" in "slimfastdetoxmax") and would score 100."""
    return aligned.dest_end - aligned.dest_start >= len(name) - (0 if exact else 1)


def product_matchers(rulebook: m.Rulebook) -> dict[str, ProductMatcher]:
    """A matcher for each products list of ``rulebook``, by list name."""
    return {
        name: ProductMatcher(flagged)
        for name, flagged in rulebook.lists.items()
        if flagged.kind == "products"
    }
