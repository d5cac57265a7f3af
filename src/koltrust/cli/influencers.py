"""``koltrust influencers``: register, find, show and bulk-import influencers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.cli.context import (
    console,
    counting_progress,
    handle_errors,
    load_settings,
    print_json,
    print_page,
    session_scope,
)
from koltrust.errors import ValidationFailed
from koltrust.registry import importer, service
from koltrust.registry.importer import Outcome
from koltrust.registry.schemas import InfluencerCreate, InfluencerFilters, InfluencerOut

app = typer.Typer(help="Influencers (KOLs and KOCs).", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def parse_account(spec: str) -> dict[str, object]:
    """'tiktok:@handle[:followers]' -> account fields."""
    parts = spec.split(":")
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise ValidationFailed(f"--account '{spec}': use PLATFORM:HANDLE[:FOLLOWERS]")
    account: dict[str, object] = {"platform": parts[0], "handle": parts[1]}
    if len(parts) == 3:
        if not parts[2].isdigit():
            raise ValidationFailed(f"--account '{spec}': followers must be a whole number")
        account["followers"] = int(parts[2])
    return account


@app.command("add")
@handle_errors
def add(
    name: Annotated[str, typer.Option("--name", help="Display name.")],
    niche: Annotated[str, typer.Option(help="Niche code, e.g. beauty.")],
    province: Annotated[str, typer.Option(help="Province slug or name.")],
    language: Annotated[list[str] | None, typer.Option(help="vi, en, fr or id.")] = None,
    bio: Annotated[str, typer.Option(help="Short biography.")] = "",
    slug: Annotated[
        str | None, typer.Option(help="URL name; made from the name if omitted.")
    ] = None,
    account: Annotated[
        list[str] | None, typer.Option(help="PLATFORM:HANDLE[:FOLLOWERS], repeatable.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Register an influencer."""
    data = InfluencerCreate.model_validate(
        {
            "display_name": name,
            "niche": niche,
            "province": province,
            "slug": slug,
            "bio": bio,
            "languages": language or ["vi"],
            "accounts": [parse_account(a) for a in account or []],
        }
    )
    with session_scope(load_settings()) as session:
        influencer = service.create_influencer(session, actor=SYSTEM, data=data)
        out = InfluencerOut.model_validate(influencer)
    if as_json:
        print_json(out)
    else:
        console.print(f"Registered [bold]{out.display_name}[/bold] as '{out.slug}'")


@app.command("list")
@handle_errors
def list_(
    q: Annotated[str | None, typer.Option(help="Text in name, bio or handle.")] = None,
    niche: str | None = None,
    province: str | None = None,
    platform: str | None = None,
    language: str | None = None,
    membership: Annotated[str | None, typer.Option(help="applicant, member, ...")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Find influencers."""
    filters = InfluencerFilters.model_validate(
        {
            "q": q,
            "niche": niche,
            "province": province,
            "platform": platform,
            "language": language,
            "membership": membership,
        }
    )
    with session_scope(load_settings()) as session:
        rows, total = service.search_influencers(
            session, actor=SYSTEM, filters=filters, page=page, per_page=per_page
        )
        items = [InfluencerOut.model_validate(row) for row in rows]
    if as_json:
        print_page(items, total=total, page=page, per_page=per_page)
        return
    console.print(_table(items, title=f"{total} influencer(s), page {page}"))


def _table(items: list[InfluencerOut], *, title: str) -> Table:
    table = Table(title=title)
    for column in ("slug", "name", "niche", "province", "platforms", "followers", "membership"):
        table.add_column(column, justify="right" if column == "followers" else "left")
    for item in items:
        table.add_row(
            item.slug,
            item.display_name,
            item.niche,
            item.province,
            ", ".join(sorted({a.platform.value for a in item.accounts})),
            f"{item.total_followers:,}",
            item.membership.status.value if item.membership else "-",
        )
    return table


@app.command("show")
@handle_errors
def show(slug: str, as_json: JsonOption = False) -> None:
    """Show one influencer."""
    with session_scope(load_settings()) as session:
        out = InfluencerOut.model_validate(service.get_influencer(session, actor=SYSTEM, slug=slug))
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{out.display_name}[/bold] ({out.slug}) — {out.niche}, {out.province}")
    console.print(f"languages: {', '.join(out.languages)}; identity: {out.verification_level}")
    status = out.membership.status.value if out.membership else "not a member"
    console.print(f"membership: {status}")
    for account in out.accounts:
        console.print(
            f"  {account.platform.value:<10} {account.handle:<30} {account.followers:>12,}"
        )
    if out.bio:
        console.print(out.bio)


@app.command("import")
@handle_errors
def import_(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    rejects: Annotated[
        Path | None, typer.Option(help="Where to write rejected rows (default: beside the file).")
    ] = None,
) -> None:
    """Import influencers from CSV or JSONL; invalid rows go to a reject file with reasons.
    Re-running the same file creates no duplicates."""
    if path.suffix.lower() not in (".csv", ".jsonl"):
        raise ValidationFailed(f"{path.name}: use a .csv or .jsonl file")
    settings = load_settings()
    total = importer.count_rows(path)
    with (
        session_scope(settings) as session,
        counting_progress(console, transient=False) as progress,
    ):
        task = progress.add_task(f"Importing {path.name}", total=total)
        report = importer.import_rows(
            session,
            actor=SYSTEM,
            rows=importer.read_rows(path),
            batch_size=settings.import_batch_size,
            on_row=lambda: progress.advance(task),
        )
    _print_report(report, path, rejects)
    if report.rejects:
        raise typer.Exit(1)


def _print_report(report: importer.ImportReport, path: Path, rejects: Path | None) -> None:
    counts = ", ".join(f"{report.counts[o]} {o.value}" for o in Outcome)
    console.print(f"{path.name}: {counts}")
    if report.rejects:
        target = rejects or path.with_name(f"{path.stem}.rejects{path.suffix}")
        importer.write_rejects(target, report.rejects)
        console.print(
            f"[yellow]{len(report.rejects)} row(s) rejected; reasons in {target}[/yellow]"
        )
