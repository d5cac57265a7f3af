"""Importing, listing and reading stored fact-checks: behaviour shared by the API, the web
pages and the CLI. Flushes, never commits."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.claims import repository
from koltrust.claims.importers import FactCheckFileError, ParsedFile, Reject, parse
from koltrust.claims.model import FactCheck
from koltrust.claims.models import StoredFactCheck
from koltrust.errors import NotFound
from koltrust.text.fold import fold


@dataclass
class ImportReport:
    """What importing one file did."""

    source: str
    file_format: str
    added: int = 0
    already_stored: int = 0
    duplicates: int = 0  # records of the file repeating another record of the same file
    rejects: list[Reject] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "source": self.source,
            "format": self.file_format,
            "added": self.added,
            "already_stored": self.already_stored,
            "duplicates": self.duplicates,
            "rejected": len(self.rejects),
            "rejects": [{"where": r.where, "reason": r.reason} for r in self.rejects],
            "added_ids": self.added_ids,
        }


def import_file(
    session: Session,
    *,
    actor: Actor,
    data: bytes,
    file_format: str,
    source: str,
    strict: bool = False,
) -> ImportReport:
    """Store the fact-checks of a file that are not stored yet. A file that cannot be read
    stores nothing (FactCheckFileError); rejected records are reported and the others kept,
    unless ``strict``, which refuses the whole file when any record is rejected."""
    authorize(actor, Action.MANAGE_FACT_CHECKS)
    parsed = parse(data, file_format)
    return store_parsed(
        session, actor=actor, parsed=parsed, source=source, file_format=file_format, strict=strict
    )


def import_document(
    session: Session, *, actor: Actor, document: Any, source: str = "api"
) -> ImportReport:
    """Store the fact-checks of a JSON document: ClaimReview (an object, an array or an
    ``@graph``), or ``{"fact_checks": [flat records]}``."""
    authorize(actor, Action.MANAGE_FACT_CHECKS)
    if isinstance(document, dict) and "fact_checks" in document:
        records = document["fact_checks"]
        if not isinstance(records, list) or not records:
            raise FactCheckFileError("fact_checks must be a non-empty array of records")
        lines = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
        parsed = parse(lines.encode(), "jsonl")
        parsed.rejects = [_item_reject(reject) for reject in parsed.rejects]
        file_format = "records"
    else:
        parsed = parse(json.dumps(document, ensure_ascii=False).encode(), "claimreview")
        file_format = "claimreview"
    return store_parsed(session, actor=actor, parsed=parsed, source=source, file_format=file_format)


def _item_reject(reject: Reject) -> Reject:
    # a JSONL line n is item n - 1 of the array
    kind, _, number = reject.where.partition(" ")
    if kind == "line" and number.isdigit():
        return Reject(f"fact_checks[{int(number) - 1}]", reject.reason)
    return reject


def store_parsed(
    session: Session,
    *,
    actor: Actor,
    parsed: ParsedFile,
    source: str,
    file_format: str,
    strict: bool = False,
) -> ImportReport:
    """Insert the parsed fact-checks whose id is not stored yet, and audit the import."""
    if strict and parsed.rejects:
        first = parsed.rejects[0]
        raise FactCheckFileError(
            f"{len(parsed.rejects)} record(s) rejected (first: {first.where}: {first.reason}); "
            "strict mode imports nothing from a file with rejected records",
            rejects=[{"where": r.where, "reason": r.reason} for r in parsed.rejects],
        )
    report = ImportReport(source, file_format, duplicates=parsed.duplicates)
    report.rejects = list(parsed.rejects)
    known = repository.stored_ids(session, (fc.id for fc in parsed.fact_checks))
    for fact_check in parsed.fact_checks:
        if fact_check.id in known:
            report.already_stored += 1
            continue
        session.add(to_row(fact_check, source=source))
        report.added_ids.append(fact_check.id)
    report.added = len(report.added_ids)
    session.flush()
    if report.added:  # an import that stores nothing changes nothing worth auditing
        _audit(session, actor=actor, report=report)
    return report


def _audit(session: Session, *, actor: Actor, report: ImportReport) -> None:
    audit.record(
        session,
        actor=actor,
        action="fact_checks.import",
        entity_type="fact_check_import",
        entity_id=report.source[:200] or "-",
        data={k: v for k, v in report.to_dict().items() if k not in ("rejects", "added_ids")},
    )


def to_row(fact_check: FactCheck, *, source: str) -> StoredFactCheck:
    """The table row of a fact-check."""
    searchable = " ".join((fact_check.claim, fact_check.title, fact_check.publisher))
    return StoredFactCheck(
        id=fact_check.id,
        key=fact_check.key,
        claim=fact_check.claim,
        title=fact_check.title,
        rating=fact_check.rating,
        verdict=fact_check.verdict,
        publisher=fact_check.publisher,
        url=fact_check.url,
        published_on=dt.date.fromisoformat(fact_check.date) if fact_check.date else None,
        language=fact_check.language,
        external_id=fact_check.external_id,
        source_file=source,
        search_text=fold(searchable),
    )


def get_fact_check(session: Session, *, actor: Actor, fact_check_id: str) -> StoredFactCheck:
    """The stored fact-check with this id, or NotFound."""
    authorize(actor, Action.READ_FACT_CHECKS)
    row = repository.by_id(session, fact_check_id)
    if row is None:
        raise NotFound(f"No fact-check with id '{fact_check_id}'", id=fact_check_id)
    return row


@dataclass(frozen=True)
class Filters:
    """What a list of fact-checks is narrowed to."""

    q: str | None = None
    language: str | None = None
    verdict: str | None = None


def search_fact_checks(
    session: Session, *, actor: Actor, filters: Filters, page: int, per_page: int
) -> tuple[list[StoredFactCheck], int]:
    """One page of stored fact-checks, newest first, and the total."""
    authorize(actor, Action.READ_FACT_CHECKS)
    folded = fold(filters.q).strip() if filters.q else None
    return repository.search(
        session,
        folded_query=folded or None,
        language=filters.language,
        verdict=filters.verdict,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
