"""Literals a regex cannot match without: a post that holds none of them is skipped without
running the regex, which is most posts for most patterns (pure).

The pattern is read with Python's own regex parser. Anything it cannot read as ``regex``
would (a syntax of the ``regex`` module only, a warning, a literal brace or bracket that may
be ``regex`` syntax) gives no literals, and the pattern always runs: a prefilter may only ever
skip posts the pattern cannot match."""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass, field
from typing import Any

import regex

_PARSER: Any = importlib.import_module("re._parser")
_CONSTANTS: Any = importlib.import_module("re._constants")

MIN_LENGTH = 2  # a single letter or digit is in nearly every post: not worth a check
_SUSPECT = frozenset("{}[]")  # literal to Python, but fuzzy or set syntax to `regex`
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_GROUPS = {"SUBPATTERN", "ATOMIC_GROUP"}


@dataclass(frozen=True)
class Literals:
    """Every match holds at least one literal of each group of ``groups``, ignoring case when
    ``ignore_case`` (as the pattern does)."""

    groups: tuple[tuple[str, ...], ...]
    ignore_case: bool
    _matchers: tuple[regex.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # ignoring case the way `regex` does it, which is not str.casefold: it pairs i with
        # İ and ı with I, and knows letters newer than Python's Unicode tables; an alternation
        # of literals cannot backtrack, so it needs no time limit
        matchers = tuple(
            regex.compile("|".join(map(regex.escape, group)), regex.IGNORECASE | regex.UNICODE)
            for group in self.groups
        )
        object.__setattr__(self, "_matchers", matchers if self.ignore_case else ())

    def may_match(self, text: str) -> bool:
        """False only when some group has no literal in ``text``."""
        if self.ignore_case:
            return all(matcher.search(text) for matcher in self._matchers)
        return all(any(literal in text for literal in group) for group in self.groups)


def required_literals(pattern: str, *, ignore_case: bool) -> Literals | None:
    """The literals every match of ``pattern`` contains, or None when none can be named."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = _PARSER.parse(pattern)
    except Exception:  # any failure only means "no prefilter"
        return None
    items = _walk(list(parsed.data))
    if any(op == "LITERAL" and chr(argument) in _SUSPECT for op, argument in items):
        return None  # e.g. a fuzzy (?:abc){e<=1}, which Python reads as "abc{e<=1}"
    groups = _sequence(list(parsed.data))
    if not groups:
        return None
    blind = (
        ignore_case
        or bool(parsed.state.flags & _CONSTANTS.SRE_FLAG_IGNORECASE)
        or any(_ignores_case(item) for item in items)
    )
    unique = {tuple(sorted(group)) for group in groups}
    # the longest literals first: they are the rarest, so a post is given up soonest
    ordered = sorted(unique, key=lambda group: (-min(map(len, group)), group))
    return Literals(tuple(ordered), blind)


def _sequence(items: list[tuple[Any, Any]]) -> list[set[str]]:
    """Groups of literals every match of a sequence holds one of each: its runs of literals,
    and the groups of the parts every match goes through."""
    groups: list[set[str]] = []
    run: list[str] = []
    for op, argument in items:
        if str(op) == "LITERAL":
            run.append(chr(argument))
            continue
        if run:
            groups.append({"".join(run)})
            run = []
        groups += _part(str(op), argument)
    if run:
        groups.append({"".join(run)})
    return [group for group in groups if all(_useful(literal) for literal in group)]


def _useful(literal: str) -> bool:
    """Worth a check: two characters or more, or one that is not a letter, digit or space."""
    return len(literal) >= MIN_LENGTH or not (literal.isalnum() or literal.isspace())


def _part(op: str, argument: Any) -> list[set[str]]:
    if op == "BRANCH":
        best = [_best(_sequence(list(branch))) for branch in argument[1]]
        if any(group is None for group in best):
            return []
        return [set().union(*(group for group in best if group is not None))]
    if op in _GROUPS:
        return _sequence(list(argument[-1] if op == "SUBPATTERN" else argument))
    if op in _REPEATS and argument[0] >= 1:
        return _sequence(list(argument[2]))
    return []  # classes, anchors, lookarounds, back-references: nothing required here


def _best(groups: list[set[str]]) -> set[str] | None:
    """The group with the longest shortest literal (then the fewest literals)."""
    if not groups:
        return None
    return max(groups, key=lambda group: (min(map(len, group)), -len(group)))


def _walk(items: list[tuple[Any, Any]]) -> list[tuple[str, Any]]:
    """Every (op, argument) in the tree."""
    found: list[tuple[str, Any]] = []
    for op, argument in items:
        found.append((str(op), argument))
        for child in _children(str(op), argument):
            found += _walk(list(child))
    return found


def _children(op: str, argument: Any) -> list[Any]:
    if op == "BRANCH":
        return list(argument[1])
    if op == "SUBPATTERN":
        return [argument[-1]]
    if op == "ATOMIC_GROUP":
        return [argument]
    if op in _REPEATS:
        return [argument[2]]
    if op in ("ASSERT", "ASSERT_NOT"):
        return [argument[1]]
    return []


def _ignores_case(item: tuple[str, Any]) -> bool:
    """True for a group that turns case-insensitivity on, as in (?i:...)."""
    op, argument = item
    return op == "SUBPATTERN" and bool(argument[1] & _CONSTANTS.SRE_FLAG_IGNORECASE)
