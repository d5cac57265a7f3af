"""Importing account statistics: each record checked, its account resolved and its audience
authenticity estimated at import; then stored (all, or the good ones), audited, and the
touched influencers' trust scores recomputed. Flushes, never commits."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from koltrust.audience import repository
from koltrust.audience.importer import (
    AccountStatsInvalid,
    Reject,
    SourceRecord,
    check_record,
    read_records,
)
from koltrust.audience.models import AccountSnapshot
from koltrust.audience.schemas import StatsRecordIn
from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.errors import Conflict
from koltrust.registry import repository as registry
from koltrust.registry.models import Account, Influencer
from koltrust.registry.schemas import handle_key
from koltrust.registry.service import get_influencer
from koltrust.scoring.audience import AudienceDataError, Authenticity, estimate
from koltrust.scoring.audience.authenticity import PART_CODES
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.service import recompute_for

OnRecord = Callable[[], None]


@dataclass(frozen=True)
class Ready:
    """A record that passed every check, with its account and estimate."""

    position: int
    account: Account
    record: StatsRecordIn
    estimate: Authenticity | None


@dataclass
class Plan:
    """What an import would store, what is already stored, and what it leaves out."""

    ready: list[Ready] = field(default_factory=list)
    already_stored: int = 0
    rejects: list[Reject] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import stored; ``unit`` says whether positions are lines or list indexes."""

    source: str
    unit: str
    snapshots: list[AccountSnapshot]
    already_stored: int
    rejects: list[Reject]
    influencers: list[str]

    def reject_dicts(self) -> list[dict[str, Any]]:
        """The rejects as ``{line|index, field, reason}``."""
        return reject_dicts(self.rejects, self.unit)


def reject_dicts(rejects: Sequence[Reject], unit: str) -> list[dict[str, Any]]:
    """Rejects as the API and the CLI show them."""
    return [{unit: r.position, "field": r.field, "reason": r.reason} for r in rejects]


def import_file(
    session: Session,
    *,
    actor: Actor,
    data: bytes,
    file_format: str,
    source: str,
    now: datetime,
    strict: bool = False,
    on_record: OnRecord | None = None,
) -> ImportReport:
    """Import a JSONL or CSV file: the good records are stored and the bad ones reported,
    or, when ``strict``, any bad record refuses the whole file (AccountStatsInvalid)."""
    authorize(actor, Action.IMPORT_ACCOUNT_STATS)
    records = read_records(data, file_format)
    return import_records(
        session,
        actor=actor,
        records=records,
        source=source,
        unit="line",
        strict=strict,
        now=now,
        on_record=on_record,
    )


def import_list(session: Session, *, actor: Actor, items: Any, now: datetime) -> ImportReport:
    """Import the API's JSON list of records, all or nothing: any bad record refuses them all,
    each bad one listed with its index and field."""
    authorize(actor, Action.IMPORT_ACCOUNT_STATS)
    if not isinstance(items, list) or not items:
        raise AccountStatsInvalid("send a non-empty JSON array of account statistics")
    records = [
        SourceRecord(index, item)
        if isinstance(item, dict)
        else SourceRecord(index, {}, "a record must be a JSON object")
        for index, item in enumerate(items)
    ]
    return import_records(
        session, actor=actor, records=records, source="api", unit="index", strict=True, now=now
    )


def import_records(
    session: Session,
    *,
    actor: Actor,
    records: Sequence[SourceRecord],
    source: str,
    unit: str,
    strict: bool,
    now: datetime,
    on_record: OnRecord | None = None,
) -> ImportReport:
    """Check every record, then store the good ones unless ``strict`` and any is bad."""
    authorize(actor, Action.IMPORT_ACCOUNT_STATS)
    plan = plan_import(session, records, now=now, on_record=on_record)
    if strict and plan.rejects:
        first = plan.rejects[0]
        bad = len({reject.position for reject in plan.rejects})
        raise AccountStatsInvalid(
            f"{bad} record(s) refused, nothing stored (first: {unit} {first.position}, "
            f"{first.field}: {first.reason})",
            errors=reject_dicts(plan.rejects, unit),
        )
    snapshots = _store(session, actor=actor, ready=plan.ready, now=now)
    influencers = sorted({item.account.influencer for item in plan.ready}, key=lambda i: i.slug)
    report = ImportReport(
        source=source,
        unit=unit,
        snapshots=snapshots,
        already_stored=plan.already_stored,
        rejects=plan.rejects,
        influencers=[influencer.slug for influencer in influencers],
    )
    _audit(session, actor=actor, report=report)
    if influencers:
        recompute_for(session, [i.id for i in influencers], trigger=ScoreTrigger.IMPORT, now=now)
    return report


def plan_import(
    session: Session,
    records: Sequence[SourceRecord],
    *,
    now: datetime,
    on_record: OnRecord | None = None,
) -> Plan:
    """Every record checked against itself, the registry and what is stored; nothing written."""
    plan = Plan()
    first_position: dict[tuple[int, datetime], int] = {}
    for source in records:
        checked = check_record(source, now=now)
        if isinstance(checked, StatsRecordIn):
            _plan_one(session, plan, source.position, checked, first_position)
        else:
            plan.rejects.extend(checked)
        if on_record:
            on_record()
    return plan


