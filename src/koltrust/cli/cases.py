"""``koltrust cases``: list and read cases, start a review, decide a case or its appeal.

Reading acts as the system; a move acts as the staff user named with ``--as``, so the rule
that another analyst decides an appeal holds on the command line too."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from koltrust.auth import repository as auth_repository
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.auth.service import actor_for
from koltrust.cases import decisions, service
from koltrust.cases.due_process import DueProcess
from koltrust.cases.evidence import snapshot
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.schemas import CaseDetailOut, CaseOut
from koltrust.cases.states import CaseState, Move
from koltrust.cli.context import (
    console,
    handle_errors,
    load_settings,
    print_json,
    print_page,
    session_scope,
)
from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.errors import Forbidden, NotFound
from koltrust.sanctions import repository as sanctions_repository
from koltrust.sanctions.kinds import SanctionKind
from koltrust.screening.loader import load_rulebook
from koltrust.screening.model import Severity

app = typer.Typer(help="Cases: review, decide, appeals.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOption = Annotated[
    str, typer.Option("--as", help="E-mail of the analyst or administrator acting.")
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (required).")]
STAFF = (Role.ADMIN, Role.ANALYST)


class Outcome(StrEnum):
    VIOLATION = "violation"
    NO_VIOLATION = "no_violation"
    UPHELD = "upheld"  # on an appealed case: the decision stands
    OVERTURNED = "overturned"  # on an appealed case: the appeal is granted


def staff_actor(session: Session, email: str) -> Actor:
    """The actor of the active analyst or administrator with this e-mail; 404 or 403 else."""
    user = auth_repository.user_by_email(session, email.strip().lower())
    if user is None or not user.active:
        raise NotFound(f"No active user with e-mail '{email}' (see koltrust users list)")
    if user.role not in STAFF:
        raise Forbidden(
            f"'{email}' is a {user.role.value} user; only analysts and administrators act on "
            "cases and sanctions"
        )
    return actor_for(user)


@app.command("list")
@handle_errors
def list_(
    state: Annotated[CaseState | None, typer.Option(help="Only cases in this state.")] = None,
    influencer: Annotated[str | None, typer.Option(help="Only cases about this slug.")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """List cases, most recently moved first."""
    with session_scope(load_settings()) as session:
        rows, total = service.search_cases(
            session,
            actor=SYSTEM,
            state=state,
            influencer_slug=influencer,
            page=page,
            per_page=per_page,
        )
        items = [CaseOut.model_validate(row) for row in rows]
        due = {row.id: row.appeal_due_at for row in rows}
    if as_json:
        print_page(items, total=total, page=page, per_page=per_page)
        return
    table = Table(title=f"{total} case(s)")
    for column in ("id", "influencer", "category", "state", "v", "updated", "appeal until"):
        table.add_column(column, no_wrap=column in ("influencer", "state"))
    for item in items:
        table.add_row(
            str(item.id),
            item.influencer,
            item.category,
            item.state.value,
            str(item.version),
            _day(item.updated_at),
            _day(due[item.id]),
        )
    console.print(table)


@app.command("show")
@handle_errors
def show(case_id: int, as_json: JsonOption = False) -> None:
    """One case: its evidence, timeline of events, replies and decisions."""
    with session_scope(load_settings()) as session:
        case = service.get_case(session, actor=SYSTEM, case_id=case_id)
        detail = CaseDetailOut.model_validate(case)
        evidence = snapshot(session, case, at=utcnow())
        sanctions = _sanctions_by_decision(session, case)
    if as_json:
        print_json(detail.model_dump(mode="json") | {"evidence": evidence})
        return
    _print_header(detail)
    _print_evidence(evidence)
    _print_events(detail)
    _print_replies(detail)
    _print_decisions(detail, sanctions)


def _sanctions_by_decision(session: Session, case: Case) -> dict[int, str]:
    described = {}
    for decision in case.decisions:
        sanction = sanctions_repository.for_decision(session, decision.id)
        if sanction is not None:
            until = f"until {_day(sanction.ends_at)}" if sanction.ends_at else "permanent"
            described[decision.id] = (
                f"sanction {sanction.id}: {sanction.kind.value}, {sanction.points} point(s), "
                f"{until}, {sanction.current_status.value}"
            )
    return described


def _print_header(detail: CaseDetailOut) -> None:
    console.print(
        f"[bold]Case {detail.id}[/bold] · {detail.influencer} · {detail.category} · "
        f"[bold]{detail.state.value}[/bold] (version {detail.version})"
    )
    console.print(
        f"  opened {_minute(detail.opened_at)} · reply until {_minute(detail.reply_due_at)} · "
        f"appeal until {_minute(detail.appeal_due_at)}"
    )
    moves = ", ".join(move.value for move in detail.allowed_moves) or "none (final state)"
    console.print(f"  next moves: {moves}")


def _print_evidence(evidence: dict[str, Any]) -> None:
    console.print("\n[bold]Evidence[/bold]")
    for finding in evidence["findings"]:
        quotes = " · ".join(f"“{escape(quote)}”" for quote in finding["quotes"])
        console.print(
            f"  finding {finding['id']} {finding['rule_id']} ({finding['severity']}, "
            f"{finding['confidence']:.2f}) post {finding['post_id']}: {quotes}"
        )
    for report in evidence["reports"]:
        trusted = " \\[trusted flagger]" if report["trusted_flagger"] else ""
        console.print(f"  report {report['id']}{trusted}: {escape(report['text'])}")
    if not evidence["findings"] and not evidence["reports"]:
        console.print("  (none)")


def _print_events(detail: CaseDetailOut) -> None:
    console.print("\n[bold]Timeline[/bold]")
    for event in detail.events:
        source = event.from_state.value if event.from_state else "-"
        console.print(
            f"  {event.seq:>2} {_minute(event.at)} [bold]{event.move}[/bold] "
            f"({source} -> {event.to_state.value}) by {event.actor}"
        )
        console.print(f"     {escape(event.reason)}")
    console.print()


def _print_replies(detail: CaseDetailOut) -> None:
    for reply in detail.replies:
        console.print(
            f"[bold]Reply[/bold] {reply.id} by {reply.author} on {_minute(reply.at)}: "
            f"{escape(reply.text)}"
        )


def _print_decisions(detail: CaseDetailOut, sanctions: dict[int, str]) -> None:
    for decision in detail.decisions:
        rules = ", ".join(decision.rule_ids) or "-"
        console.print(
            f"[bold]Decision[/bold] {decision.id} ({decision.stage.value}): "
            f"[bold]{decision.outcome.value}[/bold] by {decision.decided_by} on "
            f"{_minute(decision.decided_at)}; rules {rules}"
        )
        console.print(f"  {escape(decision.reasoning)}")
        if decision.id in sanctions:
            console.print(f"  {sanctions[decision.id]}")


@app.command("review")
@handle_errors
def review(
    case_id: int, acting: AsOption, reason: ReasonOption, as_json: JsonOption = False
) -> None:
    """Start the review of an open case."""
    with session_scope(load_settings()) as session:
        actor = staff_actor(session, acting)
        case = service.get_case(session, actor=actor, case_id=case_id)
        case = service.move_case(
            session,
            actor=actor,
            case_id=case_id,
            move=Move.START_REVIEW,
            reason=reason,
            expected_version=case.version,
        )
        detail = CaseDetailOut.model_validate(case)
    _print_moved(detail, as_json, "")


@app.command("decide")
@handle_errors
def decide(
    case_id: int,
    outcome: Annotated[
        Outcome,
        typer.Option(help="violation or no_violation; upheld or overturned for an appeal."),
    ],
    reason: ReasonOption,
    acting: AsOption,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="A rule violated (repeat for more).")
    ] = None,
    severity: Annotated[
        Severity | None, typer.Option(help="Default: the highest of the cited findings.")
    ] = None,
    sanction: Annotated[
        SanctionKind | None, typer.Option(help="Default: the policy's recommendation.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, max=3650, help="Duration (default: the policy's).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Decide a case in review, or the appeal of an appealed case (by another analyst than
    the first decision's). A violation names the rules broken and gets a sanction."""
    settings = load_settings()
    with session_scope(settings) as session:
        actor = staff_actor(session, acting)
        current = service.get_case(session, actor=actor, case_id=case_id)
        if outcome in (Outcome.UPHELD, Outcome.OVERTURNED):
            case = decisions.decide_appeal(
                session,
                actor=actor,
                case_id=case_id,
                outcome=DecisionOutcome(outcome.value),
                reasoning=reason,
                expected_version=current.version,
                now=utcnow(),
            )
        else:
            request = decisions.DecisionRequest(
                outcome=DecisionOutcome(outcome.value),
                rule_ids=rule or [],
                reasoning=reason,
                expected_version=current.version,
                severity=severity,
                sanction=sanction,
                duration_days=days,
            )
            case = _decide(session, settings, actor, case_id, request)
        detail = CaseDetailOut.model_validate(case)
        sanctions = _sanctions_by_decision(session, case)
    _print_moved(detail, as_json, sanctions.get(detail.decisions[-1].id, ""))


def _decide(
    session: Session,
    settings: Settings,
    actor: Actor,
    case_id: int,
    request: decisions.DecisionRequest,
) -> Case:
    rulebook = load_rulebook(settings.rulebook_folder())
    return decisions.decide(
        session,
        actor=actor,
        case_id=case_id,
        request=request,
        due=DueProcess.from_settings(settings),
        known_rule_ids={r.id for r in rulebook.rules},
        now=utcnow(),
    )


def _print_moved(detail: CaseDetailOut, as_json: bool, sanction: str) -> None:
    if as_json:
        print_json(detail)
        return
    event = detail.events[-1]
    source = event.from_state.value if event.from_state else "-"
    console.print(
        f"Case {detail.id}: {source} -> [bold]{detail.state.value}[/bold] "
        f"(version {detail.version}, by {event.actor})"
    )
    if sanction:
        console.print(f"  {sanction}")


def _day(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d}" if at else "-"


def _minute(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else "-"
