"""The analysts' triage queue: findings, claim-match suggestions and reports not yet in a case
nor dismissed, one entry per influencer and category beside the cases open for them; and what
analysts do from it (attach items to a case, open one from a group, dismiss, assign)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.cases import repository, service, triage_repository
from koltrust.cases.auto_open import AutoOpenPolicy
from koltrust.cases.models import Case, TriageDismissal
from koltrust.cases.states import CaseState
from koltrust.cases.triage_links import link_items
from koltrust.cases.triage_queue import (
    Entry,
    EntryFilter,
    IsSuggestion,
    Sort,
    build_entries,
    sort_entries,
)
from koltrust.cases.triage_repository import ACTIVE_STATES, FINDING, REPORT, ItemRow, Scope
from koltrust.errors import Conflict, NotFound, ValidationFailed
from koltrust.registry import repository as registry
from koltrust.screening.model import Severity

SOURCES = ("rules", "claims", "report")


@dataclass(frozen=True)
class QueueQuery:
    """Filters and order of the queue."""

    category: str | None = None
    severity_min: Severity | None = None
    source: str | None = None  # rules, claims or report
    influencer_slug: str | None = None
    assigned_to: int | str | None = None  # a user id, or "unassigned"
    state: CaseState | None = None
    sort: Sort = Sort.TRUSTED


def queue(
    session: Session,
    *,
    actor: Actor,
    query: QueueQuery,
    policy: AutoOpenPolicy,
    page: int,
    per_page: int,
) -> tuple[list[Entry], int]:
    """One page of the queue's entries, and how many there are (staff only)."""
    authorize(actor, Action.MANAGE_CASES)
    if query.state is not None and query.state not in ACTIVE_STATES:
        raise ValidationFailed(
            "The queue holds cases open or in review only; list the others with GET /api/v1/cases",
            field="state",
        )
    scope = Scope(query.category, _influencer_id(session, query.influencer_slug))
    pending = _pending_rows(session, scope, query.source)
    cases = triage_repository.active_cases(session, scope)
    case_items = triage_repository.case_item_rows(session, [case.id for case in cases])
    slugs = triage_repository.influencer_slugs(
        session, {row.influencer_id for row in pending if row.influencer_id is not None}
    )
    entries = build_entries(
        pending, cases, case_items, slugs=slugs, is_suggestion=_suggestion_test(policy)
    )
    keep = EntryFilter(query.severity_min, query.source, query.assigned_to, query.state)
    kept = sort_entries((entry for entry in entries if keep.keeps(entry)), query.sort)
    start = (page - 1) * per_page
    return kept[start : start + per_page], len(kept)


def _pending_rows(session: Session, scope: Scope, source: str | None) -> list[ItemRow]:
    rows: list[ItemRow] = []
    if source != "report":
        rows += triage_repository.finding_rows(session, scope, source=source)
    if source in (None, "report"):
        rows += triage_repository.report_rows(session, scope)
    return rows


def _suggestion_test(policy: AutoOpenPolicy) -> IsSuggestion:
    def is_suggestion(row: ItemRow) -> bool:
        return policy.is_suggestion(source=row.source, confidence=row.confidence or 0.0)

    return is_suggestion


def _influencer_id(session: Session, slug: str | None) -> int | None:
    if slug is None:
        return None
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise ValidationFailed(f"No influencer with slug '{slug}'", field="influencer")
    return influencer.id


# --- acting on the queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class Items:
    """Findings and reports named by an analyst."""

    finding_ids: Sequence[int] = ()
    report_ids: Sequence[int] = ()

    def sorted(self) -> Items:
        """The same items, each once, in id order."""
        return Items(sorted(set(self.finding_ids)), sorted(set(self.report_ids)))


def attach_items(
    session: Session, *, actor: Actor, case_id: int, items: Items, reason: str
) -> Case:
    """Add findings and reports about the case's influencer to a case open or in review."""
    authorize(actor, Action.MANAGE_CASES)
    case = _case(session, case_id)
    if case.state not in ACTIVE_STATES:
        raise Conflict(
            f"Case {case_id} is {case.state.value.replace('_', ' ')}; items join only a case "
            "open or in review (open a new case for them)",
            current_state=case.state.value,
        )
    items = _required(items)
    check_items(session, items, influencer_id=case.influencer_id, allowed_case=case.id)
    link_items(
        session,
        actor=actor,
        case=case,
        finding_ids=items.finding_ids,
        report_ids=items.report_ids,
        reason=reason or "attached from the triage queue",
    )
    return case


@dataclass(frozen=True)
class GroupCase:
    """Open a case from a group of the queue."""

    influencer_slug: str
    category: str
    items: Items
    reason: str


