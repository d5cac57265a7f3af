"""Which phrase and regex conditions a condition needs: a rule none of whose needed phrases
occur in a post, and none of whose needed regexes can (their literals are absent), cannot match
it, so most posts skip most rules after one automaton pass (pure)."""

from __future__ import annotations

from collections.abc import Set

from koltrust.screening import model as m

Key = m.Phrases | m.Regex
Trigger = frozenset[Key] | None  # None: the condition may hold without any phrase or regex


def trigger(
    condition: m.Condition, concepts: dict[str, m.Condition], regexes: Set[m.Regex] = frozenset()
) -> Trigger:
    """A set of phrase conditions and regexes (from ``regexes``, those a literal check can rule
    out) at least one of which must hit, or None if there is none."""
    if isinstance(condition, m.Phrases) or (
        isinstance(condition, m.Regex) and condition in regexes
    ):
        return frozenset({condition})
    if isinstance(condition, m.ConceptRef):
        return trigger(concepts[condition.name], concepts, regexes)
    if isinstance(condition, m.Position):
        return trigger(condition.of, concepts, regexes)
    if isinstance(condition, m.AnyOf):
        parts = [trigger(part, concepts, regexes) for part in condition.parts]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*(part for part in parts if part is not None))
    if isinstance(condition, m.AllOf | m.Near):
        parts = [trigger(part, concepts, regexes) for part in condition.parts]
        needed = [part for part in parts if part is not None]
        return min(needed, key=len) if needed else None
    return None
