"""``koltrust serve`` and ``koltrust demo``."""

from __future__ import annotations

from typing import Annotated, Any

import typer
import uvicorn

from koltrust.api.app import create_app
from koltrust.cli.context import console, database, err_console, load_settings, session_scope
from koltrust.config import Environment, Settings
from koltrust.db.migrate import current_revision, head_revision, upgrade
from koltrust.demo.loader import DEMO_LOGINS, load_demo
from koltrust.jobs import JobThread

HostOption = Annotated[str | None, typer.Option(help="Address to bind (default from settings).")]
PortOption = Annotated[int | None, typer.Option(min=1, max=65535, help="Port to bind.")]
WorkersOption = Annotated[
    int,
    typer.Option(
        min=1,
        max=64,
        help="Server processes; each keeps its own badge cache. 1 serves in this process.",
    ),
]
AccessLogOption = Annotated[
    bool,
    typer.Option("--access-log/--no-access-log", help="Log a line per request (costs throughput)."),
]


def serve(
    host: HostOption = None,
    port: PortOption = None,
    workers: WorkersOption = 1,
    access_log: AccessLogOption = True,
) -> None:
    """Serve the web pages and the API on an existing, migrated database."""
    settings = load_settings()
    with database(settings) as engine:
        current = current_revision(engine)
    if current != head_revision(settings):
        err_console.print(
            f"[red]The database is at revision {current or 'none'}, not the latest.[/red] "
            "Run: koltrust db upgrade"
        )
        raise typer.Exit(1)
    _run(settings, host or settings.host, port or settings.port, workers, access_log)


def _run(
    settings: Settings, host: str, port: int, workers: int = 1, access_log: bool = True
) -> None:
    # only the served process runs the scheduled job (the supervisor, with several workers);
    # apps built elsewhere (tests) never do
    jobs = JobThread(settings) if settings.jobs_every_seconds > 0 else None
    if jobs is not None:
        jobs.start()
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info"}
    options["access_log"] = access_log
    try:
        if workers == 1:
            uvicorn.run(create_app(settings), **options)
        else:
            # worker processes import the factory and read the same environment
            uvicorn.run("koltrust.api.app:create_app", factory=True, workers=workers, **options)
    finally:
        if jobs is not None:
            jobs.stop()


def demo(
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Prepare, but do not serve.")
    ] = False,
    host: HostOption = None,
    port: PortOption = None,
) -> None:
    """Migrate the database, load the fictional demo data, print the logins and serve."""
    settings = load_settings()
    if settings.environment is Environment.PROD:
        err_console.print("[red]Refusing to load demo users with known passwords in prod.[/red]")
        raise typer.Exit(1)
    with database(settings) as engine:
        upgrade(engine, settings)
    with session_scope(settings) as session:
        counts = load_demo(session, settings)
    bind_host, bind_port = host or settings.host, port or settings.port
    _print_welcome(settings, counts, f"http://{bind_host}:{bind_port}")
    if not no_serve:
        _run(settings, bind_host, bind_port)


def _print_welcome(settings: Settings, counts: dict[str, int], base: str) -> None:
    console.print(
        f"[green]Demo ready[/green] in {settings.database_url}: {counts['influencers']} "
        f"influencers, {counts['organisations']} organisations, {counts['users']} users, "
        f"{counts['fact_checks']} fact-checks"
    )
    console.print(f"  Web:      {base}/")
    console.print(f"  Fact-checks: {base}/fact-checks   (try: Uống nước chanh ấm chữa ung thư)")
    console.print(f"  Registry: {base}/influencers")
    console.print(f"  API:      {base}/api/v1/influencers   (docs: {base}/api/v1/docs)")
    console.print(
        f"  Cases:    {counts['cases']} demo cases in every state: koltrust cases list, "
        "koltrust sanctions list, koltrust notices export --since 2000-01-01"
    )
    console.print(
        f"  Trust:    {counts['trust_scores']} scores, {counts['certificates']} certificates "
        f"({base}/directory)"
    )
    console.print(
        f"  Media:    {counts['media']} clips with time-coded findings: {base}/media "
        "(sign in as the analyst)"
    )
    console.print("  Demo logins (fictional data; never use these passwords elsewhere):")
    for login in DEMO_LOGINS:
        console.print(f"    {login.role.value:<11} {login.email:<30} {login.password}")
