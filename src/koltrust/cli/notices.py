"""``koltrust notices`` (export statements of reasons, send due webhooks) and
``koltrust webhooks`` (the platforms' subscriptions)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.cli.context import (
    console,
    database,
    err_console,
    handle_errors,
    load_settings,
    print_json,
    session_scope,
)
from koltrust.db.session import make_session_factory
from koltrust.db.types import utcnow
from koltrust.notices import service
from koltrust.notices.delivery import deliver_due
from koltrust.notices.schemas import WebhookCreatedOut, WebhookIn, WebhookOut

notices_app = typer.Typer(help="Platform notices: DSA statements of reasons.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Webhook subscriptions of platforms.", no_args_is_help=True)

EXPORT_BATCH = 500


@notices_app.command("export")
@handle_errors
def export(
    since: Annotated[str, typer.Option(help="A date (YYYY-MM-DD) or ISO 8601 date-time.")],
) -> None:
    """Print every statement of reasons recorded since SINCE as JSON Lines on stdout."""
    moment = service.parse_since(since)
    written = 0
    with session_scope(load_settings()) as session:
        after_id = 0
        while batch := service.notices_since(
            session, moment, limit=EXPORT_BATCH, after_id=after_id
        ):
            for notice in batch:
                line = json.dumps(notice.statement, ensure_ascii=False, sort_keys=True)
                typer.echo(line)
            written += len(batch)
            after_id = batch[-1].id
    err_console.print(f"Exported {written} statement(s) recorded since {moment.isoformat()}")


@notices_app.command("deliver")
@handle_errors
def deliver() -> None:
    """Send every webhook delivery that is due now, once, and print the counts."""
    settings = load_settings()
    with database(settings) as engine:
        report = deliver_due(make_session_factory(engine), now=utcnow(), settings=settings)
    console.print(
        f"{report.attempted} tried: {report.delivered} delivered, "
        f"{report.retrying} to retry, {report.failed} failed"
    )


@webhooks_app.command("add")
@handle_errors
def add(
    name: str,
    url: str,
    organisation: Annotated[
        str | None, typer.Option(help="Slug of the platform's organisation.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Subscribe URL to every notice; prints the signing secret, shown this once only."""
    data = WebhookIn.model_validate({"name": name, "url": url, "organisation": organisation})
    with session_scope(load_settings()) as session:
        out = WebhookCreatedOut.model_validate(
            service.add_subscription(
                session,
                actor=SYSTEM,
                name=data.name,
                url=data.url,
                organisation_slug=data.organisation,
            )
        )
    if as_json:
        print_json(out)
        return
    console.print(f"Webhook {out.id} sends every notice to {out.url}")
    console.print(f"Signing secret (shown once, keep it safe): [bold]{out.secret}[/bold]")


@webhooks_app.command("list")
@handle_errors
def list_(
    include_inactive: Annotated[bool, typer.Option("--all", help="Removed ones too.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The webhook subscriptions."""
    with session_scope(load_settings()) as session:
        items = [
            WebhookOut.model_validate(s)
            for s in service.list_subscriptions(
                session, actor=SYSTEM, include_inactive=include_inactive
            )
        ]
    if as_json:
        print_json(items)
        return
    table = Table(title=f"{len(items)} webhook(s)")
    for column in ("id", "name", "url", "active"):
        table.add_column(column)
    for item in items:
        table.add_row(str(item.id), item.name, item.url, "yes" if item.active else "no")
    console.print(table)


@webhooks_app.command("remove")
@handle_errors
def remove(webhook_id: Annotated[int, typer.Argument(min=1)]) -> None:
    """Stop sending to a subscription; its delivery log is kept."""
    with session_scope(load_settings()) as session:
        service.deactivate_subscription(session, actor=SYSTEM, subscription_id=webhook_id)
    console.print(f"Webhook {webhook_id} removed; its delivery log is kept")
