"""Which indexed conditions a condition needs: a rule none of whose needed phrases occur in a
post, none of whose needed regexes can match (their literals are absent), none of whose link
domains are written in it and none of whose flagged products has a candidate, cannot match
it, so most posts skip most rules after one automaton pass (pure)."""

from __future__ import annotations

from collections.abc import Set

from koltrust.screening import model as m

# conditions the engine can tell, before evaluating anything, are false for a post
Key = m.Phrases | m.Regex | m.LinkDomains | m.ListLookup
Trigger = frozenset[Key] | None  # None: the condition may hold without any key


def trigger(
    condition: m.Condition, concepts: dict[str, m.Condition], indexed: Set[Key] = frozenset()
) -> Trigger:
    """A set of keys (phrase conditions, and conditions from ``indexed``) at least one of
    which must hit for ``condition`` to hold, or None if there is none."""
    if isinstance(condition, m.Phrases) or condition in indexed:
        return frozenset({condition})  # type: ignore[arg-type]
    if isinstance(condition, m.ConceptRef):
        return trigger(concepts[condition.name], concepts, indexed)
    if isinstance(condition, m.Position):
        return trigger(condition.of, concepts, indexed)
    if isinstance(condition, m.AnyOf):
        parts = [trigger(part, concepts, indexed) for part in condition.parts]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*(part for part in parts if part is not None))
    if isinstance(condition, m.AllOf | m.Near):
        parts = [trigger(part, concepts, indexed) for part in condition.parts]
        needed = [part for part in parts if part is not None]
        return min(needed, key=len) if needed else None
    return None
