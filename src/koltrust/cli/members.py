"""``koltrust members``: move influencers and organisations through alliance membership."""

from __future__ import annotations

from typing import Annotated

import typer

from koltrust.auth.permissions import SYSTEM
from koltrust.cli.context import console, handle_errors, load_settings, session_scope
from koltrust.registry import membership_service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange

app = typer.Typer(help="Alliance membership.", no_args_is_help=True)

OrgOption = Annotated[bool, typer.Option("--org", help="SLUG names an organisation.")]
ReasonOption = Annotated[str, typer.Option(help="Why (required to suspend or expel).")]


def _move(slug: str, action: MembershipAction, *, org: bool, reason: str, coc: str | None) -> None:
    settings = load_settings()
    change = MembershipChange(action=action, reason=reason, code_of_conduct_version=coc)
    move = (
        membership_service.change_organisation_membership
        if org
        else membership_service.change_influencer_membership
    )
    with session_scope(settings) as session:
        membership = move(
            session,
            actor=SYSTEM,
            slug=slug,
            change=change,
            current_coc=settings.code_of_conduct_version,
        )
        status = membership.status.value
    console.print(f"{slug}: {action.value} -> [bold]{status}[/bold]")


@app.command("apply")
@handle_errors
def apply(slug: str, org: OrgOption = False, coc_version: str | None = None) -> None:
    """Record an application (pledging the code of conduct)."""
    _move(slug, MembershipAction.APPLY, org=org, reason="", coc=coc_version)


@app.command("admit")
@handle_errors
def admit(
    slug: str,
    org: OrgOption = False,
    coc_version: Annotated[
        str | None, typer.Option(help="Code-of-conduct version pledged (default: current).")
    ] = None,
    reason: ReasonOption = "",
) -> None:
    """Admit as a member; records the code-of-conduct version pledged."""
    _move(slug, MembershipAction.ADMIT, org=org, reason=reason, coc=coc_version)


@app.command("suspend")
@handle_errors
def suspend(slug: str, reason: ReasonOption, org: OrgOption = False) -> None:
    """Suspend a member."""
    _move(slug, MembershipAction.SUSPEND, org=org, reason=reason, coc=None)


@app.command("reinstate")
@handle_errors
def reinstate(slug: str, org: OrgOption = False, reason: ReasonOption = "") -> None:
    """Reinstate a suspended member."""
    _move(slug, MembershipAction.REINSTATE, org=org, reason=reason, coc=None)


@app.command("expel")
@handle_errors
def expel(slug: str, reason: ReasonOption, org: OrgOption = False) -> None:
    """Expel a member or suspended member (final)."""
    _move(slug, MembershipAction.EXPEL, org=org, reason=reason, coc=None)


@app.command("withdraw")
@handle_errors
def withdraw(slug: str, org: OrgOption = False, reason: ReasonOption = "") -> None:
    """Record that an applicant or member withdrew."""
    _move(slug, MembershipAction.WITHDRAW, org=org, reason=reason, coc=None)
