"""What the case pages show: the posts with their findings marked, the reports, the timeline,
the decisions and sanctions, and which forms the viewer may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from babel.dates import format_date
from markupsafe import Markup
from sqlalchemy.orm import Session

from koltrust.auth.models import User
from koltrust.auth.permissions import Action, Actor, is_allowed
from koltrust.cases.due_process import DueProcess
from koltrust.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from koltrust.cases.states import DECIDED, CaseState
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.content.schemas import Labels, stored_finding_out
from koltrust.reports.models import Report
from koltrust.sanctions import repository as sanctions_repository
from koltrust.sanctions.kinds import SanctionKind
from koltrust.sanctions.models import Sanction
from koltrust.sanctions.points import Recommendation, recommend
from koltrust.screening.model import Severity
from koltrust.web import i18n
from koltrust.web.routes_check import Numbered, marked_text, numbered, severity_counts
from koltrust.web.templating import VIETNAM_TIME

REPLY_STATES = frozenset({CaseState.OPEN, CaseState.IN_REVIEW})


def when(value: datetime | str | None) -> str:
    """A moment (or its ISO text) in Vietnam's time and the current locale, date and time."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    elif value is None:
        return ""
    else:
        moment = value
    local, locale = moment.astimezone(VIETNAM_TIME), i18n.current_locale()
    # Vietnam keeps one offset, so the wall-clock time needs no zone beside it
    return f"{format_date(local.date(), 'long', locale=locale)}, {local:%H:%M}"


@dataclass(frozen=True)
class PostView:
    """One screened text of a post in the case, with the case's findings marked in it."""

    post: Post
    run: ScreeningRun
    text: str
    findings: list[Numbered]
    marked: Markup
    severity_counts: list[tuple[str, int]]


@dataclass(frozen=True)
class RuleChoice:
    """A rule the decision may cite: one of the case's findings names it."""

    rule_id: str
    category: str
    severity: str


@dataclass
class Forms:
    """Which forms the viewer sees on the case, and why some are closed to them."""

    start_review: bool = False
    decide: bool = False
    decide_appeal: bool = False
    close: bool = False
    reply: bool = False
    appeal: bool = False
    notes: list[str] = field(default_factory=list)


def _posts(session: Session, case: Case, labels: Labels, locale: str) -> list[PostView]:
    by_run: dict[int, list[StoredFinding]] = {}
    for finding_id in case.finding_ids:
        finding = session.get(StoredFinding, finding_id)
        if finding is not None:
            by_run.setdefault(finding.run_id, []).append(finding)
    views = []
    for found in by_run.values():
        run = found[0].run
        post = session.get(Post, found[0].post_id)
        if post is None:
            continue
        text = run.text if run.text is not None else post.text
        counted, shadow = numbered(text, [stored_finding_out(f, labels) for f in found])
        with i18n.use_locale(locale):
            marked = marked_text(text, counted)
        items = counted + shadow
        views.append(PostView(post, run, text, items, marked, severity_counts(counted)))
    return views


def rule_choices(posts: list[PostView]) -> list[RuleChoice]:
    """The rules of the case's findings, each once, most serious first."""
    seen: dict[str, RuleChoice] = {}
    for view in posts:
        for item in view.findings:
            f = item.finding
            previous = seen.get(f.rule_id)
            if previous is None or Severity(f.severity).rank > Severity(previous.severity).rank:
                seen[f.rule_id] = RuleChoice(f.rule_id, f.category, f.severity)
    return sorted(seen.values(), key=lambda r: (-Severity(r.severity).rank, r.rule_id))


def _recommendation(
    session: Session, case: Case, choices: list[RuleChoice], due: DueProcess, now: datetime
) -> Recommendation | None:
    if not choices:
        return None
    severity = Severity(choices[0].severity)
    history = sanctions_repository.ledger_lines(
        sanctions_repository.ledger(session, case.influencer_id)
    )
    return recommend(due.policy, severity=severity, history=history, now=now)


