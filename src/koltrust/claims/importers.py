"""Read fact-checks from files: schema.org ClaimReview (JSON-LD), CSV, and the common
evaluation format (``claims.jsonl``). A file that cannot be read at all raises
FactCheckFileError and yields nothing; a record that cannot be used is rejected with where and
why, and the rest are kept."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from koltrust.claims.claimreview import claim_reviews, from_claim_review
from koltrust.claims.model import FactCheck
from koltrust.claims.records import RecordError, from_record
from koltrust.errors import ValidationFailed

FORMATS = ("claimreview", "csv", "jsonl")


class FactCheckFileError(ValidationFailed):
    code = "fact_check_file_invalid"
    title = "Fact-check file cannot be read"


@dataclass(frozen=True)
class Reject:
    """A record left out, where it was and why."""

    where: str
    reason: str


@dataclass
class ParsedFile:
    """The fact-checks a file holds (deduplicated) and the records left out."""

    fact_checks: list[FactCheck] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    # external id of a duplicate → external id of the fact-check it duplicates
    duplicate_of: dict[str, str] = field(default_factory=dict)
    duplicates: int = 0

    def add(self, fact_check: FactCheck, seen: dict[str, FactCheck]) -> None:
        kept = seen.get(fact_check.key)
        if kept is not None:
            self.duplicates += 1
            if fact_check.external_id:
                self.duplicate_of[fact_check.external_id] = kept.external_id
            return
        seen[fact_check.key] = fact_check
        self.fact_checks.append(fact_check)


def format_of(name: str) -> str:
    """The format a file name implies: .json/.jsonld → claimreview, .csv, .jsonl."""
    suffix = PurePath(name).suffix.lower()
    formats = {".json": "claimreview", ".jsonld": "claimreview", ".csv": "csv", ".jsonl": "jsonl"}
    if suffix not in formats:
        raise FactCheckFileError(
            f"cannot tell the format of {name!r}: use .json or .jsonld (ClaimReview), .csv or "
            ".jsonl, or name the format"
        )
    return formats[suffix]


def parse(data: bytes, file_format: str) -> ParsedFile:
    """Every fact-check in ``data`` read as ``file_format`` (one of FORMATS)."""
    text = _utf8(data)
    if not text.strip():
        raise FactCheckFileError("the file is empty")
    readers = {"claimreview": _claimreview, "csv": _csv, "jsonl": _jsonl}
    if file_format not in readers:
        raise FactCheckFileError(f"unknown format {file_format!r}; use one of {FORMATS}")
    parsed = ParsedFile()
    seen: dict[str, FactCheck] = {}
    for where, record in readers[file_format](text):
        try:
            fact_check = record()
        except RecordError as exc:
            parsed.rejects.append(Reject(where, str(exc)))
            continue
        parsed.add(fact_check, seen)
    return parsed


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactCheckFileError(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and import again"
        ) from exc


def _json(text: str, where: str = "") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"{where}, column {exc.colno}" if where else f"line {exc.lineno}:{exc.colno}"
        raise FactCheckFileError(f"malformed JSON at {place}: {exc.msg}") from exc


Pending = Iterator[tuple[str, Any]]


def _claimreview(text: str) -> Pending:
    reviews = list(claim_reviews(_json(text)))
    if not reviews:
        raise FactCheckFileError(
            'no ClaimReview found: expected objects with "@type": "ClaimReview" (alone, '
            'in an array or under "@graph")'
        )
    for n, review in enumerate(reviews, start=1):
        yield f"ClaimReview {n}", _later(from_claim_review, review)


def _jsonl(text: str) -> Pending:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record = _json(line, f"line {n}")
        if not isinstance(record, dict):
            raise FactCheckFileError(f"line {n} is not a JSON object")
        is_review = "claimReviewed" in record or record.get("@type") == "ClaimReview"
        yield f"line {n}", _later(from_claim_review if is_review else from_record, record)


def _csv(text: str) -> Pending:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if not {"claim", "claimreviewed", "claim_reviewed"} & set(columns):
        raise FactCheckFileError(
            f"the CSV has no claim column (found: {', '.join(columns) or 'none'}); name it "
            "'claim' or 'claimReviewed'"
        )
    for n, row in enumerate(reader, start=2):
        record = {(key or "").strip().lower(): value for key, value in row.items()}
        yield f"row {n}", _later(from_record, record)


def _later(read: Any, record: Any) -> Any:
    return lambda: read(record)
