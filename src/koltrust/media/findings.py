"""What media screening finds: a text finding placed in time and in the units it came from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from koltrust.media.timed import Source, clock
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

    def as_post_finding(self, media_id: int) -> Finding:
        """This finding as one of the post the media is attached to: no spans (they point
        into the media's text, not the post's), the time and source in the excerpt, and where
        to see it in the evidence."""
        when = f"{clock(self.t_start)}–{clock(self.t_end)}"
        return replace(
            self.finding,
            spans=(),
            excerpt=f"[{when}, {self.source.value}] {self.finding.excerpt}",
            evidence={
                **self.finding.evidence,
                "media_id": media_id,
                "media_page": f"/media/{media_id}",
                "t_start": round(self.t_start, 3),
                "t_end": round(self.t_end, 3),
                "media_source": self.source.value,
                "media_spans": [[span.unit, span.start, span.end] for span in self.spans],
            },
        )
