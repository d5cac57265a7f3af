"""A screened media file: what was read from it and what screening found, as one record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from koltrust.media.findings import MediaFinding
from koltrust.media.pipeline import MediaAnalysis
from koltrust.media.screen import screen_units
from koltrust.screening.engine import Engine


@dataclass(frozen=True)
class MediaReport:
    """The analysis of one media file and its findings in time order."""

    id: str | None
    analysis: MediaAnalysis
    findings: tuple[MediaFinding, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, shaped like ``koltrust screen`` output plus the media's own fields;
        each finding's spans are ``[unit, start, end]`` into ``units``."""
        analysis = self.analysis
        info = analysis.info
        return {
            "id": self.id,
            "kind": info.kind if info else "captions",
            "duration": info.duration if info else None,
            "language": analysis.language,
            "speech": {
                "status": analysis.speech.status,
                "reason": analysis.speech.reason,
                "recognizer": analysis.speech.recognizer,
                "language": analysis.speech.language,
            },
            "on_screen": {
                "status": analysis.on_screen.status,
                "reason": analysis.on_screen.reason,
                "frames_read": analysis.on_screen.items,
            },
            "units": [
                {
                    "source": unit.source.value,
                    "t_start": round(unit.t_start, 3),
                    "t_end": round(unit.t_end, 3),
                    "text": unit.text,
                    "confidence": round(unit.confidence, 3),
                }
                for unit in analysis.units
            ],
            "findings": [finding.to_dict() for finding in self.findings],
            "seconds": analysis.seconds,
        }


def screen_media(
    engine: Engine,
    analysis: MediaAnalysis,
    *,
    media_id: str | None = None,
    paid_partnership: bool = False,
    disclosure_window: float = 60.0,
) -> MediaReport:
    """Screen what ``analysis`` read, in the language it settled on."""
    findings = screen_units(
        engine,
        analysis.units,
        language=analysis.language,
        paid_partnership=paid_partnership,
        disclosure_window=disclosure_window,
    )
    return MediaReport(media_id, analysis, tuple(findings))
