"""Every phrase of the rulebook in one Aho-Corasick automaton over the normalised view, with a
Unicode whole-word check (hyperscan's ASCII-only \\b would be wrong for Vietnamese)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import ahocorasick

from koltrust.screening import model as m
from koltrust.text.normalise import normalise

ViewSpan = tuple[int, int]


def phrase_keys(term: str) -> set[str]:
    """The forms of ``term`` to look for in a view: as normalised, and with its spaces removed
    (the normaliser joins letters spelt out one by one, "q u ả n g c á o" -> "quangcao")."""
    view = normalise(term).view.strip()
    keys = {view} if view else set()
    if " " in view:
        keys.add(view.replace(" ", ""))
    return keys


class PhraseIndex:
    """Finds, in one pass, every occurrence of every Phrases condition's terms, and which of
    ``literals`` (plain substrings, found anywhere: regex literals, product name parts) occur."""

    def __init__(self, conditions: Iterable[m.Phrases], literals: Iterable[str] = ()) -> None:
        owners: dict[str, set[m.Phrases]] = defaultdict(set)
        for condition in conditions:
            for term in condition.terms:
                for key in phrase_keys(term):
                    owners[key].add(condition)
        wanted = {literal for literal in literals if literal}
        self._automaton = ahocorasick.Automaton()
        for key in owners.keys() | wanted:
            literal = key if key in wanted else None
            if key not in owners:  # a literal only: its entry is itself
                self._automaton.add_word(key, key)
                continue
            self._automaton.add_word(
                key, (len(key), *_word_edges(key), tuple(owners[key]), literal)
            )
        self._empty = not owners and not wanted
        if not self._empty:
            self._automaton.make_automaton()

    def search(self, view: str) -> dict[m.Phrases, list[ViewSpan]]:
        """For each Phrases condition with a whole-word hit in ``view``: its view spans."""
        return self.scan(view)[0]

    def scan(self, view: str) -> tuple[dict[m.Phrases, list[ViewSpan]], set[str]]:
        """``search``, and the literals that occur in ``view``."""
        hits: dict[m.Phrases, list[ViewSpan]] = defaultdict(list)
        literals: set[str] = set()
        if self._empty:
            return hits, literals
        size = len(view)
        for last, entry in self._automaton.iter(view):
            if entry.__class__ is str:  # a literal only
                literals.add(entry)
                continue
            length, left, right, owners, literal = entry
            if literal is not None:
                literals.add(literal)
            start, end = last - length + 1, last + 1
            # whole words only: no letter, digit or "_" just outside a word edge of the key
            # (_is_word, written out: this loop runs for every hit of every post)
            if left and start > 0 and (view[start - 1].isalnum() or view[start - 1] == "_"):
                continue
            if right and end < size and (view[end].isalnum() or view[end] == "_"):
                continue
            for owner in owners:
                hits[owner].append((start, end))
        return hits, literals


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_edges(key: str) -> tuple[bool, bool]:
    # a phrase that starts with "#" or ends with "%" is already delimited on that side
    return _is_word(key[0]), _is_word(key[-1])
