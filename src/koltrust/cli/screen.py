"""``koltrust screen``: screen posts from a file or standard input."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from koltrust.claims import repository as fact_checks
from koltrust.claims.matcher import LazyMatcher
from koltrust.claims.producer import ClaimMatchProducer
from koltrust.cli.context import console, database, err_console, load_settings
from koltrust.cli.rules import load_or_exit
from koltrust.db.session import make_session_factory
from koltrust.screening.engine import Engine, FindingProducer, TextTooLong
from koltrust.screening.findings import ScreeningResult
from koltrust.screening.inputs import InputLine, read_posts
from koltrust.screening.model import Rulebook, Severity

WARM_BATCH = 16  # posts whose claim-matching embeddings are computed together


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    TABLE = "table"


def screen(
    source: Annotated[str, typer.Argument(help="A .jsonl or .csv file, or - for stdin (JSONL).")],
    output: Annotated[OutputFormat, typer.Option("--format", help="jsonl or table.")] = (
        OutputFormat.TABLE
    ),
    fail_on: Annotated[
        Severity | None, typer.Option(help="Exit 1 if a finding is at least this severe.")
    ] = None,
    rulebook: Annotated[Path | None, typer.Option(help="Rulebook folder.")] = None,
    max_chars: Annotated[int, typer.Option(min=1, help="Longest post accepted.")] = 100_000,
    claims: Annotated[
        bool | None,
        typer.Option(
            "--claims/--no-claims",
            help="Match posts against the stored fact-checks (default: "
            "KOLTRUST_CLAIMS_IN_SCREENING, when the database holds fact-checks).",
        ),
    ] = None,
) -> None:
    """Screen posts (fields: id, text, platform, links, hashtags, paid_partnership, language)."""
    loaded = load_or_exit(rulebook)
    worst, bad_lines = -1, 0
    with (
        _claim_producers(loaded, wanted=claims) as producers,
        _opened(source) as (stream, total),
    ):
        engine = Engine(loaded, producers=producers, max_chars=max_chars)
        lines = _with_progress(read_posts(stream, csv_format=source.endswith(".csv")), total)
        for chunk in _batches(lines, WARM_BATCH):
            engine.warm([item.post for item in chunk if item.post is not None])
            for item in chunk:
                result = _screen_line(engine, item)
                if result is None:
                    bad_lines += 1
                    continue
                _emit(result, output)
                worst = max(
                    [worst] + [Severity(f.severity).rank for f in result.findings if not f.shadow]
                )
    if bad_lines:
        err_console.print(f"[yellow]{bad_lines} line(s) could not be screened (see above)[/yellow]")
    if fail_on is not None and worst >= fail_on.rank:
        raise typer.Exit(1)
    if bad_lines:
        raise typer.Exit(2)


@contextmanager
def _claim_producers(rulebook: Rulebook, *, wanted: bool | None) -> Iterator[list[FindingProducer]]:
    """Claim matching for the screening, when wanted and the database holds fact-checks (a
    database that is missing or not migrated holds none)."""
    settings = load_settings()
    on = settings.claims_in_screening if wanted is None else wanted
    path = settings.sqlite_path()
    if not on or (path is not None and not path.exists()):
        yield []
        return
    with database(settings) as engine:
        sessions = make_session_factory(engine)
        try:
            with sessions() as session:
                stored = fact_checks.count(session)
        except SQLAlchemyError:
            stored = 0
        matcher = LazyMatcher(settings, sessions)
        yield [ClaimMatchProducer(matcher, rulebook)] if stored else []


def _batches(items: Iterable[InputLine], size: int) -> Iterator[list[InputLine]]:
    batch: list[InputLine] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _screen_line(engine: Engine, item: InputLine) -> ScreeningResult | None:
    if item.post is None:
        _line_problem(item.line, str(item.error))
        return None
    try:
        return engine.screen(item.post)
    except TextTooLong as exc:
        _line_problem(item.line, str(exc))
        return None


def _line_problem(line: int, message: str) -> None:
    # one unwrapped line per problem, so that it can be read back by line number
    err_console.print(f"line {line}: {message}", markup=False, highlight=False, soft_wrap=True)


@contextmanager
def _opened(source: str) -> Iterator[tuple[IO[bytes], int | None]]:
    if source == "-":
        yield sys.stdin.buffer, None
        return
    path = Path(source)
    if not path.is_file():
        err_console.print(f"[red]{source}: no such file[/red]")
        raise typer.Exit(2)
    if path.suffix.lower() not in (".jsonl", ".csv", ".json", ".ndjson"):
        err_console.print(f"[red]{path.name}: use a .jsonl or .csv file[/red]")
        raise typer.Exit(2)
    with path.open("rb") as stream:
        yield stream, _count_lines(path)


def _count_lines(path: Path) -> int:
    with path.open("rb") as stream:  # closed here: an open handle per run would leak
        return sum(1 for line in stream if line.strip())


def _with_progress(items: Iterator[InputLine], total: int | None) -> Iterator[InputLine]:
    if total is None or not err_console.is_terminal:
        yield from items
        return
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("Screening", total=total)
        for item in items:
            yield item
            progress.advance(task)


def _emit(result: ScreeningResult, output: OutputFormat) -> None:
    if output is OutputFormat.JSONL:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        return
    if not result.findings:
        console.print(f"[green]{result.post_id or '-'}[/green] ({result.language}): no findings")
        return
    table = Table(title=f"{result.post_id or '-'} ({result.language})", show_lines=False)
    for column in ("severity", "category", "rule", "excerpt"):
        table.add_column(column)
    for finding in result.findings:
        marker = " (shadow)" if finding.shadow else ""
        table.add_row(finding.severity + marker, finding.category, finding.rule_id, finding.excerpt)
    console.print(table)
