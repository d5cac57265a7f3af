"""``koltrust jobs``: run the scheduled job by hand (or from cron)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from koltrust.cli.context import console, database, err_console, load_settings, print_json
from koltrust.db.session import make_session_factory
from koltrust.db.types import utcnow
from koltrust.jobs import JobReport, run_due_jobs

app = typer.Typer(help="The scheduled job (expiry, closing, webhook deliveries).")


@app.command("run")
def run(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Run the scheduled job once: record ended sanctions expired, close decided cases whose
    appeal window has passed, deliver due webhooks. Exit 1 when any part failed."""
    settings = load_settings()
    with database(settings) as engine:
        report = run_due_jobs(make_session_factory(engine), settings, utcnow())
    if as_json:
        print_json(asdict(report) | {"ok": report.ok})
    else:
        _print(report)
    if not report.ok:
        raise typer.Exit(1)


def _print(report: JobReport) -> None:
    expired, closed = report.expired_sanction_ids, report.closed_case_ids
    console.print(f"Sanctions recorded expired: {len(expired)} {_ids(expired)}")
    console.print(f"Cases closed (appeal window passed): {len(closed)} {_ids(closed)}")
    console.print(
        f"Webhook deliveries: {report.deliveries_delivered} delivered of "
        f"{report.deliveries_attempted} attempted"
    )
    console.print(
        f"Trust scores recomputed (older than a day): {report.scores_recomputed}, "
        f"{report.scores_changed} changed"
    )
    for failure in report.failures:
        err_console.print(f"[red]Failed:[/red] {failure}")


def _ids(ids: list[int]) -> str:
    return f"({', '.join(map(str, ids))})" if ids else ""
