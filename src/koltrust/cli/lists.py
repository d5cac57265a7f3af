"""``koltrust lists``: import entries into the rulebook's flagged lists and show them. A running
server picks up the changed file without a restart (the rulebook source watches it)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from koltrust.cli.context import console, err_console, handle_errors, load_settings, print_json
from koltrust.errors import NotFound, ValidationFailed
from koltrust.registry.importer import SourceRow, write_rejects
from koltrust.screening.lists import COLUMNS, merge_into, read_list
from koltrust.screening.loader import index_path, load_rulebook
from koltrust.screening.model import ListEntry, Rulebook
from koltrust.screening.problems import RulebookError

app = typer.Typer(help="Flagged lists (domains, products) of the rulebook.", no_args_is_help=True)

RulebookOption = Annotated[
    Path | None,
    typer.Option(help="Rulebook folder (default: KOLTRUST_RULEBOOK_PATH, else the shipped one)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = {"domains": ("domain", "source", "added"), "products": ("name", "source", "added")}


@dataclass(frozen=True)
class ListSpec:
    """Where a named list lives and what kind it is, as rulebook.yaml says."""

    name: str
    kind: str
    path: Path


@dataclass
class CheckedRows:
    """The rows of an input file: those fit to merge, and the others with their reasons."""

    valid: list[dict[str, str]]
    rejects: list[tuple[SourceRow, str]]


def list_spec(rulebook: Path, name: str) -> ListSpec:
    """The list ``name`` of the rulebook, read from rulebook.yaml alone (so that a list file
    that does not exist yet can be created by an import)."""
    index = index_path(rulebook)
    try:
        raw: Any = yaml.safe_load(index.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationFailed(f"{index}: cannot read the rulebook index ({exc})") from exc
    lists = raw.get("lists") if isinstance(raw, dict) else None
    specs = lists if isinstance(lists, dict) else {}
    spec = specs.get(name)
    if not isinstance(spec, dict) or spec.get("kind") not in COLUMNS or "path" not in spec:
        known = ", ".join(sorted(specs)) or "none"
        raise NotFound(f"The rulebook has no list '{name}' (its lists: {known})", list=name)
    return ListSpec(name, spec["kind"], index.parent / str(spec["path"]))


def domain_problem(value: str) -> str | None:
    """Why ``value`` is not a bare host name such as ``example.com``, or None."""
    if any(mark in value for mark in ("://", "/", " ", "@", ":")):
        return "give a bare domain such as example.com, without scheme, path, port or spaces"
    try:
        ascii_name = value.encode("idna").decode("ascii")
    except UnicodeError:
        return "not a valid domain name"
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or len(labels) < 2 or not all(map(_LABEL.match, labels)):
        return "not a valid domain name (e.g. example.com)"
    if labels[-1].isdigit():
        return "an IP address is not a domain"
    return None


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a date written YYYY-MM-DD, or None."""
    if not _DATE.match(value):
        return "added must be a date written YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"added: {value} is not a real date"
    return None


def row_problems(kind: str, row: dict[str, str]) -> list[str]:
    """Everything wrong with one (cleaned) row of a list of ``kind``."""
    key = COLUMNS[kind][0]
    problems = []
    if not row[key]:
        problems.append(f"{key} is empty")
    elif kind == "domains" and (problem := domain_problem(row[key])):
        problems.append(problem)
    if not row["source"]:
        problems.append("source is empty (say where the entry comes from)")
    if problem := date_problem(row["added"]):
        problems.append(problem)
    return problems


def clean_row(kind: str, raw: dict[str, Any]) -> dict[str, str]:
    """The list's columns of ``raw``, trimmed; domains lower-case without a trailing dot."""
    row = {column: str(raw.get(column) or "").strip() for column in COLUMNS[kind]}
    if kind == "domains":
        row["domain"] = row["domain"].lower().rstrip(".")
    return row


