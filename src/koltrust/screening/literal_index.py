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
from itertools import chain

from koltrust.screening import model as m
from koltrust.screening.regex_literals import Literals, required_literals
from koltrust.text.casekey import case_key, covers

Need = tuple[m.Regex, int]  # a regex and one of its groups of literals
MIN_LETTERS = 3  # a group with a shorter word literal ("a ", "on") is in most posts


class LiteralIndex:
    """The literals to look for, and the regexes that may match given those found;
    ``indexed`` are the regexes it can rule out. ``view_literals`` are looked for in the view
    (by the phrase automaton), ``original_literals`` in the original's case key.

    A regex may match only when a literal of each of its looked-for groups occurs. Groups
    with a short word among their literals are not looked for, unless no group is longer:
    they occur in most posts, and every occurrence costs a step in Python."""

    def __init__(self, regexes: Iterable[m.Regex]) -> None:
        self.indexed: dict[m.Regex, int] = {}  # regex: how many groups it needs
        keyed = {c: k for c in regexes if (k := _keyed_groups(c)) is not None}
        # a group left out as common is still required when all its literals are looked for
        # anyway, for other regexes: knowing it costs nothing more per post
        looked_for: dict[bool, set[str]] = {False: set(), True: set()}
        for on_original, groups, _ in keyed.values():
            looked_for[on_original].update(chain.from_iterable(groups))
        owners: dict[bool, dict[str, set[Need]]] = {False: defaultdict(set), True: defaultdict(set)}
        for condition, (on_original, groups, common) in keyed.items():
            free = [group for group in common if looked_for[on_original].issuperset(group)]
            for number, group in enumerate([*groups, *free]):
                for literal in group:
                    owners[on_original][literal].add((condition, number))
            self.indexed[condition] = len(groups) + len(free)
        self._in_view = {
            literal: _split(needs, self.indexed) for literal, needs in owners[False].items()
        }
        self._in_original = {
            literal: _split(needs, self.indexed) for literal, needs in owners[True].items()
        }
        self.view_literals = frozenset(self._in_view)
        self.original_literals = frozenset(self._in_original)

    def regexes(self, in_view: Iterable[str], in_original: Iterable[str]) -> set[m.Regex]:
        """The indexed regexes with a literal of each of their groups among those found
        (``in_view``, ``in_original``: literals found, perhaps with others)."""
        found: set[m.Regex] = set()
        met: dict[m.Regex, set[int]] | None = None
        for literals, table in ((in_view, self._in_view), (in_original, self._in_original)):
            for literal in literals:
                entry = table.get(literal)
                if entry is None:
                    continue
                alone, needs = entry
                found.update(alone)
                for regex, number in needs:
                    met = defaultdict(set) if met is None else met
                    met[regex].add(number)
        if met is not None:
            found.update(
                regex for regex, groups in met.items() if len(groups) == self.indexed[regex]
            )
        return found


def _split(
    needs: Iterable[Need], groups: dict[m.Regex, int]
) -> tuple[tuple[m.Regex, ...], tuple[Need, ...]]:
    """``needs`` as the regexes that need nothing more (one group) and the other needs."""
    alone = tuple(regex for regex, _ in needs if groups[regex] == 1)
    return alone, tuple(need for need in needs if groups[need[0]] > 1)


Groups = list[tuple[str, ...]]


def _keyed_groups(condition: m.Regex) -> tuple[bool, Groups, Groups] | None:
    """Where to look for the regex's literals (True: in the original's case key), the groups
    to look for and the groups too common to look for on their own; None when it cannot be
    prefiltered."""
    literals: Literals | None = required_literals(
        condition.pattern, ignore_case=condition.on_original
    )
    if literals is None:
        return None
    # groups come longest literals first: the first is kept even when short
    groups = [literals.groups[0], *filter(_selective, literals.groups[1:])]
    common = [group for group in literals.groups[1:] if not _selective(group)]
    if not literals.ignore_case:
        return False, groups, common
    if not condition.on_original:
        return None
    groups = [group for group in groups if all(map(covers, group))]
    if not groups:
        return None
    common = [group for group in common if all(map(covers, group))]
    return True, _case_keys(groups), _case_keys(common)


def _case_keys(groups: Groups) -> Groups:
    return [tuple(case_key(literal) for literal in group) for group in groups]


def _selective(group: tuple[str, ...]) -> bool:
    """Whether a group is rare enough to look for: every literal has MIN_LETTERS letters or
    digits, or is made of symbols only ("%", "€")."""
    return all(
        sum(map(str.isalnum, literal)) >= MIN_LETTERS
        or not any(char.isalnum() or char.isspace() for char in literal)
        for literal in group
    )
