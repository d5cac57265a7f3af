"""``koltrust audit``: verify the hash chain."""

from __future__ import annotations

import typer

from koltrust.audit import service
from koltrust.cli.context import console, err_console, load_settings, session_scope

app = typer.Typer(help="Audit log.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Check every event's hash and link; exit 1 at the first tampered event."""
    with session_scope(load_settings()) as session:
        report = service.verify(session)
    if report.ok:
        console.print(f"Audit log intact: {report.checked} event(s) verified")
        return
    err_console.print(
        f"[red]Audit log tampered at event #{report.first_bad_seq}:[/red] {report.problem} "
        f"({report.checked} event(s) before it are intact)"
    )
    raise typer.Exit(1)