def _plan_one(
    session: Session,
    plan: Plan,
    position: int,
    record: StatsRecordIn,
    first_position: dict[tuple[int, datetime], int],
) -> None:
    account = resolve_account(session, record, position)
    if isinstance(account, Reject):
        plan.rejects.append(account)
        return
    key = (account.id, record.as_of)
    if key in first_position:
        reason = f"the same account and as_of as record {first_position[key]} of this import"
        plan.rejects.append(Reject(position, "as_of", reason))
        return
    first_position[key] = position
    stored = repository.snapshot_on(session, account.id, record.as_of)
    if stored is not None:
        if _same(stored, record):
            plan.already_stored += 1
        else:
            reason = (
                f"a different snapshot of this account as of {record.as_of:%Y-%m-%d %H:%M} UTC "
                f"is stored (snapshot:{stored.id}); a past snapshot is never replaced"
            )
            plan.rejects.append(Reject(position, "as_of", reason))
        return
    try:
        found = estimate(record.to_stats(), now=record.as_of.date())
    except AudienceDataError as exc:
        plan.rejects.append(Reject(position, "record", str(exc)))
        return
    plan.ready.append(Ready(position, account, record, found))


def resolve_account(session: Session, record: StatsRecordIn, position: int) -> Account | Reject:
    """The registry account a record names, or why it names none."""
    platform = record.platform.value
    if record.handle is not None:
        account = registry.account_by_handle(session, record.platform, handle_key(record.handle))
        if account is None:
            reason = f"no {platform} account '{record.handle}' in the registry; add it first"
            return Reject(position, "handle", reason)
        owner = account.influencer.slug
        if record.influencer is not None and record.influencer != owner:
            reason = f"{platform} '{record.handle}' belongs to '{owner}', not '{record.influencer}'"
            return Reject(position, "influencer", reason)
        return account
    assert record.influencer is not None  # the schema requires a handle or an influencer
    influencer = registry.influencer_by_slug(session, record.influencer)
    if influencer is None:
        return Reject(position, "influencer", f"no influencer with slug '{record.influencer}'")
    return _only_account(influencer, record, position)


def _only_account(influencer: Influencer, record: StatsRecordIn, position: int) -> Account | Reject:
    platform = record.platform.value
    accounts = [a for a in influencer.accounts if a.platform is record.platform]
    if not accounts:
        return Reject(position, "platform", f"'{influencer.slug}' has no {platform} account")
    if len(accounts) > 1:
        reason = f"'{influencer.slug}' has {len(accounts)} {platform} accounts; give the handle"
        return Reject(position, "handle", reason)
    return accounts[0]


def _stored_fields(record: StatsRecordIn) -> dict[str, Any]:
    return {
        "followers": record.followers,
        "following": record.following,
        "posts": record.posts,
        "engagement_per_post": record.engagement_per_post,
        # stored in day order: readers (the trust index's track record) take the first point
        "history": [
            [point.day.isoformat(), point.followers]
            for point in sorted(record.history, key=lambda point: point.day)
        ],
        "comments": list(record.comments),
        "follower_samples": [sample.model_dump() for sample in record.follower_samples],
    }


def _same(stored: AccountSnapshot, record: StatsRecordIn) -> bool:
    return all(getattr(stored, name) == value for name, value in _stored_fields(record).items())


def _estimate_fields(found: Authenticity | None) -> dict[str, Any]:
    if found is None:
        return {"authenticity": None, "provisional": True, "parts": [], "missing": list(PART_CODES)}
    parts = [
        {
            "code": c.code,
            "value": c.value,
            "weight": c.weight,
            "share": c.share,
            "points": c.points,
            "reason": c.reason,
            # numpy numbers in the details become plain JSON numbers
            "details": json.loads(json.dumps(c.details, default=float)),
        }
        for c in found.contributions
    ]
    return {
        "authenticity": found.value,
        "provisional": found.provisional,
        "parts": parts,
        "missing": list(found.missing),
    }


def _store(
    session: Session, *, actor: Actor, ready: list[Ready], now: datetime
) -> list[AccountSnapshot]:
    snapshots = [
        AccountSnapshot(
            account_id=item.account.id,
            as_of=item.record.as_of,
            imported_by=actor.label,
            imported_at=now,
            **_stored_fields(item.record),
            **_estimate_fields(item.estimate),
        )
        for item in ready
    ]
    try:
        with session.begin_nested():
            session.add_all(snapshots)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Another import stored a snapshot of one of these accounts for the same as_of "
            "meanwhile; import again (snapshots already stored are skipped)"
        ) from exc
    accounts = {item.account.id: item.account for item in ready}
    for account_id, latest in repository.latest_snapshots(session, accounts).items():
        accounts[account_id].followers = latest.followers  # the newest snapshot wins
    session.flush()
    return snapshots


def _audit(session: Session, *, actor: Actor, report: ImportReport) -> None:
    audit.record(
        session,
        actor=actor,
        action="account_stats.import",
        entity_type="account_stats",
        entity_id=report.source,
        data={
            "added": len(report.snapshots),
            "already_stored": report.already_stored,
            "rejected": len({reject.position for reject in report.rejects}),
            "snapshots": [snapshot.id for snapshot in report.snapshots],
            "influencers": report.influencers,
        },
    )


def influencer_audience(
    session: Session, *, actor: Actor, slug: str
) -> tuple[Influencer, dict[int, AccountSnapshot]]:
    """An influencer and the newest snapshot of each of their accounts (by account id)."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    latest = repository.latest_snapshots(session, [a.id for a in influencer.accounts])
    return influencer, latest
