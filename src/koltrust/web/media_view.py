"""What the media page shows: findings placed on a timeline, each unit's text with the
evidence marked (the check page's marking), and the thumbnails."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from koltrust.content.schemas import FindingOut
from koltrust.media.timed import clock
from koltrust.media_records.models import MediaFindingRow, MediaItem, MediaUnit
from koltrust.screening.model import Severity
from koltrust.web.routes_check import Numbered, basis_url, marked_text

SOURCES = ("caption", "speech", "on_screen")
# a marker is at least this wide (percent of the timeline), to hold its number
MIN_MARK_PERCENT = 3.0


@dataclass(frozen=True)
class TimedFinding:
    """A finding as the timeline and the list show it."""

    number: int
    row: MediaFindingRow
    left: float  # percent of the timeline
    width: float
    lane: int = 0  # row of the timeline, so that overlapping findings stay clickable

    @property
    def when(self) -> str:
        """``m:ss–m:ss``."""
        return f"{clock(self.row.t_start)}–{clock(self.row.t_end)}"

    @property
    def basis_url(self) -> str:
        """The legal basis's address when it is a web address (never a script URL)."""
        return basis_url(self.row.legal_basis)


@dataclass(frozen=True)
class ShownUnit:
    """A unit with its text marked."""

    unit: MediaUnit
    marked: Markup
    findings: tuple[int, ...]

    @property
    def when(self) -> str:
        """``m:ss``."""
        return clock(self.unit.t_start)


def media_view(item: MediaItem, thumbnail_millis: list[int]) -> dict[str, Any]:
    """The page's context for ``item`` (call inside the request's locale)."""
    length = _length(item)
    ordered = sorted(item.findings, key=lambda row: (row.t_start, row.id))
    counted = [row for row in ordered if not row.shadow]
    timed = _in_lanes([_timed(number, row, length) for number, row in enumerate(counted, start=1)])
    shadow = [_timed(0, row, length) for row in ordered if row.shadow]
    units = _shown_units(item.units, timed)
    return {
        "item": item,
        "length": length,
        "length_label": clock(length),
        "findings": timed,
        "lanes": max((finding.lane for finding in timed), default=0) + 1,
        "shadow_findings": shadow,
        "units_by_source": {
            source: [u for u in units if u.unit.source.value == source] for source in SOURCES
        },
        "thumbnails": [(millis, clock(millis / 1000)) for millis in thumbnail_millis],
        "severity_counts": _severity_counts(timed),
    }


def _length(item: MediaItem) -> float:
    ends = [unit.t_end for unit in item.units]
    return max([item.duration_seconds or 0.0, *ends, 1.0])


def _timed(number: int, row: MediaFindingRow, length: float) -> TimedFinding:
    left = min(100.0, row.t_start / length * 100)
    width = max(0.8, min(100.0 - left, (row.t_end - row.t_start) / length * 100))
    return TimedFinding(number, row, round(left, 2), round(width, 2))


def _in_lanes(findings: list[TimedFinding]) -> list[TimedFinding]:
    """Each finding in the first row where it overlaps nothing (its marker has a minimum width,
    so overlap is judged on the drawn extent, with a small gap)."""
    ends: list[float] = []
    placed = []
    for finding in findings:
        drawn = max(finding.width, MIN_MARK_PERCENT)
        lane = next((i for i, end in enumerate(ends) if end <= finding.left), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = finding.left + drawn + 0.5
        placed.append(replace(finding, lane=lane))
    return placed


def _shown_units(units: list[MediaUnit], findings: list[TimedFinding]) -> list[ShownUnit]:
    by_unit: dict[int, list[Numbered]] = defaultdict(list)
    for timed in findings:
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for unit, start, end in timed.row.spans:
            spans[unit].append((start, end))
        for unit, pieces in spans.items():
            by_unit[unit].append(Numbered(timed.number, _as_text_finding(timed.row, pieces), ()))
    return [
        ShownUnit(
            unit,
            marked_text(unit.text, by_unit.get(unit.number, [])),
            tuple(n.number for n in by_unit.get(unit.number, [])),
        )
        for unit in units
    ]


def _as_text_finding(row: MediaFindingRow, spans: list[tuple[int, int]]) -> FindingOut:
    return FindingOut(
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        rulebook_version=row.rulebook_version,
        category=row.category,
        category_label={},
        severity=row.severity.value,
        confidence=row.confidence,
        spans=spans,
        excerpt=row.excerpt,
        explanation=row.explanation,
        remedy=row.remedy,
        legal_basis=row.legal_basis,
        shadow=row.shadow,
        source=row.producer,
        dsa_category=row.dsa_category,
    )


def _severity_counts(findings: list[TimedFinding]) -> list[tuple[str, int]]:
    counts = {severity.value: 0 for severity in reversed(Severity)}
    for timed in findings:
        counts[timed.row.severity.value] += 1
    return [(severity, count) for severity, count in counts.items() if count]
