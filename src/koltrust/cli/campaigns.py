"""``koltrust campaigns`` (add, list, join) and ``koltrust corrections`` (add, list)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.campaigns import service
from koltrust.campaigns.schemas import (
    CampaignCreate,
    CorrectionIn,
    ParticipationIn,
    campaign_out,
    correction_out,
    participation_out,
)
from koltrust.cli.cases import staff_actor
from koltrust.cli.context import (
    console,
    handle_errors,
    load_settings,
    print_json,
    print_page,
    session_scope,
)
from koltrust.db.types import utcnow

app = typer.Typer(help="Campaigns of the alliance and who joined them.", no_args_is_help=True)
corrections_app = typer.Typer(help="Corrections influencers published.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="E-mail of the analyst or administrator (default: system)."),
]


@app.command("add")
@handle_errors
def add(
    name: Annotated[str, typer.Option("--name", help="Name of the campaign.")],
    starts_on: Annotated[str, typer.Option("--starts-on", help="First day, e.g. 2025-06-01.")],
    ends_on: Annotated[str | None, typer.Option("--ends-on", help="Last day, if known.")] = None,
    slug: Annotated[str | None, typer.Option(help="URL name; made from the name.")] = None,
    description: Annotated[str, typer.Option(help="What the campaign is about.")] = "",
    as_json: JsonOption = False,
) -> None:
    """Create a campaign."""
    data = CampaignCreate.model_validate(
        {
            "name": name,
            "slug": slug,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }
    )
    with session_scope(load_settings()) as session:
        out = campaign_out(service.create_campaign(session, actor=SYSTEM, data=data), 0)
    if as_json:
        print_json(out)
    else:
        console.print(f"Created campaign [bold]{out.name}[/bold] as '{out.slug}'")


@app.command("list")
@handle_errors
def list_(
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Campaigns, newest first, with their number of participants."""
    with session_scope(load_settings()) as session:
        rows, total = service.list_campaigns(session, actor=SYSTEM, page=page, per_page=per_page)
        items = [campaign_out(campaign, count) for campaign, count in rows]
    if as_json:
        print_page(items, total=total, page=page, per_page=per_page)
        return
    table = Table(title=f"{total} campaign(s)")
    for column in ("slug", "name", "from", "until", "participants"):
        if column == "participants":
            table.add_column(column, justify="right")
        else:
            table.add_column(column, overflow="fold")
    for item in items:
        until = str(item.ends_on) if item.ends_on else "-"
        table.add_row(item.slug, item.name, str(item.starts_on), until, str(item.participants))
    console.print(table)


@app.command("join")
@handle_errors
def join(
    campaign: Annotated[str, typer.Argument(help="Slug of the campaign.")],
    influencer: Annotated[str, typer.Argument(help="Slug of the influencer.")],
    joined_at: Annotated[
        str | None,
        typer.Option("--joined-at", help="Day or date-time with zone (default: now)."),
    ] = None,
    evidence_url: Annotated[
        str | None, typer.Option("--evidence-url", help="The post or page that shows it.")
    ] = None,
    acting: AsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that an influencer took part in a campaign."""
    now = utcnow()
    data = ParticipationIn.model_validate(
        {
            "influencer": influencer,
            "joined_at": joined_at or now,
            "evidence_url": evidence_url,
        }
    )
    with session_scope(load_settings()) as session:
        actor = staff_actor(session, acting) if acting else SYSTEM
        row = service.join_campaign(session, actor=actor, slug=campaign, data=data, now=now)
        out = participation_out(row)
    if as_json:
        print_json(out)
    else:
        console.print(f"'{out.influencer}' joined '{out.campaign}' on {out.joined_at:%Y-%m-%d}")


@corrections_app.command("add")
@handle_errors
def add_correction(
    slug: Annotated[str, typer.Argument(help="Slug of the influencer.")],
    url: Annotated[str, typer.Option("--url", help="Where the correction is published.")],
    published_at: Annotated[
        str, typer.Option("--published-at", help="Day or date-time with zone.")
    ],
    case: Annotated[int | None, typer.Option("--case", help="Id of the case it corrects.")] = None,
    note: Annotated[str, typer.Option(help="A short note.")] = "",
    acting: AsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a correction an influencer published."""
    data = CorrectionIn.model_validate(
        {"url": url, "published_at": published_at, "case_id": case, "note": note}
    )
    with session_scope(load_settings()) as session:
        actor = staff_actor(session, acting) if acting else SYSTEM
        row = service.add_correction(session, actor=actor, slug=slug, data=data, now=utcnow())
        out = correction_out(row)
    if as_json:
        print_json(out)
    else:
        console.print(f"Recorded correction {out.id} of '{out.influencer}' ({out.evidence})")


@corrections_app.command("list")
@handle_errors
def list_corrections(slug: str, as_json: JsonOption = False) -> None:
    """An influencer's published corrections, newest first."""
    with session_scope(load_settings()) as session:
        items = [
            correction_out(row)
            for row in service.list_corrections(session, actor=SYSTEM, slug=slug)
        ]
    if as_json:
        print_json(items)
        return
    table = Table(title=f"{len(items)} correction(s) of {slug}")
    for column in ("id", "published", "case", "URL", "note"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(
            str(item.id),
            _day(item.published_at),
            str(item.case_id or "-"),
            item.url,
            item.note,
        )
    console.print(table)


def _day(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d}"
