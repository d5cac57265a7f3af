"""What media screening finds: a text finding placed in time and in the units it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from koltrust.media.timed import Source
from koltrust.screening.findings import Finding


@dataclass(frozen=True)
class UnitSpan:
    """Characters ``[start, end)`` of unit number ``unit``."""

    unit: int
    start: int
    end: int


@dataclass(frozen=True)
class MediaFinding:
    """A finding placed in time: ``[t_start, t_end)`` seconds, from ``source``."""

    finding: Finding
    source: Source
    t_start: float
    t_end: float
    spans: tuple[UnitSpan, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the text finding's fields with spans into units, time and source."""
        data = self.finding.to_dict()
        data["producer"] = data.pop("source")
        data["spans"] = [[span.unit, span.start, span.end] for span in self.spans]
        data["source"] = self.source.value
        data["t_start"] = round(self.t_start, 3)
        data["t_end"] = round(self.t_end, 3)
        return data
