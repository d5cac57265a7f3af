"""Which regexes of the rulebook may match a post: the literals each regex cannot match without
are looked for in the same automaton pass as the phrases, so that rules whose only way in is a
regex are skipped like rules whose phrases are absent (pure).

Patterns on the original text ignore case, and `regex` ignores case in ways str.casefold
does not (i with İ, ı with I): their literals are looked for in a second pass over the
original's case key (``koltrust.text.casekey``), when every character of them is one that key
is proven for. Case-blind patterns on the view, and literals with other characters, give no
prefilter: those regexes are always tried."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from koltrust.screening import model as m
from koltrust.screening.regex_literals import Literals, required_literals
from koltrust.text.casekey import case_key, covers


class LiteralIndex:
    """The literals to look for, and the regexes that may match given those found;
    ``indexed`` are the regexes it can rule out. ``view_literals`` are looked for in the view
    (by the phrase automaton), ``original_literals`` in the original's case key.

    Of the groups of literals a regex needs, only the rarest is looked for (the one whose
    shortest literal is longest): short ones ("a ", "on") are in most posts, and every
    occurrence costs a step in Python. The evaluator checks the others before running it."""

    def __init__(self, regexes: Iterable[m.Regex]) -> None:
        self.indexed: set[m.Regex] = set()
        self._owners: dict[tuple[bool, str], set[m.Regex]] = defaultdict(set)
        for condition in regexes:
            keyed = _keyed_group(condition)
            if keyed is None:
                continue
            on_original, group = keyed
            for literal in group:
                self._owners[on_original, literal].add(condition)
            self.indexed.add(condition)
        self.view_literals = {literal for on_original, literal in self._owners if not on_original}
        self.original_literals = {literal for on_original, literal in self._owners if on_original}

    def regexes(self, in_view: Iterable[str], in_original: Iterable[str]) -> set[m.Regex]:
        """The indexed regexes one of whose literals is among those found."""
        found = {regex for literal in in_view for regex in self._owners.get((False, literal), ())}
        for literal in in_original:
            found.update(self._owners.get((True, literal), ()))
        return found


def _keyed_group(condition: m.Regex) -> tuple[bool, set[str]] | None:
    """Where to look for the regex's rarest group of literals (True: in the original's case
    key) and that group as looked for, or None when it cannot be prefiltered."""
    literals: Literals | None = required_literals(
        condition.pattern, ignore_case=condition.on_original
    )
    if literals is None:
        return None
    rarest = literals.groups[0]  # groups come longest literals first
    if not literals.ignore_case:
        return False, set(rarest)
    if not condition.on_original or not all(map(covers, rarest)):
        return None
    return True, {case_key(literal) for literal in rarest}
