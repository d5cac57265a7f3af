"""``koltrust db``: migrations."""

from __future__ import annotations

import typer

from koltrust.cli.context import console, database, load_settings
from koltrust.db.migrate import current_revision, upgrade

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Bring the database schema up to date (SQLite or PostgreSQL)."""
    settings = load_settings()
    with database(settings) as engine:
        upgrade(engine, settings, revision)
        console.print(f"Database at revision [bold]{current_revision(engine)}[/bold]")


@app.command("current")
def current_command() -> None:
    """Show the schema revision of the database."""
    settings = load_settings()
    with database(settings) as engine:
        console.print(current_revision(engine) or "empty (run: koltrust db upgrade)")
