"""The triage queue's shape, computed from plain rows: one entry per influencer and category
(the case open for that pair, if any, and the items still waiting), filtered and sorted."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from koltrust.cases.models import Case
from koltrust.cases.triage_repository import FINDING, REPORT, ItemRow
from koltrust.screening.model import Severity

UNASSIGNED = "unassigned"
IsSuggestion = Callable[[ItemRow], bool]


class Sort(StrEnum):
    TRUSTED = "trusted"  # entries with a trusted flagger's report first, then by severity
    SEVERITY = "severity"
    CONFIDENCE = "confidence"
    AGE = "age"  # oldest first


@dataclass(frozen=True)
class Summary:
    """Counts and extremes of a set of items, and their ids in the order to read them."""

    finding_ids: list[int] = field(default_factory=list)
    suggestion_ids: list[int] = field(default_factory=list)
    report_ids: list[int] = field(default_factory=list)
    trusted_reports: int = 0
    highest_severity: Severity | None = None
    max_confidence: float | None = None
    oldest_at: datetime | None = None
    newest_at: datetime | None = None
    sources: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        """True when there is no item."""
        return not (self.finding_ids or self.suggestion_ids or self.report_ids)


def summarise(rows: Sequence[ItemRow], is_suggestion: IsSuggestion) -> Summary:
    """The summary of ``rows``: findings by severity then confidence, suggestions by score,
    reports trusted flaggers' first then oldest first."""
    findings = [row for row in rows if row.kind == FINDING and not is_suggestion(row)]
    suggestions = [row for row in rows if row.kind == FINDING and is_suggestion(row)]
    reports = [row for row in rows if row.kind == REPORT]
    findings.sort(key=lambda r: (-_rank(r.severity), -(r.confidence or 0.0), r.id))
    suggestions.sort(key=lambda r: (-(r.confidence or 0.0), r.id))
    reports.sort(key=lambda r: (not r.trusted, r.at, r.id))
    severities = [row.severity for row in rows if row.severity is not None]
    confidences = [row.confidence for row in rows if row.confidence is not None]
    times = [row.at for row in rows]
    return Summary(
        finding_ids=[row.id for row in findings],
        suggestion_ids=[row.id for row in suggestions],
        report_ids=[row.id for row in reports],
        trusted_reports=sum(row.trusted for row in reports),
        highest_severity=max(severities, key=_rank, default=None),
        max_confidence=max(confidences, default=None),
        oldest_at=min(times, default=None),
        newest_at=max(times, default=None),
        sources=frozenset(row.source for row in rows),
    )


@dataclass(frozen=True)
class Entry:
    """One pair of influencer and category: its open case (if any) and the waiting items."""

    influencer_id: int | None
    influencer_slug: str | None
    category: str
    case: Case | None
    pending: Summary
    in_case: Summary

    @property
    def severity(self) -> Severity | None:
        """The highest severity among waiting items and the case's own."""
        found = [s for s in (self.pending.highest_severity, self.in_case.highest_severity) if s]
        return max(found, key=_rank, default=None)

    @property
    def confidence(self) -> float | None:
        """The highest confidence among waiting items and the case's own."""
        found = [c for c in (self.pending.max_confidence, self.in_case.max_confidence) if c]
        return max(found, default=None)

    @property
    def since(self) -> datetime | None:
        """When the pair started waiting: the oldest waiting item, or the case's opening."""
        found = [t for t in (self.pending.oldest_at, self.case and self.case.opened_at) if t]
        return min(found, default=None)

    @property
    def trusted_reports(self) -> int:
        """Reports from trusted flaggers, waiting or in the case."""
        return self.pending.trusted_reports + self.in_case.trusted_reports


@dataclass(frozen=True)
class EntryFilter:
    """What to keep of the entries (None: everything)."""

    severity_min: Severity | None = None
    source: str | None = None
    assigned_to: int | str | None = None  # a user id, or UNASSIGNED
    state: str | None = None

    def keeps(self, entry: Entry) -> bool:
        """Whether ``entry`` passes every filter."""
        case = entry.case
        if self.severity_min is not None and _rank(entry.severity) < self.severity_min.rank:
            return False
        if self.source is not None and self.source not in entry.pending.sources | (
            entry.in_case.sources
        ):
            return False
        if self.state is not None and (case is None or case.state != self.state):
            return False
        if self.assigned_to == UNASSIGNED:
            return case is None or case.assigned_to is None
        if self.assigned_to is None:
            return True
        return case is not None and case.assigned_to == self.assigned_to


def build_entries(
    pending: Iterable[ItemRow],
    cases: Sequence[Case],
    case_items: dict[int, list[ItemRow]],
    *,
    slugs: dict[int, str],
    is_suggestion: IsSuggestion,
) -> list[Entry]:
    """One entry per open case, the waiting items of its pair with the oldest case of the
    pair; one entry per pair waiting without a case."""
    waiting: dict[tuple[int | None, str], list[ItemRow]] = {}
    for row in pending:
        waiting.setdefault((row.influencer_id, row.category), []).append(row)
    entries = []
    for case in cases:  # oldest first, so the pair's waiting items go to its oldest case
        rows = waiting.pop((case.influencer_id, case.category), [])
        entries.append(
            Entry(
                case.influencer_id,
                case.influencer_slug,
                case.category,
                case,
                summarise(rows, is_suggestion),
                summarise(case_items.get(case.id, []), is_suggestion),
            )
        )
    for (influencer_id, category), rows in waiting.items():
        slug = slugs.get(influencer_id) if influencer_id is not None else None
        entries.append(
            Entry(influencer_id, slug, category, None, summarise(rows, is_suggestion), Summary())
        )
    return entries


def sort_entries(entries: Iterable[Entry], sort: Sort) -> list[Entry]:
    """The entries in the order asked; ties by influencer and category."""
    keys: dict[Sort, Callable[[Entry], tuple[object, ...]]] = {
        Sort.TRUSTED: lambda e: (-e.trusted_reports, -_rank(e.severity), -(e.confidence or 0)),
        Sort.SEVERITY: lambda e: (-_rank(e.severity), -(e.confidence or 0)),
        Sort.CONFIDENCE: lambda e: (-(e.confidence or 0), -_rank(e.severity)),
        Sort.AGE: lambda e: (),
    }
    primary = keys[sort]
    return sorted(
        entries,
        key=lambda e: (*primary(e), _timestamp(e.since), e.influencer_slug or "", e.category),
    )


def _timestamp(at: datetime | None) -> float:
    return at.timestamp() if at is not None else float("inf")


def _rank(severity: Severity | None) -> int:
    return severity.rank if severity is not None else -1
