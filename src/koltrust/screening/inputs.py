"""Reads posts from JSONL or CSV, line by line, so that one bad line never stops the rest."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from koltrust.screening.findings import Post

FIELDS = {"id", "text", "platform", "links", "hashtags", "paid_partnership", "language"}


@dataclass(frozen=True)
class InputLine:
    """A post read from line ``line``, or the reason it could not be read."""

    line: int
    post: Post | None = None
    error: str | None = None


def read_posts(stream: IO[bytes], *, csv_format: bool) -> Iterator[InputLine]:
    """Posts from a binary stream of JSONL (default) or CSV with a header."""
    if csv_format:
        yield from _csv_posts(stream)
        return
    for number, raw in enumerate(stream, start=1):
        if raw.strip():
            yield _json_line(number, raw)


def _json_line(number: int, raw: bytes) -> InputLine:
    try:
        # without its line ending, so that an error in a cut-off line is placed on the line
        text = raw.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputLine(number, error=f"not valid UTF-8 at byte {exc.start}")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputLine(number, error=f"not valid JSON: {exc.msg} at column {exc.colno}")
    return _from_record(number, record)


def _csv_posts(stream: IO[bytes]) -> Iterator[InputLine]:
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", errors="strict", newline="")
    try:
        reader = csv.DictReader(wrapper)
        for number, row in enumerate(reader, start=2):
            yield _from_record(number, {k: v for k, v in row.items() if k and v not in ("", None)})
    except UnicodeDecodeError as exc:
        yield InputLine(0, error=f"the CSV file is not valid UTF-8 (byte {exc.start}); stopped")
    except csv.Error as exc:
        yield InputLine(0, error=f"the CSV file is malformed: {exc}; stopped")
    finally:
        wrapper.detach()  # the caller's stream stays open; the wrapper would close it


def _from_record(number: int, record: Any) -> InputLine:
    if not isinstance(record, dict):
        return InputLine(number, error="a line must be a JSON object with a 'text' field")
    unknown = set(record) - FIELDS
    if unknown:
        return InputLine(number, error=f"unknown field(s): {', '.join(sorted(unknown))}")
    text = record.get("text")
    if not isinstance(text, str):
        return InputLine(number, error="'text' is missing or not a string")
    return InputLine(
        number,
        post=Post(
            text=text,
            id=None if record.get("id") is None else str(record["id"]),
            platform=record.get("platform"),
            links=_strings(record.get("links")),
            hashtags=_strings(record.get("hashtags")),
            paid_partnership=_flag(record.get("paid_partnership")),
            language=record.get("language"),
        ),
    )


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.replace(";", " ").split() if part.strip())
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return ()


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y"}
    return bool(value)