def check_file(path: Path, kind: str) -> CheckedRows:
    """Read and check every row of the CSV at ``path``; a file without the needed columns is
    refused as a whole."""
    checked = CheckedRows([], [])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED[kind] if c not in (reader.fieldnames or ())]
        if missing:
            raise ValidationFailed(
                f"{path.name}: missing columns {', '.join(missing)}; "
                f"the header is: {','.join(COLUMNS[kind])}"
            )
        for line, raw in enumerate(reader, start=2):
            row = clean_row(kind, raw)
            problems = row_problems(kind, row)
            if problems:
                source_row = SourceRow(line, {k: v for k, v in raw.items() if k is not None})
                checked.rejects.append((source_row, "; ".join(problems)))
            else:
                checked.valid.append(row)
    return checked


def merge_and_validate(
    rulebook: Path, spec: ListSpec, rows: list[dict[str, str]]
) -> tuple[int, int, Rulebook]:
    """Merge ``rows`` into the list file, then load the whole rulebook: (added, updated, the
    rulebook). When it no longer loads, put the previous file back and raise RulebookError."""
    previous = spec.path.read_bytes() if spec.path.exists() else None
    added, updated = merge_into(spec.path, spec.kind, rows)
    try:
        return added, updated, load_rulebook(rulebook)
    except RulebookError:
        _restore(spec.path, previous)
        raise


def _restore(path: Path, previous: bytes | None) -> None:
    if previous is None:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_suffix(path.suffix + ".restore")
    temporary.write_bytes(previous)
    temporary.replace(path)  # atomic, like the merge itself


def _rulebook_folder(rulebook: Path | None) -> Path:
    return rulebook or load_settings().rulebook_folder()


@app.command("import")
@handle_errors
def import_(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    list_name: Annotated[str, typer.Option("--list", help="List name, e.g. flagged_domains.")],
    rulebook: RulebookOption = None,
    rejects: Annotated[
        Path | None, typer.Option(help="Where to write rejected rows (default: beside the file).")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Check the rows; change nothing.")] = False,
) -> None:
    """Merge a CSV of entries into a flagged list; bad rows go to a rejects file (exit 1)."""
    folder = _rulebook_folder(rulebook)
    spec = list_spec(folder, list_name)
    checked = check_file(path, spec.kind)
    if dry_run:
        console.print(f"{path.name}: {len(checked.valid)} valid, {len(checked.rejects)} rejected")
    elif checked.valid:
        _merge(folder, spec, checked.valid)
    else:
        console.print(f"{path.name}: no valid rows; {spec.path.name} unchanged")
    if checked.rejects:
        target = rejects or path.with_name(f"{path.stem}.rejects.csv")
        write_rejects(target, checked.rejects)
        err_console.print(
            f"[yellow]{len(checked.rejects)} row(s) rejected; reasons in {target}[/yellow]"
        )
        raise typer.Exit(1)


def _merge(folder: Path, spec: ListSpec, rows: list[dict[str, str]]) -> None:
    try:
        added, updated, result = merge_and_validate(folder, spec, rows)
    except RulebookError as exc:
        for problem in exc.problems:
            err_console.print(str(problem), markup=False, highlight=False)
        err_console.print(f"[red]The rulebook would be invalid; {spec.path.name} restored[/red]")
        raise typer.Exit(1) from exc
    console.print(
        f"{spec.name}: {added} added, {updated} updated; now "
        f"{len(result.lists[spec.name].entries)} entries (rulebook {result.version} valid)"
    )


@app.command("show")
@handle_errors
def show(name: str, rulebook: RulebookOption = None, as_json: JsonOption = False) -> None:
    """Show the entries of a flagged list."""
    spec = list_spec(_rulebook_folder(rulebook), name)
    if not spec.path.exists():
        raise NotFound(f"{spec.path}: the list file does not exist yet", list=name)
    flagged, problems = read_list(spec.name, spec.kind, spec.path)
    for problem in problems:
        err_console.print(str(problem), markup=False, highlight=False)
    columns = COLUMNS[spec.kind]
    rows = [dict(zip(columns, _values(spec.kind, e), strict=True)) for e in flagged.entries]
    if as_json:
        print_json({"name": name, "kind": spec.kind, "path": str(spec.path), "entries": rows})
        return
    table = Table(title=f"{name} ({spec.kind}): {len(rows)} entries")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row.values())
    console.print(table)


def _values(kind: str, entry: ListEntry) -> tuple[str, ...]:
    tail = (entry.reason, entry.source, entry.added)
    return (entry.value, *tail) if kind == "domains" else (entry.value, entry.brand, *tail)
