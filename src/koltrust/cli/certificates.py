"""``koltrust certificates``: issue, list, show and revoke trust certificates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from koltrust.cli.cases import staff_actor
from koltrust.cli.context import console, handle_errors, load_settings, print_json, session_scope
from koltrust.db.types import utcnow
from koltrust.trust import certificates
from koltrust.trust.certificate_schemas import CertificateOut, certificate_out
from koltrust.trust.kinds import CertificateStatus

app = typer.Typer(help="Trust certificates: issue, list, show, revoke.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
ActingOption = Annotated[
    str, typer.Option("--as", help="E-mail of the analyst or administrator acting (required).")
]


@app.command("issue")
@handle_errors
def issue(slug: str, acting: ActingOption, as_json: JsonOption = False) -> None:
    """Issue a certificate to SLUG when the current stored score and record meet the policy
    (rules/scoring.yaml certificate:); renew the running one in its last days."""
    settings = load_settings()
    with session_scope(settings) as session:
        actor = staff_actor(session, acting)
        view = certificates.issue_certificate(session, slug=slug, actor=actor, now=utcnow())
        out = certificate_out(view, settings.public_base_url)
    if as_json:
        print_json(out)
        return
    verb = f"Renewed {out.replaces} as" if out.replaces else "Issued"
    console.print(
        f"{verb} certificate [bold]{out.code}[/bold] to {out.influencer.slug} "
        f"(score {out.score_total}, {out.band_name.en}), valid until {_day(out.expires_at)}"
    )
    console.print(f"Verify at {out.verification_url}")


@app.command("list")
@handle_errors
def list_(
    status: Annotated[
        CertificateStatus | None, typer.Option(help="Only certificates showing this status now.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List certificates, newest first, with the status each shows now."""
    settings = load_settings()
    with session_scope(settings) as session:
        found = certificates.search(session, now=utcnow(), status=status, limit=limit)
        items = [certificate_out(view, settings.public_base_url) for view in found]
    if as_json:
        print_json({"items": items, "total": len(items)})
        return
    console.print(_table(items, title=f"{len(items)} certificate(s)"))


def _table(items: list[CertificateOut], *, title: str) -> Table:
    table = Table(title=title)
    table.add_column("code", no_wrap=True, min_width=14)
    table.add_column("influencer", overflow="fold")
    table.add_column("status", no_wrap=True, min_width=9)
    for column in ("issued", "expires"):
        table.add_column(column, no_wrap=True, min_width=10)
    table.add_column("score", no_wrap=True, justify="right")
    for item in items:
        table.add_row(
            item.code,
            item.influencer.slug,
            item.status.value,
            _day(item.issued_at),
            _day(item.expires_at),
            str(item.score_total),
        )
    return table


@app.command("show")
@handle_errors
def show(code: str, as_json: JsonOption = False) -> None:
    """Show one certificate and the status it shows now (lower case and spaces are fine)."""
    settings = load_settings()
    with session_scope(settings) as session:
        view = certificates.verify(session, code=code, now=utcnow())
        out = certificate_out(view, settings.public_base_url)
        issued_by = view.certificate.issued_by
    if as_json:
        print_json(out.model_dump(mode="json") | {"issued_by": issued_by})
        return
    lines = [
        f"[bold]{out.code}[/bold]  {out.influencer.display_name} ({out.influencer.slug})",
        f"status      {out.status.value} / {out.status_label.vi}",
        f"issued      {_day(out.issued_at)} by {issued_by}",
        f"expires     {_day(out.expires_at)}",
        f"at issue    score {out.score_total}, {out.band_name.en} / {out.band_name.vi} "
        f"(methodology {out.methodology_version})",
        f"verify at   {out.verification_url}",
    ]
    if out.reason:
        lines += [f"why         {out.reason.text.en}", f"            {out.reason.text.vi}"]
    if out.evidence:
        lines.append(f"evidence    {', '.join(out.evidence)}")
    if out.replaces:
        lines.append(f"renews      {out.replaces}")
    if out.replaced_by:
        lines.append(f"renewed by  {out.replaced_by}")
    console.print("\n".join(lines), highlight=False)


@app.command("revoke")
@handle_errors
def revoke(
    code: str,
    reason: Annotated[str, typer.Option("--reason", help="Why (required; shown to everyone).")],
    acting: ActingOption,
    as_json: JsonOption = False,
) -> None:
    """Revoke a certificate for good (administrators); verifying it then shows the reason."""
    settings = load_settings()
    with session_scope(settings) as session:
        actor = staff_actor(session, acting)
        view = certificates.revoke_certificate(
            session, code=code, actor=actor, reason=reason, now=utcnow()
        )
        out = certificate_out(view, settings.public_base_url)
    if as_json:
        print_json(out)
        return
    console.print(f"Certificate [bold]{out.code}[/bold] of {out.influencer.slug} is now revoked")


def _day(at: datetime) -> str:
    return f"{at:%Y-%m-%d}"
