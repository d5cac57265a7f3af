"""``koltrust orgs``: businesses, media outlets, platforms and agencies."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.cli.context import (
    console,
    handle_errors,
    load_settings,
    print_json,
    print_page,
    session_scope,
)
from koltrust.registry import organisation_service
from koltrust.registry.schemas import (
    OrganisationCreate,
    OrganisationFilters,
    OrganisationOut,
    OrganisationUpdate,
)

app = typer.Typer(help="Organisations.", no_args_is_help=True)


@app.command("add")
@handle_errors
def add(
    name: Annotated[str, typer.Option("--name")],
    kind: Annotated[str, typer.Option(help="business, media_outlet, platform or agency.")],
    tax_code: Annotated[str, typer.Option(help="10 digits, or 10-3 for a branch.")],
    website: str | None = None,
    province: str | None = None,
    slug: str | None = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Register an organisation."""
    data = OrganisationCreate.model_validate(
        {
            "name": name,
            "kind": kind,
            "tax_code": tax_code,
            "website": website,
            "province": province,
            "slug": slug,
        }
    )
    with session_scope(load_settings()) as session:
        out = OrganisationOut.model_validate(
            organisation_service.create_organisation(session, actor=SYSTEM, data=data)
        )
    if as_json:
        print_json(out)
    else:
        console.print(f"Registered [bold]{out.name}[/bold] as '{out.slug}'")


@app.command("list")
@handle_errors
def list_(
    q: str | None = None,
    kind: str | None = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find organisations."""
    filters = OrganisationFilters.model_validate({"q": q, "kind": kind})
    with session_scope(load_settings()) as session:
        rows, total = organisation_service.search_organisations(
            session, actor=SYSTEM, filters=filters, page=page, per_page=per_page
        )
        items = [OrganisationOut.model_validate(row) for row in rows]
    if as_json:
        print_page(items, total=total, page=page, per_page=per_page)
        return
    table = Table(title=f"{total} organisation(s)")
    for column in ("slug", "name", "kind", "tax code", "membership"):
        table.add_column(column)
    for item in items:
        status = item.membership.status.value if item.membership else "-"
        table.add_row(item.slug, item.name, item.kind.value, item.tax_code, status)
    console.print(table)


@app.command("trust")
@handle_errors
def trust(
    slug: str,
    off: Annotated[bool, typer.Option("--off", help="Withdraw the designation.")] = False,
) -> None:
    """Mark an organisation as a trusted flagger (its users' reports go first), or not."""
    with session_scope(load_settings()) as session:
        current = organisation_service.get_organisation(session, actor=SYSTEM, slug=slug)
        changes = OrganisationUpdate(trusted_flagger=not off, version=current.version)
        organisation_service.update_organisation(session, actor=SYSTEM, slug=slug, changes=changes)
    state = "no longer a trusted flagger" if off else "a trusted flagger"
    console.print(f"'{slug}' is now {state}")
