"""``koltrust scores``: recompute trust scores (some influencers or all of them, with a
progress bar) and show one influencer's score with every contribution and its reason."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from koltrust.cli.context import (
    console,
    counting_progress,
    err_console,
    handle_errors,
    load_settings,
    print_json,
    session_scope,
)
from koltrust.errors import NotFound, NotScoredYet
from koltrust.registry import repository as registry
from koltrust.registry.models import Influencer
from koltrust.scoring.methodology import Methodology
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import TrustScore
from koltrust.trust.profile import score_view
from koltrust.trust.repository import current_score
from koltrust.trust.service import (
    DEFAULT_CHUNK,
    RecomputeResult,
    ScoringTerms,
    recompute_all,
    recompute_for,
)
from koltrust.trust.stored import stored_reason

app = typer.Typer(help="Trust scores: recompute, show.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
# failures shown one per line before the rest are only counted
SHOWN_FAILURES = 20


class ShowLanguage(StrEnum):
    VI = "vi"
    EN = "en"


@app.command("recompute")
@handle_errors
def recompute(
    slugs: Annotated[
        list[str] | None, typer.Argument(help="Slugs of the influencers to recompute.")
    ] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Recompute every influencer.")] = False,
    chunk: Annotated[
        int, typer.Option(min=1, max=50_000, help="Influencers per transaction with --all.")
    ] = DEFAULT_CHUNK,
    as_json: JsonOption = False,
) -> None:
    """Recompute trust scores now; a score whose facts and result are unchanged is not
    rewritten. An influencer whose facts are invalid keeps the old score and is listed."""
    if bool(slugs) == everyone:
        raise typer.BadParameter("name one or more slugs, or pass --all (not both)")
    settings = load_settings()
    terms = ScoringTerms.from_settings(settings)
    with session_scope(settings) as session:
        if everyone:
            result = _recompute_everyone(session, terms, chunk)
        else:
            ids = [_influencer(session, slug).id for slug in slugs or []]
            result = recompute_for(session, ids, trigger=ScoreTrigger.MANUAL, terms=terms)
        slug_of = _slugs(session, [f.influencer_id for f in result.failed])
    _print_result(result, slug_of, as_json=as_json)
    if result.failed:
        raise typer.Exit(1)


def _recompute_everyone(session: Session, terms: ScoringTerms, chunk: int) -> RecomputeResult:
    # commits chunk by chunk: a long run keeps what it did if stopped, and holds little memory
    with counting_progress(err_console, transient=True) as progress:
        task = progress.add_task("Recomputing trust scores", total=None)
        return recompute_all(
            session,
            trigger=ScoreTrigger.MANUAL,
            chunk=chunk,
            commit=True,
            terms=terms,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )


def _influencer(session: Session, slug: str) -> Influencer:
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise NotFound(f"No influencer with slug '{slug}'; nothing was recomputed", slug=slug)
    return influencer


def _slugs(session: Session, ids: list[int]) -> dict[int, str]:
    found = (registry.influencer_by_id(session, i) for i in ids[:SHOWN_FAILURES])
    return {i.id: i.slug for i in found if i is not None}


def _print_result(result: RecomputeResult, slug_of: dict[int, str], *, as_json: bool) -> None:
    failures = [
        {
            "influencer_id": f.influencer_id,
            "slug": slug_of.get(f.influencer_id),
            "field": f.field,
            "message": f.message,
        }
        for f in result.failed
    ]
    if as_json:
        print_json(
            {
                "computed": result.computed,
                "changed": result.changed,
                "unchanged": result.unchanged,
                "history_points": result.history_points,
                "failed": failures,
            }
        )
        return
    console.print(
        f"Computed {result.computed} score(s): {result.changed} changed, "
        f"{result.unchanged} unchanged (not rewritten), {result.history_points} history "
        f"point(s) added, {len(failures)} failed"
    )
    for failure in failures[:SHOWN_FAILURES]:
        who = failure["slug"] or f"influencer {failure['influencer_id']}"
        err_console.print(f"[red]Failed:[/red] {who}: {failure['message']}", highlight=False)
    if len(failures) > SHOWN_FAILURES:
        err_console.print(f"… and {len(failures) - SHOWN_FAILURES} more (use --json for all)")


@app.command("show")
@handle_errors
def show(
    slug: Annotated[str, typer.Argument(help="The influencer's slug.")],
    language: Annotated[
        ShowLanguage, typer.Option("--language", help="Language of names and reasons.")
    ] = ShowLanguage.VI,
    as_json: JsonOption = False,
) -> None:
    """An influencer's current trust score: total, band, interval and every contribution."""
    settings = load_settings()
    methodology = ScoringTerms.from_settings(settings).methodology
    with session_scope(settings) as session:
        influencer = registry.influencer_by_slug(session, slug)
        if influencer is None:
            raise NotFound(f"No influencer with slug '{slug}'", slug=slug)
        stored = current_score(session, influencer.id)
        if stored is None:
            raise NotScoredYet(
                f"{slug} has no trust score yet; run: koltrust scores recompute {slug}",
                slug=slug,
            )
        if as_json:
            print_json(_score_json(slug, stored, language.value))
            return
        _print_score(slug, stored, methodology, language.value)


def _score_json(slug: str, stored: TrustScore, language: str) -> dict[str, Any]:
    return {
        "slug": slug,
        "total": stored.total,
        "band": stored.band,
        "provisional": stored.provisional,
        "provisional_reasons": list(stored.provisional_reasons),
        "interval": [stored.interval_low, stored.interval_high],
        "methodology_version": stored.methodology_version,
        "computed_at": stored.computed_at.isoformat(),
        "trigger": stored.trigger.value,
        "contributions": [
            {
                "criterion": c["criterion"],
                "pillar": c["pillar"],
                "points": c["points"],
                "max_points": c["max_points"],
                "reason": stored_reason(c).text(language),
                "reason_code": c["reason"]["code"],
                "evidence": c["evidence"],
                "interval": c["interval"],
            }
            for c in stored.contributions
        ],
    }


def _print_score(slug: str, stored: TrustScore, methodology: Methodology, language: str) -> None:
    view = score_view(stored, methodology, language)
    provisional = " · [yellow]provisional[/yellow]" if view.provisional else ""
    console.print(
        f"[bold]{slug}[/bold]: [bold]{view.total}[/bold]/100 · {view.band_name} "
        f"({view.band}){provisional} · interval {view.interval[0]}–{view.interval[1]}"
    )
    if view.provisional_reasons:
        console.print("  " + "; ".join(view.provisional_reasons))
    console.print(
        f"  methodology {view.methodology_version} · computed {view.computed_at:%Y-%m-%d %H:%M} "
        f"UTC ({stored.trigger.value})"
    )
    table = Table(show_lines=False)
    for column in ("pillar", "criterion", "points", "reason", "evidence"):
        table.add_column(column, no_wrap=column == "points")
    for pillar in view.pillars:
        for line in pillar.criteria:
            table.add_row(
                pillar.name,
                line.name,
                f"{line.points}/{line.max_points}",
                line.reason,
                ", ".join(link.id for link in line.evidence),
            )
    console.print(table)
