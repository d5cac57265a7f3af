"""``koltrust audience``: import account statistics, show an influencer's audience estimates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from koltrust.audience import service
from koltrust.audience.importer import AccountStatsInvalid, format_of, read_records
from koltrust.audience.schemas import AccountAudienceOut, influencer_audience_out
from koltrust.auth.permissions import SYSTEM
from koltrust.cli.cases import staff_actor
from koltrust.cli.context import (
    console,
    counting_progress,
    err_console,
    handle_errors,
    load_settings,
    print_json,
    session_scope,
)
from koltrust.db.types import utcnow

app = typer.Typer(help="Account statistics and audience authenticity.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command("import")
@handle_errors
def import_(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    strict: Annotated[
        bool, typer.Option(help="Refuse the whole file when any record is bad.")
    ] = False,
    acting: Annotated[
        str | None,
        typer.Option("--as", help="E-mail of the analyst or administrator (default: system)."),
    ] = None,
) -> None:
    """Import account statistics from JSONL (one account per line, with history, comments
    and follower samples) or CSV (the flat fields). Each record gets its audience
    authenticity estimate; the influencers touched are rescored. Bad records are listed with
    line, field and reason and the others stored (exit 1), or with --strict nothing is stored."""
    file_format = format_of(path.name)
    records = read_records(path.read_bytes(), file_format)
    with (
        session_scope(load_settings()) as session,
        counting_progress(err_console, transient=True) as progress,
    ):
        actor = staff_actor(session, acting) if acting else SYSTEM
        task = progress.add_task(f"Importing {path.name}", total=len(records))
        try:
            report = service.import_records(
                session,
                actor=actor,
                records=records,
                source=path.name,
                unit="line",
                strict=strict,
                now=utcnow(),
                on_record=lambda: progress.advance(task),
            )
        except AccountStatsInvalid as exc:
            progress.stop()
            err_console.print(f"[red]{path.name}:[/red] {exc.detail}", highlight=False)
            _print_rejects(path.name, exc.data.get("errors", []))
            raise typer.Exit(1) from exc
    console.print(
        f"{path.name}: {len(report.snapshots)} snapshot(s) added, {report.already_stored} "
        f"already stored, {len({r.position for r in report.rejects})} record(s) rejected; "
        f"{len(report.influencers)} influencer(s) rescored"
    )
    _print_rejects(path.name, report.reject_dicts())
    if report.rejects:
        raise typer.Exit(1)


def _print_rejects(source: str, rejects: list[dict[str, object]]) -> None:
    if not rejects:
        return
    table = Table(title=f"Rejected records of {source}")
    for column in ("line", "field", "reason"):
        table.add_column(column, overflow="fold")
    for reject in rejects:
        table.add_row(str(reject.get("line", "")), str(reject["field"]), str(reject["reason"]))
    err_console.print(table)


@app.command("show")
@handle_errors
def show(slug: str, as_json: JsonOption = False) -> None:
    """Each account's latest audience authenticity estimate, with its parts."""
    with session_scope(load_settings()) as session:
        influencer, latest = service.influencer_audience(session, actor=SYSTEM, slug=slug)
        name = influencer.display_name
        out = influencer_audience_out(influencer, latest)
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{name}[/bold] ({out.influencer})")
    for account in out.accounts:
        _print_account(account)


def _print_account(account: AccountAudienceOut) -> None:
    head = f"{account.platform.value} @{account.handle}: {account.followers:,} followers"
    snapshot = account.latest
    if snapshot is None:
        console.print(f"\n{head}: chưa có số liệu / no statistics imported")
        return
    value = "—" if snapshot.authenticity is None else f"{snapshot.authenticity:.2f}"
    note = " (tạm tính / provisional)" if snapshot.provisional else ""
    console.print(
        f"\n{head}\n  as of {snapshot.as_of:%Y-%m-%d}: authenticity {value}{note} "
        f"[{snapshot.evidence}]"
    )
    table = Table(show_header=True)
    for column in ("part", "value", "weight", "points", "lý do / reason"):
        table.add_column(column, overflow="fold")
    for part in snapshot.parts:
        table.add_row(
            f"{part.label['vi']}\n{part.label['en']}",
            f"{part.value:.2f}",
            f"{part.share:.0%}",
            f"{part.points:.3f}",
            f"{part.reason['vi']}\n{part.reason['en']}",
        )
    console.print(table)
    if snapshot.missing:
        console.print(f"  thiếu dữ liệu / no data: {', '.join(snapshot.missing)}")
