"""Which phrase conditions a condition needs: a rule none of whose needed phrases occur in a
post cannot match it, so most posts skip most rules after one automaton pass (pure)."""

from __future__ import annotations

from koltrust.screening import model as m

Trigger = frozenset[m.Phrases] | None  # None: the condition may hold without any phrase


def trigger(condition: m.Condition, concepts: dict[str, m.Condition]) -> Trigger:
    """A set of phrase conditions at least one of which must hit, or None if there is none."""
    if isinstance(condition, m.Phrases):
        return frozenset({condition})
    if isinstance(condition, m.ConceptRef):
        return trigger(concepts[condition.name], concepts)
    if isinstance(condition, m.Position):
        return trigger(condition.of, concepts)
    if isinstance(condition, m.AnyOf):
        parts = [trigger(part, concepts) for part in condition.parts]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*(part for part in parts if part is not None))
    if isinstance(condition, m.AllOf | m.Near):
        needed = [t for t in (trigger(part, concepts) for part in condition.parts) if t is not None]
        return min(needed, key=len) if needed else None
    return None
