"""``koltrust claims``: import fact-checks, match a text against them, list them."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.claims import service
from koltrust.claims.importers import FactCheckFileError, Reject, format_of
from koltrust.claims.matcher import matcher_for
from koltrust.claims.model import Match
from koltrust.claims.routes import check_query
from koltrust.claims.schemas import fact_check_out
from koltrust.cli.context import (
    console,
    counting_progress,
    err_console,
    handle_errors,
    load_settings,
    print_json,
    print_page,
    session_scope,
)

app = typer.Typer(help="Fact-checks and claim matching.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class FileFormat(StrEnum):
    CLAIMREVIEW = "claimreview"
    CSV = "csv"
    JSONL = "jsonl"


class PostLanguage(StrEnum):
    VI = "vi"
    EN = "en"
    FR = "fr"
    ID = "id"


@app.command("import")
@handle_errors
def import_(
    paths: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, metavar="FILE...")
    ],
    file_format: Annotated[
        FileFormat | None,
        typer.Option("--format", help="Format of every file (default: from the file name)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Refuse a file when any of its records is rejected.")
    ] = False,
) -> None:
    """Import fact-checks from ClaimReview JSON-LD (.json, .jsonld), CSV or JSONL. All files
    are stored together or not at all: a file that cannot be read stores nothing (exit 1).
    Records that cannot be used are listed with where and why, the others are stored (exit 1
    when any was rejected). Fact-checks already stored (same URL, or same claim) are skipped."""
    reports = []
    with (
        session_scope(load_settings()) as session,
        counting_progress(err_console, transient=True) as progress,
    ):
        task = progress.add_task("Importing", total=len(paths))
        for path in paths:
            progress.update(task, description=f"Importing {path.name}")
            try:
                chosen = file_format.value if file_format else format_of(path.name)
                reports.append(
                    service.import_file(
                        session,
                        actor=SYSTEM,
                        data=path.read_bytes(),
                        file_format=chosen,
                        source=path.name,
                        strict=strict,
                    )
                )
            except FactCheckFileError as exc:
                err_console.print(f"[red]{path.name}:[/red] {exc.detail}", highlight=False)
                _print_rejects(path.name, [Reject(**r) for r in exc.data.get("rejects", [])])
                err_console.print("[red]Nothing was stored.[/red]")
                raise typer.Exit(1) from exc
            progress.advance(task)
    rejected = 0
    for report in reports:
        _print_report(report)
        rejected += len(report.rejects)
    if rejected:
        raise typer.Exit(1)


def _print_report(report: service.ImportReport) -> None:
    console.print(
        f"{report.source} ({report.file_format}): {report.added} added, "
        f"{report.already_stored} already stored, {report.duplicates} duplicate(s) in the file, "
        f"{len(report.rejects)} rejected"
    )
    _print_rejects(report.source, report.rejects)


def _print_rejects(source: str, rejects: list[Reject]) -> None:
    if not rejects:
        return
    table = Table(title=f"Rejected records of {source}")
    table.add_column("where")
    table.add_column("reason")
    for reject in rejects:
        table.add_row(reject.where, reject.reason)
    err_console.print(table)


@app.command("match")
@handle_errors
def match(
    text: Annotated[str, typer.Argument(help="The text to match (at most 20,000 characters).")],
    k: Annotated[int, typer.Option("--k", min=1, max=20, help="How many matches.")] = 5,
    language: Annotated[
        PostLanguage | None, typer.Option(help="Language of the text (default: detected).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The stored fact-checks closest to a text, best first, with score and decision."""
    check_query(text)
    settings = load_settings()
    with session_scope(settings) as session:
        matches = matcher_for(settings).match(
            session, text, k=k, language=language.value if language else None
        )
    if as_json:
        print_json({"matches": [m.to_dict() for m in matches]})
        return
    if not matches:
        console.print("No fact-check matches this text.")
        return
    console.print(_match_table(matches))


def _match_table(matches: list[Match]) -> Table:
    table = Table(title="Fact-checks matching the text")
    for column in ("rank", "score", "decision", "claim", "rating", "publisher", "URL"):
        table.add_column(column, overflow="fold")
    for rank, found in enumerate(matches, start=1):
        fc = found.fact_check
        table.add_row(
            str(rank),
            f"{found.score:.3f}",
            found.decision,
            fc.claim,
            fc.rating or fc.verdict,
            fc.publisher,
            fc.url,
        )
    return table


@app.command("list")
@handle_errors
def list_(
    q: Annotated[str | None, typer.Option(help="Words of the claim, title or publisher.")] = None,
    language: Annotated[PostLanguage | None, typer.Option(help="Language.")] = None,
    verdict: Annotated[str | None, typer.Option(help="Verdict, e.g. false or scam.")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Stored fact-checks, newest first."""
    filters = service.Filters(q=q, language=language.value if language else None, verdict=verdict)
    with session_scope(load_settings()) as session:
        rows, total = service.search_fact_checks(
            session, actor=SYSTEM, filters=filters, page=page, per_page=per_page
        )
        items = [fact_check_out(row) for row in rows]
    if as_json:
        print_page(items, total=total, page=page, per_page=per_page)
        return
    table = Table(title=f"Fact-checks: {total} (page {page})")
    for column in ("id", "claim", "rating", "verdict", "publisher", "language", "URL"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(
            item.id, item.claim, item.rating, item.verdict, item.publisher, item.language, item.url
        )
    console.print(table)
