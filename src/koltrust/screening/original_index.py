"""Which link conditions may hold for a post, and which literals of case-blind regexes occur
in it, from one automaton pass over the case key of the original text and its links field
(``koltrust.text.casekey``; pure).

A link's host is written in the post (or its links field), so a domain that a condition asks
for, or that a flagged list holds, shows up in the key whenever a link can be on it: finding
the links themselves costs a URL regex over the whole post, and most posts have no link on any
domain a rule names."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import ahocorasick

from koltrust.screening import model as m
from koltrust.text.casekey import case_key

LinkCondition = m.LinkDomains | m.ListLookup


class OriginalTextIndex:
    """Looks for the domains of link conditions (``link_domains`` conditions and look-ups of
    domain lists) and for ``literals`` (given as case keys)."""

    def __init__(
        self,
        conditions: Iterable[LinkCondition],
        lists: Mapping[str, m.FlaggedList],
        literals: Iterable[str] = (),
    ) -> None:
        owners: dict[str, set[LinkCondition]] = defaultdict(set)
        indexed: set[LinkCondition] = set()
        for condition in conditions:
            domains = _domains_of(condition, lists)
            if domains is None:
                continue
            indexed.add(condition)  # with no domain at all, it can never hold
            for domain in domains:
                owners[case_key(domain)].add(condition)
        self.indexed: frozenset[LinkCondition] = frozenset(indexed)
        wanted = set(literals)
        self._automaton = ahocorasick.Automaton()
        for key in owners.keys() | wanted:
            literal = key if key in wanted else None
            self._automaton.add_word(key, (tuple(owners.get(key, ())), literal))
        self._empty = not owners and not wanted
        if not self._empty:
            self._automaton.make_automaton()
        self._shortcut = _Shortcut.of(
            {
                key: (tuple(owners.get(key, ())), key if key in wanted else None)
                for key in owners.keys() | wanted
            }
        )

    def scan(self, text: str, links: tuple[str, ...]) -> tuple[set[LinkCondition], set[str]]:
        """The indexed conditions one of whose domains occurs in ``text`` or ``links``, and
        the literals that occur in them."""
        conditions: set[LinkCondition] = set()
        literals: set[str] = set()
        if self._empty:
            return conditions, literals
        subject = case_key("\n".join((text, *map(_as_parsed, links))) if links else text)
        found = self._shortcut.found(subject) if self._shortcut is not None else None
        for _, (owners, literal) in self._automaton.iter(subject) if found is None else found:
            conditions.update(owners)
            if literal is not None:
                literals.add(literal)
        return conditions, literals


Entry = tuple[tuple[LinkCondition, ...], str | None]  # a key's owners and literal
MAX_UNDOTTED = 8


class _Shortcut:
    """Most posts have no dot before a letter or digit (a sentence's full stop is followed by
    a space), and so none of the keys that hold one, such as every domain: for them, looking
    up the few other keys one by one is cheaper than a pass of the automaton."""

    def __init__(self, dotted: re.Pattern[str], undotted: dict[str, Entry]) -> None:
        self._dotted = dotted
        self._undotted = undotted

    @classmethod
    def of(cls, entries: Mapping[str, Entry]) -> _Shortcut | None:
        """The shortcut for these keys, or None when too many have no dot before a character."""
        after_dot: set[str] = set()
        undotted: dict[str, Entry] = {}
        for key, entry in entries.items():
            dot = key.find(".", 0, len(key) - 1)
            if dot < 0:
                undotted[key] = entry
            else:
                after_dot.add(key[dot + 1])
        if len(undotted) > MAX_UNDOTTED or not after_dot:
            return None
        pattern = re.compile("\\.[" + "".join(map(re.escape, sorted(after_dot))) + "]")
        return cls(pattern, undotted)

    def found(self, subject: str) -> list[tuple[int, Entry]] | None:
        """The entries of the keys in ``subject`` (with no position), or None when a key with
        a dot may be in it and the automaton must look."""
        if self._dotted.search(subject):
            return None
        return [(0, entry) for key, entry in self._undotted.items() if key in subject]


def _as_parsed(url: str) -> str:
    """``url`` without the tabs and line breaks that URL parsing drops (as browsers do):
    "s\thopee.vn" is a link to shopee.vn."""
    return url.replace("\t", "").replace("\r", "").replace("\n", "")


def _domains_of(condition: LinkCondition, lists: Mapping[str, m.FlaggedList]) -> list[str] | None:
    """The domains a link must be on for ``condition`` to hold; None for a look-up of a list
    that is not a domain list."""
    if isinstance(condition, m.LinkDomains):
        return [domain for domain in condition.domains if domain]
    flagged = lists.get(condition.name)
    if flagged is None or flagged.kind != "domains":
        return None
    return [entry.value for entry in flagged.entries if entry.value]
