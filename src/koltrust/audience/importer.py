"""Reading account statistics: JSONL (one object per account) or CSV (the flat fields only),
and checking each record on its own. A file that cannot be read at all raises
AccountStatsInvalid; a record that cannot be used becomes rejects naming its line (or index)
and field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from koltrust.audience.schemas import StatsRecordIn
from koltrust.errors import ValidationFailed

FORMATS = ("jsonl", "csv")
CSV_COLUMNS = (
    "platform",
    "handle",
    "influencer",
    "as_of",
    "followers",
    "following",
    "posts",
    "engagement_per_post",
)
CSV_REQUIRED = ("platform", "as_of", "followers", "following", "posts")


class AccountStatsInvalid(ValidationFailed):
    """Statistics refused as a whole; ``errors`` lists each bad record with where and why."""

    code = "account_stats_invalid"
    title = "Account statistics refused"


@dataclass(frozen=True)
class Reject:
    """A record left out: its ``position`` (line of a file, index of an API list), the field
    at fault and why."""

    position: int
    field: str
    reason: str


@dataclass(frozen=True)
class SourceRecord:
    """One record with where it came from; ``error`` when it could not even be read."""

    position: int
    raw: dict[str, Any]
    error: str | None = None


def format_of(name: str) -> str:
    """The format a file name implies: .jsonl or .csv."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise AccountStatsInvalid(
            f"cannot tell the format of {name!r}: use a .jsonl file (every field) or a .csv "
            "file (the flat fields)"
        )
    return suffix[1:]


def read_records(data: bytes, file_format: str) -> list[SourceRecord]:
    """Every record of ``data`` (JSONL or CSV), numbered by its line in the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AccountStatsInvalid(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save "
            "it as UTF-8 and import again"
        ) from exc
    if not text.strip():
        raise AccountStatsInvalid("the file is empty")
    if file_format == "jsonl":
        return _jsonl(text)
    if file_format == "csv":
        return _csv(text)
    raise AccountStatsInvalid(f"unknown format {file_format!r}; use one of {FORMATS}")


def _jsonl(text: str) -> list[SourceRecord]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            error = f"not valid JSON: {exc.msg} at column {exc.colno}"
            records.append(SourceRecord(number, {}, error))
            continue
        if isinstance(value, dict):
            records.append(SourceRecord(number, value))
        else:
            records.append(SourceRecord(number, {}, "a line must be a JSON object"))
    return records


def _csv(text: str) -> list[SourceRecord]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [(name or "").strip().lower() for name in reader.fieldnames or []]
    unknown = sorted(set(columns) - set(CSV_COLUMNS))
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if "handle" not in columns and "influencer" not in columns:
        missing.append("handle (or influencer)")
    if unknown or missing:
        raise AccountStatsInvalid(
            f"CSV columns: unknown {', '.join(unknown) or 'none'}; missing "
            f"{', '.join(missing) or 'none'}. Use {', '.join(CSV_COLUMNS)} (history, comments "
            "and follower samples need JSONL)"
        )
    records = []
    for row in reader:
        if None in row:
            error = "more cells than the header has columns"
            records.append(SourceRecord(reader.line_num, {}, error))
            continue
        cells = {key.strip().lower(): value for key, value in row.items()}
        present = {key: value.strip() for key, value in cells.items() if value and value.strip()}
        records.append(SourceRecord(reader.line_num, present))
    return records


def check_record(record: SourceRecord, *, now: datetime) -> StatsRecordIn | list[Reject]:
    """The record validated, or every reason it cannot be used (dates against ``now``)."""
    if record.error is not None:
        return [Reject(record.position, "record", record.error)]
    try:
        parsed = StatsRecordIn.model_validate(record.raw)
    except ValidationError as exc:
        return [
            Reject(record.position, field_path(error["loc"]), _message(error["msg"]))
            for error in exc.errors()
        ]
    return date_rejects(parsed, record.position, now=now) or parsed


def field_path(loc: Sequence[int | str]) -> str:
    """``("history", 3, "day")`` → ``history[3].day``; the record itself → ``record``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "record"


def _message(message: str) -> str:
    return message.removeprefix("Value error, ")


def date_rejects(record: StatsRecordIn, position: int, *, now: datetime) -> list[Reject]:
    """A snapshot dated after ``now``, history after the snapshot, a day counted twice."""
    rejects = []
    if record.as_of > now:
        rejects.append(
            Reject(position, "as_of", f"{record.as_of:%Y-%m-%d %H:%M} UTC is in the future")
        )
    first_index: dict[object, int] = {}
    for index, point in enumerate(record.history):
        where = f"history[{index}].day"
        if point.day > record.as_of.date():
            rejects.append(
                Reject(position, where, f"{point.day} is after as_of ({record.as_of.date()})")
            )
        if point.day in first_index:
            rejects.append(
                Reject(
                    position,
                    where,
                    f"a second count for {point.day} (first at history[{first_index[point.day]}])",
                )
            )
        first_index.setdefault(point.day, index)
    return rejects
