"""Bulk import of influencers from CSV or JSONL: every valid row imported, every invalid row
rejected with its reason, and re-running the same file changes nothing."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Actor
from koltrust.errors import KoltrustError
from koltrust.registry import repository, service
from koltrust.registry.models import Influencer
from koltrust.registry.schemas import AccountIn, InfluencerCreate, InfluencerUpdate, handle_key
from koltrust.registry.slugs import slugify

ACCOUNT_COLUMNS = ("platform", "handle", "url", "followers")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True)
class SourceRow:
    """One input record with where it came from."""

    line: int
    raw: dict[str, Any]


@dataclass
class ImportReport:
    """Counts per outcome and the rejected rows with their reasons."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    rejects: list[tuple[SourceRow, str]] = field(default_factory=list)


class RowError(Exception):
    """A row that cannot be imported; the message says why."""


def read_rows(path: Path) -> Iterator[SourceRow]:
    """Rows of a .csv (header line) or .jsonl file; a malformed JSON line becomes a row whose
    ``raw`` holds the parse error, so that it is rejected rather than stopping the import."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield SourceRow(number, {k: v for k, v in row.items() if k is not None})
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield SourceRow(number, _parse_json_line(line))


def _parse_json_line(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"__error__": f"not valid JSON: {exc.msg} at column {exc.colno}", "__text__": line}
    return value if isinstance(value, dict) else {"__error__": "a line must be a JSON object"}


def count_rows(path: Path) -> int:
    """How many data rows ``path`` holds (for the progress bar)."""
    return sum(1 for _ in read_rows(path))


def import_rows(
    session: Session,
    *,
    actor: Actor,
    rows: Iterator[SourceRow],
    batch_size: int,
    on_row: Callable[[], None] | None = None,
) -> ImportReport:
    """Import ``rows``; each row in its own savepoint, committed every ``batch_size`` rows."""
    report = ImportReport()
    for index, row in enumerate(rows, start=1):
        try:
            with session.begin_nested():
                outcome = _import_one(session, actor=actor, raw=row.raw)
        except (RowError, KoltrustError, ValidationError) as exc:
            outcome = Outcome.REJECTED
            report.rejects.append((row, _reason(exc)))
        report.counts[outcome] += 1
        if index % batch_size == 0:
            session.commit()
        if on_row:
            on_row()
    session.commit()
    return report


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'row'}: {err['msg']}" for err in exc.errors()
        )
    return str(exc)


def _import_one(session: Session, *, actor: Actor, raw: dict[str, Any]) -> Outcome:
    if "__error__" in raw:
        raise RowError(raw["__error__"])
    data = InfluencerCreate.model_validate(_shape(raw))
    existing = _find_existing(session, data)
    if existing is None:
        service.create_influencer(session, actor=actor, data=data)
        return Outcome.CREATED
    return _merge(session, actor=actor, influencer=existing, data=data)


def _shape(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn a flat CSV row (one optional account in columns, ';'-separated languages) into the
    shape of InfluencerCreate; JSONL rows pass through."""
    shaped = {k: v for k, v in raw.items() if k not in ACCOUNT_COLUMNS and v not in ("", None)}
    if isinstance(shaped.get("languages"), str):
        shaped["languages"] = [p.strip() for p in shaped["languages"].split(";") if p.strip()]
    if raw.get("platform") or raw.get("handle"):
        account = {k: raw[k] for k in ACCOUNT_COLUMNS if raw.get(k) not in ("", None)}
        shaped.setdefault("accounts", []).append(account)
    return shaped


def _find_existing(session: Session, data: InfluencerCreate) -> Influencer | None:
    """The influencer a row describes: by explicit slug, else by one of its account handles
    (the owner must bear the same name), else by the slug its name gives."""
    if data.slug:
        return repository.influencer_by_slug(session, data.slug)
    for account in data.accounts:
        owner = repository.account_by_handle(session, account.platform, handle_key(account.handle))
        if owner is None:
            continue
        if owner.influencer.display_name != data.display_name:
            raise RowError(
                f"{account.platform.value} handle '{account.handle}' belongs to "
                f"'{owner.influencer.slug}' ({owner.influencer.display_name}); "
                "give that slug to update it"
            )
        return owner.influencer
    candidate = repository.influencer_by_slug(session, slugify(data.display_name))
    if candidate is not None and candidate.display_name == data.display_name:
        return candidate
    return None


def _merge(
    session: Session, *, actor: Actor, influencer: Influencer, data: InfluencerCreate
) -> Outcome:
    changes = _changed_fields(influencer, data)
    if changes:
        service.update_influencer(
            session, actor=actor, slug=influencer.slug, changes=InfluencerUpdate(**changes)
        )
    new_accounts = _accounts_to_add(session, influencer, data.accounts)
    for account in new_accounts:
        service.add_account(session, actor=actor, slug=influencer.slug, data=account)
    return Outcome.UPDATED if changes or new_accounts else Outcome.UNCHANGED


def _changed_fields(influencer: Influencer, data: InfluencerCreate) -> dict[str, Any]:
    wanted: dict[str, Any] = {
        "display_name": data.display_name,
        "niche": data.niche,
        "province": data.province,
        "languages": [lang.value for lang in data.languages],
        "bio": data.bio,
    }
    return {name: value for name, value in wanted.items() if getattr(influencer, name) != value}


def _accounts_to_add(
    session: Session, influencer: Influencer, accounts: list[AccountIn]
) -> list[AccountIn]:
    fresh = []
    for account in accounts:
        owner = repository.account_by_handle(session, account.platform, handle_key(account.handle))
        if owner is None:
            fresh.append(account)
        elif owner.influencer_id != influencer.id:
            raise RowError(
                f"{account.platform.value} handle '{account.handle}' belongs to "
                f"'{owner.influencer.slug}'"
            )
    return fresh


def write_rejects(path: Path, rejects: list[tuple[SourceRow, str]]) -> None:
    """Write rejected rows with their line number and reason (CSV or JSONL like the input)."""
    if path.suffix.lower() == ".csv":
        _write_csv_rejects(path, rejects)
        return
    with path.open("w", encoding="utf-8") as handle:
        for row, reason in rejects:
            record = {"line": row.line, "reason": reason, "row": row.raw}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _write_csv_rejects(path: Path, rejects: list[tuple[SourceRow, str]]) -> None:
    columns: list[str] = ["line", "reason"]
    for row, _ in rejects:
        columns += [key for key in row.raw if key not in columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row, reason in rejects:
            writer.writerow({**row.raw, "line": row.line, "reason": reason})