def _decisions(session: Session, case: Case) -> list[tuple[Decision, Sanction | None]]:
    return [
        (decision, sanctions_repository.for_decision(session, decision.id))
        for decision in case.decisions
    ]


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else ""


def forms_for(actor: Actor, case: Case, now: datetime) -> Forms:
    """The forms ``actor`` may use on ``case`` at ``now``."""
    forms = Forms()
    state = case.state
    if is_allowed(actor, Action.MANAGE_CASES):
        first = next((d for d in case.decisions if d.stage is DecisionStage.FIRST), None)
        forms.start_review = state is CaseState.OPEN
        forms.decide = state is CaseState.IN_REVIEW
        same = first is not None and (
            first.decided_by == actor.label
            or (actor.user_id is not None and first.decided_by_user_id == actor.user_id)
        )
        forms.decide_appeal = state is CaseState.APPEALED and not same
        if state is CaseState.APPEALED and same:
            forms.notes.append("same_analyst")
        # a decided case closes only once nobody may appeal it any more
        appeal_open = case.appeal_due_at is not None and now < case.appeal_due_at
        forms.close = state is CaseState.APPEAL_DECIDED or (state in DECIDED and not appeal_open)
        if state in DECIDED and appeal_open:
            forms.notes.append("appeal_window_open")
    if is_allowed(actor, Action.APPEAL_CASES, influencer_id=case.influencer_id):
        reply_open = case.reply_due_at is None or now <= case.reply_due_at
        forms.reply = state in REPLY_STATES and reply_open
        forms.appeal = appeal_allowed(case, now)
    return forms


def appeal_allowed(case: Case, now: datetime) -> bool:
    """Whether the influencer may appeal the case now."""
    in_window = case.appeal_due_at is None or now <= case.appeal_due_at
    return case.state is CaseState.DECIDED_VIOLATION and in_window


def appeal_note(case: Case, now: datetime) -> str:
    """Why the influencer cannot appeal (a code the templates explain), '' when they can."""
    if appeal_allowed(case, now):
        return ""
    if case.state in REPLY_STATES:
        return "not_decided"
    if case.state is CaseState.DECIDED_NO_VIOLATION:
        return "no_violation"
    if case.state in (CaseState.APPEALED, CaseState.APPEAL_DECIDED):
        return "already_appealed"
    if case.state is CaseState.DECIDED_VIOLATION:
        return "window_passed"
    return "closed"


def case_context(
    session: Session,
    *,
    actor: Actor,
    case: Case,
    labels: Labels,
    locale: str,
    due: DueProcess,
    now: datetime,
) -> dict[str, Any]:
    """Everything the case page shows ``actor``."""
    posts = _posts(session, case, labels, locale)
    choices = rule_choices(posts)
    staff = is_allowed(actor, Action.MANAGE_CASES)
    reports = [session.get(Report, report_id) for report_id in case.report_ids]
    return {
        "case": case,
        "staff": staff,
        "concerned": actor.influencer_id == case.influencer_id,
        "posts": posts,
        "rule_choices": choices,
        "recommendation": _recommendation(session, case, choices, due, now) if staff else None,
        "reports": [report for report in reports if report is not None],
        "decisions": _decisions(session, case),
        "assignee": _user_name(session, case.assigned_to),
        "mine": case.assigned_to is not None and case.assigned_to == actor.user_id,
        "forms": forms_for(actor, case, now),
        "appeal_note": appeal_note(case, now),
        "category_name": category_name(labels, case.category, locale),
        "severities": list(reversed(Severity)),
        "sanction_kinds": list(SanctionKind),
        "first_outcomes": [DecisionOutcome.VIOLATION, DecisionOutcome.NO_VIOLATION],
        "appeal_outcomes": [DecisionOutcome.UPHELD, DecisionOutcome.OVERTURNED],
        "when": when,
        "now": now,
    }


def category_name(labels: Labels, code: str, locale: str) -> str:
    """The rulebook category's label in ``locale`` (the code when the rulebook lacks it)."""
    found = labels.get(code, {})
    return found.get(locale) or found.get("vi") or code
