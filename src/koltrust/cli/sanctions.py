"""``koltrust sanctions``: list sanctions, lift one, record the ended ones expired."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.cli.cases import staff_actor
from koltrust.cli.context import (
    console,
    err_console,
    handle_errors,
    load_settings,
    print_json,
    print_page,
    session_scope,
)
from koltrust.db.types import utcnow
from koltrust.sanctions import service
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.schemas import SanctionOut
from koltrust.sanctions.standing import search_sanctions

app = typer.Typer(help="Sanctions: list, lift, expire.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command("list")
@handle_errors
def list_(
    status: Annotated[
        SanctionStatus | None, typer.Option(help="Only sanctions with this status now.")
    ] = None,
    influencer: Annotated[str | None, typer.Option(help="Only sanctions of this slug.")] = None,
    kind: Annotated[SanctionKind | None, typer.Option(help="Only sanctions of this kind.")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """List sanctions, newest first; an end that has passed reads expired."""
    with session_scope(load_settings()) as session:
        rows, total = search_sanctions(
            session,
            actor=SYSTEM,
            now=utcnow(),
            status=status,
            influencer_slug=influencer,
            kind=kind,
            page=page,
            per_page=per_page,
        )
        items = [SanctionOut.model_validate(row) for row in rows]
    if as_json:
        print_page(items, total=total, page=page, per_page=per_page)
        return
    console.print(_table(items, title=f"{total} sanction(s)"))


def _table(items: list[SanctionOut], *, title: str) -> Table:
    table = Table(title=title)
    for column in ("id", "influencer", "kind", "case", "from", "until", "status", "points"):
        table.add_column(column, no_wrap=column in ("influencer", "from", "until", "status"))
    for item in items:
        table.add_row(
            str(item.id),
            item.influencer,
            item.kind.value,
            str(item.case_id),
            _day(item.starts_at),
            _day(item.ends_at) if item.ends_at else "permanent",
            item.status.value,
            str(item.points),
        )
    return table


@app.command("lift")
@handle_errors
def lift(
    sanction_id: int,
    reason: Annotated[str, typer.Option("--reason", help="Why it ends early (required).")],
    acting: Annotated[
        str | None,
        typer.Option("--as", help="E-mail of the analyst or administrator (default: system)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """End a sanction in force early; its points stay and decay as usual."""
    with session_scope(load_settings()) as session:
        actor = staff_actor(session, acting) if acting else SYSTEM
        sanction = service.lift(
            session,
            actor=actor,
            sanction_id=sanction_id,
            reason=reason,
            expected_version=None,
            now=utcnow(),
        )
        out = SanctionOut.model_validate(sanction)
    if as_json:
        print_json(out)
        return
    console.print(
        f"Sanction {out.id} ({out.kind.value}, {out.influencer}) is now [bold]lifted[/bold]; "
        "platforms get a notice"
    )


@app.command("expire")
@handle_errors
def expire(
    execute: Annotated[
        bool, typer.Option("--execute", help="Record them (without it: only a preview).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Record sanctions whose end has passed as expired, with their platform notices. Without
    --execute, only list them (their status already reads expired)."""
    now = utcnow()
    with session_scope(load_settings()) as session:
        due = service.expire_due(session, actor=SYSTEM, now=now, execute=execute)
        items = [SanctionOut.model_validate(sanction) for sanction in due]
        if not execute:
            session.rollback()  # a preview writes nothing, whatever the service did
    if as_json:
        print_json({"executed": execute, "items": items})
        return
    if not items:
        console.print("No sanction has ended without being recorded expired; nothing to do.")
        return
    verb = "Recorded" if execute else "Would record"
    console.print(_table(items, title=f"{verb} {len(items)} sanction(s) expired"))
    if not execute:
        err_console.print("Preview only: nothing was written. Run again with --execute.")


def _day(at: datetime) -> str:
    return f"{at:%Y-%m-%d}"
