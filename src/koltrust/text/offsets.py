"""Offset maps: how each normalisation step's output characters came from its input.

A step is described by its edits only (input span replaced by some output characters); between
edits every output character is the input character at a fixed shift. Steps that change no
lengths record nothing, so the common case costs nothing, and a span is mapped back by one
binary search per step.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple


class StepMap(NamedTuple):
    """One step's edits: output span k came from input span k; the rest maps one to one.
    (A named tuple: most posts build one or more, and it is built several times faster than
    a frozen dataclass.)"""

    in_len: int
    out_len: int
    out_starts: tuple[int, ...]
    out_ends: tuple[int, ...]
    in_starts: tuple[int, ...]
    in_ends: tuple[int, ...]

    def char_span(self, index: int) -> tuple[int, int]:
        """The input span that produced output character ``index``."""
        k = bisect_right(self.out_starts, index) - 1
        if k < 0:
            return index, index + 1
        if index < self.out_ends[k]:
            return self.in_starts[k], self.in_ends[k]
        shifted = index + self.in_ends[k] - self.out_ends[k]
        return shifted, shifted + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The input span covering every input character behind output ``[start, end)``."""
        if start < end:
            return self.char_span(start)[0], self.char_span(end - 1)[1]
        point = self.char_span(start)[0] if start < self.out_len else self.in_len
        return point, point


class EditLog:
    """Collects a step's edits in input order and builds its ``StepMap``."""

    __slots__ = ("_edits", "_shift")

    def __init__(self) -> None:
        self._edits: list[tuple[int, int, int, int]] = []
        self._shift = 0

    def replace(self, start: int, end: int, produced: int) -> None:
        """Record that input ``[start, end)`` became ``produced`` output characters."""
        out_start = start - self._shift
        self._edits.append((start, end, out_start, out_start + produced))
        self._shift += end - start - produced

    def build(self, in_len: int, out_len: int) -> StepMap | None:
        """The step's map, or None when nothing changed length (output index = input index)."""
        if not self._edits:
            return None
        in_starts, in_ends, out_starts, out_ends = zip(*self._edits, strict=True)
        return StepMap(in_len, out_len, out_starts, out_ends, in_starts, in_ends)


def deletions(text: str, removed: str) -> StepMap | None:
    """The map of ``text.replace(removed, "")`` for a single character ``removed``."""
    log = EditLog()
    index = text.find(removed)
    while index >= 0:
        log.replace(index, index + 1, 0)
        index = text.find(removed, index + 1)
    return log.build(len(text), len(text) - text.count(removed))


def map_span(steps: tuple[StepMap, ...], start: int, end: int) -> tuple[int, int]:
    """Map ``[start, end)`` in the last step's output back through every step to the input."""
    for step in reversed(steps):
        start, end = step.span(start, end)
    return start, end


def full_map(steps: tuple[StepMap, ...], length: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """For each of ``length`` output characters, its original start and end."""
    starts = list(range(length))
    ends = list(range(1, length + 1))
    for step in reversed(steps):
        starts = [step.char_span(index)[0] for index in starts]
        ends = [step.char_span(index - 1)[1] for index in ends]
    return tuple(starts), tuple(ends)