def open_from_group(
    session: Session,
    *,
    actor: Actor,
    request: GroupCase,
    reply_window: timedelta = service.DEFAULT_REPLY_WINDOW,
) -> Case:
    """Open a case about an influencer and category on items of the queue; 409 when one is
    already open or in review for the pair (attach the items to it instead)."""
    authorize(actor, Action.MANAGE_CASES)
    influencer_id = _influencer_id(session, request.influencer_slug)
    assert influencer_id is not None
    existing = triage_repository.open_case_for(
        session, influencer_id=influencer_id, category=request.category
    )
    if existing is not None:
        raise Conflict(
            f"Case {existing.id} is already {existing.state.value.replace('_', ' ')} for "
            f"'{request.influencer_slug}' and '{request.category}'; attach the items to it with "
            f"POST /api/v1/cases/{existing.id}/items",
            case_id=existing.id,
        )
    items = _required(request.items)
    check_items(session, items, influencer_id=influencer_id, allowed_case=None)
    case = service.open_case(
        session,
        actor=actor,
        request=service.CaseRequest(
            influencer_slug=request.influencer_slug,
            category=request.category,
            finding_ids=items.finding_ids,
            reason=request.reason,
        ),
        reply_window=reply_window,
    )
    if items.report_ids:
        link_items(
            session,
            actor=actor,
            case=case,
            finding_ids=[],
            report_ids=items.report_ids,
            reason=request.reason,
        )
    return case


def dismiss(session: Session, *, actor: Actor, items: Items, reason: str) -> list[TriageDismissal]:
    """Set items aside without a case, with the reason; dismissing one twice keeps the first."""
    authorize(actor, Action.MANAGE_CASES)
    if not reason.strip():
        raise ValidationFailed("A reason is required: say why", field="reason")
    items = _required(items)
    check_items(session, items, influencer_id=None, allowed_case=None)
    kept = []
    for kind, ids in ((FINDING, items.finding_ids), (REPORT, items.report_ids)):
        already = triage_repository.dismissals(session, kind, ids)
        for item_id in ids:
            kept.append(already.get(item_id) or _dismissal(session, actor, kind, item_id, reason))
    return kept


def _dismissal(
    session: Session, actor: Actor, kind: str, item_id: int, reason: str
) -> TriageDismissal:
    dismissal = TriageDismissal(item_kind=kind, item_id=item_id, actor=actor.label, reason=reason)
    session.add(dismissal)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="triage.dismiss",
        entity_type=kind,
        entity_id=item_id,
        data={"reason": reason.strip()},
    )
    return dismissal


def check_items(
    session: Session, items: Items, *, influencer_id: int | None, allowed_case: int | None
) -> None:
    """422 unless every item exists, is not a shadow finding, is in no case other than
    ``allowed_case`` and (when ``influencer_id`` is given) is about that influencer."""
    findings = repository.findings_with_authors(session, items.finding_ids)
    authors = {finding.id: author for finding, author in findings}
    shadow = [finding.id for finding, _ in findings if finding.shadow]
    reports = triage_repository.reports_with_authors(session, items.report_ids)
    authors_of_reports = {report.id: author for report, author in reports}
    _refuse("finding_ids", "No stored finding with id", _missing(items.finding_ids, authors))
    _refuse("report_ids", "No report with id", _missing(items.report_ids, authors_of_reports))
    _refuse("finding_ids", "Shadow-rule findings stay out of triage:", shadow)
    if influencer_id is not None:
        about = "These {} are about someone else (or nobody known):"
        _refuse("finding_ids", about.format("findings"), _foreign(authors, influencer_id))
        _refuse("report_ids", about.format("reports"), _foreign(authors_of_reports, influencer_id))
    in_cases = {
        FINDING: triage_repository.linked_findings(session, items.finding_ids),
        REPORT: triage_repository.linked_reports(session, items.report_ids),
    }
    for kind, linked in in_cases.items():
        elsewhere = sorted(item for item, case in linked.items() if case != allowed_case)
        if elsewhere:
            raise ValidationFailed(
                f"These {kind}s are already in a case: "
                + ", ".join(f"{item} (case {linked[item]})" for item in elsewhere),
                field=f"{kind}_ids",
                in_cases={str(item): linked[item] for item in elsewhere},
            )


def _missing(ids: Sequence[int], found: dict[int, int | None]) -> list[int]:
    return [item_id for item_id in ids if item_id not in found]


def _foreign(authors: dict[int, int | None], influencer_id: int) -> list[int]:
    return sorted(item_id for item_id, author in authors.items() if author != influencer_id)


def _refuse(field: str, what: str, ids: list[int]) -> None:
    if ids:
        raise ValidationFailed(f"{what} {', '.join(map(str, ids))}", field=field, ids=ids)


def _required(items: Items) -> Items:
    if not items.finding_ids and not items.report_ids:
        raise ValidationFailed("Name at least one finding or report", field="finding_ids")
    return items.sorted()


def _case(session: Session, case_id: int) -> Case:
    case = repository.case_by_id(session, case_id)
    if case is None:
        raise NotFound(f"No case {case_id}", case_id=case_id)
    return case
