"""The ``koltrust`` command."""

from __future__ import annotations

import typer

from koltrust.cli import (
    audience,
    audit,
    campaigns,
    cases,
    certificates,
    claims,
    db,
    eval,
    influencers,
    jobs,
    lists,
    media,
    members,
    notices,
    orgs,
    rules,
    sanctions,
    scores,
    screen,
    serve,
    users,
)

app = typer.Typer(
    help="koltrust: influencer trust registry, screening and trust index.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(influencers.app, name="influencers")
app.add_typer(orgs.app, name="orgs")
app.add_typer(members.app, name="members")
app.add_typer(users.users_app, name="users")
app.add_typer(users.tokens_app, name="tokens")
app.add_typer(audit.app, name="audit")
app.add_typer(rules.app, name="rules")
app.add_typer(lists.app, name="lists")
app.add_typer(claims.app, name="claims")
app.add_typer(eval.app, name="eval")
app.add_typer(cases.app, name="cases")
app.add_typer(sanctions.app, name="sanctions")
app.add_typer(jobs.app, name="jobs")
app.add_typer(scores.app, name="scores")
app.add_typer(certificates.app, name="certificates")
app.add_typer(audience.app, name="audience")
app.add_typer(campaigns.app, name="campaigns")
app.add_typer(campaigns.corrections_app, name="corrections")
app.add_typer(notices.notices_app, name="notices")
app.add_typer(notices.webhooks_app, name="webhooks")
app.command("screen")(screen.screen)
app.command("screen-media")(media.screen_media_command)
app.command("serve")(serve.serve)
app.command("demo")(serve.demo)
