"""Which regexes of the rulebook may match a post: the literals each regex cannot match without
are looked for in the same automaton pass as the phrases, so that rules whose only way in is a
regex are skipped like rules whose phrases are absent (pure).

Case-blind patterns (on the original text, or with (?i)) are left out: `regex` ignores case
in ways str.casefold does not (i with İ, ı with I, letters newer than Python's tables), so
their literals can only be looked for with `regex` itself, which costs about what running the
pattern would; they are always tried."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from koltrust.screening import model as m
from koltrust.screening.regex_literals import required_literals

Need = tuple[m.Regex, int]  # a regex and one of its groups of literals


class LiteralIndex:
    """The literals to look for, and the regexes that may match given those found;
    ``indexed`` are the regexes it can rule out."""

    def __init__(self, regexes: Iterable[m.Regex]) -> None:
        self.indexed: dict[m.Regex, int] = {}  # regex: how many groups of literals it needs
        owners: dict[str, set[Need]] = defaultdict(set)
        for condition in regexes:
            literals = required_literals(condition.pattern, ignore_case=condition.on_original)
            if literals is None or literals.ignore_case:
                continue
            for group, alternatives in enumerate(literals.groups):
                for literal in alternatives:
                    owners[literal].add((condition, group))
            self.indexed[condition] = len(literals.groups)
        self.literals: list[str] = list(owners)
        self._needs: list[tuple[Need, ...]] = [tuple(owners[x]) for x in self.literals]

    def regexes(self, found: Iterable[int]) -> frozenset[m.Regex]:
        """The indexed regexes that have a literal of each of their groups among ``found``
        (numbers of ``literals``)."""
        met: dict[m.Regex, set[int]] = defaultdict(set)
        for number in found:
            for regex, group in self._needs[number]:
                met[regex].add(group)
        return frozenset(r for r, groups in met.items() if len(groups) == self.indexed[r])
