"""``koltrust users`` and ``koltrust tokens``."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from koltrust.auth.permissions import SYSTEM
from koltrust.auth.schemas import TokenCreate, UserCreate
from koltrust.auth.service import create_token, create_user
from koltrust.cli.context import console, handle_errors, load_settings, session_scope

users_app = typer.Typer(help="Users and roles.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens.", no_args_is_help=True)


@users_app.command("add")
@handle_errors
def add_user(
    email: str,
    role: Annotated[str, typer.Option(help="admin, analyst, influencer, business or platform.")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    influencer: Annotated[str | None, typer.Option(help="Slug, for influencer users.")] = None,
    org: Annotated[str | None, typer.Option(help="Organisation slug.")] = None,
    password_env: Annotated[
        str | None, typer.Option(help="Read the password from this environment variable.")
    ] = None,
    no_password: Annotated[bool, typer.Option(help="API-only user (no web login).")] = False,
) -> None:
    """Create a user; asks for the password unless --password-env or --no-password."""
    password = None if no_password else _password(password_env)
    data = UserCreate.model_validate(
        {
            "email": email,
            "display_name": name or email.split("@")[0],
            "role": role,
            "password": password,
            "influencer_slug": influencer,
            "organisation_slug": org,
        }
    )
    with session_scope(load_settings()) as session:
        user = create_user(session, actor=SYSTEM, data=data)
        console.print(f"Created {user.role.value} user [bold]{user.email}[/bold]")


def _password(env_name: str | None) -> str:
    if env_name:
        value = os.environ.get(env_name)
        if not value:
            console.print(f"[red]Environment variable {env_name} is empty or unset[/red]")
            raise typer.Exit(1)
        return value
    return getpass.getpass("Password: ")


@tokens_app.command("create")
@handle_errors
def create_token_command(
    email: Annotated[str, typer.Option("--user", help="E-mail of the token's owner.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    days: Annotated[int | None, typer.Option(min=1, max=3650)] = None,
) -> None:
    """Create an API token; it is printed once and cannot be shown again."""
    settings = load_settings()
    with session_scope(settings) as session:
        row, token = create_token(
            session,
            actor=SYSTEM,
            email=email,
            data=TokenCreate(name=name, days=days),
            default_days=settings.token_default_days,
        )
        expires = row.expires_at.date().isoformat()
    console.print(f"Token for {email} (expires {expires}); store it now, it is shown once:")
    typer.echo(token)
