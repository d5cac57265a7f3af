"""Flagged lists (domains, products) as CSV files with source and date per entry."""

from __future__ import annotations

import csv
from pathlib import Path

from koltrust.screening import model as m
from koltrust.screening.problems import Problem

COLUMNS = {
    "domains": ("domain", "reason", "source", "added"),
    "products": ("name", "brand", "reason", "source", "added"),
}


def read_list(name: str, kind: str, path: Path) -> tuple[m.FlaggedList, list[Problem]]:
    """The list in ``path`` and the problems found in it (rows with problems are skipped)."""
    problems: list[Problem] = []
    entries: list[m.ListEntry] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(COLUMNS[kind]) - set(reader.fieldnames or ())
            if missing:
                hint = "the header is: " + ",".join(COLUMNS[kind])
                problems.append(
                    Problem(str(path), 1, 1, f"missing columns: {sorted(missing)}", hint)
                )
                return m.FlaggedList(name, kind, str(path), ()), problems
            for line, row in enumerate(reader, start=2):
                entry = _entry(kind, row)
                if entry is None:
                    problems.append(Problem(str(path), line, 1, f"empty {COLUMNS[kind][0]}"))
                else:
                    entries.append(entry)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem(str(path), 1, 1, f"cannot read the list: {exc}"))
    return m.FlaggedList(name, kind, str(path), tuple(entries)), problems


def _entry(kind: str, row: dict[str, str]) -> m.ListEntry | None:
    key = (row.get(COLUMNS[kind][0]) or "").strip()
    if not key:
        return None
    return m.ListEntry(
        value=key.lower() if kind == "domains" else key,
        reason=(row.get("reason") or "").strip(),
        source=(row.get("source") or "").strip(),
        added=(row.get("added") or "").strip(),
        brand=(row.get("brand") or "").strip(),
    )


def merge_into(path: Path, kind: str, new_rows: list[dict[str, str]]) -> tuple[int, int]:
    """Add rows to the list file, replacing entries with the same key; (added, updated)."""
    existing, _ = read_list("", kind, path) if path.exists() else (None, [])
    key_column = COLUMNS[kind][0]
    rows = {e.value.lower(): _row(kind, e) for e in (existing.entries if existing else ())}
    added = updated = 0
    for row in new_rows:
        key = (row.get(key_column) or "").strip().lower()
        if not key:
            continue
        updated, added = (updated + 1, added) if key in rows else (updated, added + 1)
        rows[key] = {column: (row.get(column) or "").strip() for column in COLUMNS[kind]}
    _write(path, kind, list(rows.values()))
    return added, updated


def _row(kind: str, entry: m.ListEntry) -> dict[str, str]:
    values = {"reason": entry.reason, "source": entry.source, "added": entry.added}
    if kind == "domains":
        return {"domain": entry.value, **values}
    return {"name": entry.value, "brand": entry.brand, **values}


def _write(path: Path, kind: str, rows: list[dict[str, str]]) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS[kind])
        writer.writeheader()
        writer.writerows(rows)
    temporary.replace(path)  # atomic: the engine never reads a half-written list
