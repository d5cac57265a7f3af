"""Walking a condition tree (pure)."""

from __future__ import annotations

from collections.abc import Iterator

from koltrust.screening import model as m


def children(condition: m.Condition) -> tuple[m.Condition, ...]:
    """The direct sub-conditions of ``condition``."""
    if isinstance(condition, m.AllOf | m.AnyOf | m.NoneOf | m.Near):
        return condition.parts
    if isinstance(condition, m.Position):
        return (condition.of,)
    return ()


def walk(condition: m.Condition) -> Iterator[m.Condition]:
    """``condition`` and every condition below it, depth first."""
    yield condition
    for child in children(condition):
        yield from walk(child)
