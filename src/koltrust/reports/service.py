"""Reports: anyone reports a stored post or an influencer under a category of the rulebook.
The same report from the same client within 24 hours is kept once; anonymous clients may send
a limited number per hour. Every new report is one audit entry in the caller's transaction."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.audit import repository as audit_repository
from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.content import repository as content
from koltrust.errors import NotFound, TooManyRequests, ValidationFailed
from koltrust.registry import repository as registry
from koltrust.reports import repository
from koltrust.reports.models import Report, ReportStatus, ReportTarget
from koltrust.text.fold import nfc

DEDUPE_WINDOW = timedelta(hours=24)
RATE_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class ReportRequest:
    """What the reporter sends."""

    target: ReportTarget
    post_id: int | None
    influencer_slug: str | None
    category: str
    text: str
    evidence_urls: Sequence[str]
    contact: str | None


@dataclass(frozen=True)
class Intake:
    """How reports are taken in: the rulebook's category codes, the anonymous rate limit and
    the key that turns a client address into its hash."""

    categories: Collection[str]
    per_client_per_hour: int
    client_hash_key: bytes


@dataclass(frozen=True)
class Received:
    """The stored report, and whether it had already been sent (and is not new)."""

    report: Report
    duplicate: bool


def client_key_hash(key: bytes, client_address: str) -> str:
    """The HMAC-SHA256 of the client address: recognises a client without storing it."""
    return hmac.new(key, client_address.encode("utf-8"), hashlib.sha256).hexdigest()


def normalised_text(text: str) -> str:
    """The text as compared for duplicates: NFC, case-folded, single spaces."""
    return " ".join(nfc(text).casefold().split())


def create_report(
    session: Session,
    *,
    actor: Actor,
    request: ReportRequest,
    intake: Intake,
    client_address: str,
    now: datetime,
) -> Received:
    """Store a report (or return the same one sent within 24 hours): 404 when the post or
    influencer does not exist, 422 for an unknown category, 429 when an anonymous client
    sent too many within the hour."""
    authorize(actor, Action.SUBMIT_REPORTS)
    _check_category(request.category, intake.categories)
    post_id, influencer_id = _target_ids(session, request)
    client_hash = client_key_hash(intake.client_hash_key, client_address)
    sender = f"user:{actor.user_id}" if actor.user_id is not None else f"client:{client_hash}"
    dedupe_key = _dedupe_key(request, post_id or influencer_id, sender)
    # a new report audits anyway; taking the audit append lock before the checks makes two
    # concurrent sends of one report (or one client's burst) see each other on PostgreSQL
    audit_repository.lock_for_append(session)
    existing = repository.recent_duplicate(
        session, dedupe_key=dedupe_key, since=now - DEDUPE_WINDOW
    )
    if existing is not None:
        return Received(existing, duplicate=True)
    if actor.user_id is None:
        _check_rate(session, client_hash, limit=intake.per_client_per_hour, now=now)
    report = Report(
        target_kind=request.target,
        post_id=post_id,
        influencer_id=influencer_id,
        category=request.category,
        text=request.text,
        evidence_urls=list(request.evidence_urls),
        contact=request.contact or None,
        reporter_user_id=actor.user_id,
        reporter_organisation_id=actor.organisation_id,
        trusted_flagger=_is_trusted(session, actor),
        client_key_hash=client_hash,
        dedupe_key=dedupe_key,
        created_at=now,
        status=ReportStatus.RECEIVED,
    )
    session.add(report)
    session.flush()
    _audit(session, actor, report)
    return Received(report, duplicate=False)


def _dedupe_key(request: ReportRequest, target_id: int | None, sender: str) -> str:
    parts = (request.target.value, str(target_id), request.category, sender)
    joined = "\x1f".join((*parts, normalised_text(request.text)))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _check_category(category: str, categories: Collection[str]) -> None:
    if category not in categories:
        valid = sorted(categories)
        raise ValidationFailed(
            f"Unknown category '{category}'; use one of: {', '.join(valid)}",
            field="category",
            valid=valid,
        )


def _target_ids(session: Session, request: ReportRequest) -> tuple[int | None, int | None]:
    if request.target is ReportTarget.POST:
        if request.post_id is None or content.post_by_id(session, request.post_id) is None:
            raise NotFound(f"No stored post {request.post_id}", post_id=request.post_id)
        return request.post_id, None
    slug = request.influencer_slug or ""
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise NotFound(f"No influencer with slug '{slug}'", influencer=slug)
    return None, influencer.id


def _check_rate(session: Session, client_hash: str, *, limit: int, now: datetime) -> None:
    sent = repository.anonymous_sent_since(
        session, client_key_hash=client_hash, since=now - RATE_WINDOW
    )
    if len(sent) < limit:
        return
    # the client may send again once the oldest report that counts leaves the window
    freed_at = sent[len(sent) - limit] + RATE_WINDOW
    retry_after = max(1, int((freed_at - now).total_seconds()) + 1)
    raise TooManyRequests(
        f"At most {limit} reports an hour may be sent without signing in; try again in "
        f"{retry_after} seconds, or sign in",
        retry_after=retry_after,
        limit=limit,
    )


def _is_trusted(session: Session, actor: Actor) -> bool:
    if actor.organisation_id is None:
        return False
    return repository.is_trusted_flagger(session, actor.organisation_id)


def _audit(session: Session, actor: Actor, report: Report) -> None:
    audit.record(
        session,
        actor=actor,
        action="report.create",
        entity_type="report",
        entity_id=report.id,
        data={
            "target": report.target_kind.value,
            "post_id": report.post_id,
            "influencer_id": report.influencer_id,
            "category": report.category,
            "trusted_flagger": report.trusted_flagger,
        },
    )


def search_reports(
    session: Session,
    *,
    actor: Actor,
    status: ReportStatus | None,
    category: str | None,
    trusted: bool | None,
    page: int,
    per_page: int,
) -> tuple[list[Report], int]:
    """One page of reports for the alliance's staff: trusted flaggers' first, then newest."""
    authorize(actor, Action.READ_REPORTS)
    return repository.search_reports(
        session,
        status=status,
        category=category,
        trusted=trusted,
        offset=(page - 1) * per_page,
        limit=per_page,
    )


def get_report(session: Session, *, actor: Actor, report_id: int) -> Report:
    """One report (staff)."""
    authorize(actor, Action.READ_REPORTS)
    report = repository.report_by_id(session, report_id)
    if report is None:
        raise NotFound(f"No report {report_id}", report_id=report_id)
    return report
