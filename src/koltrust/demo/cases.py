"""Due process in the demo: screened posts, reports (one from a trusted flagger), and cases
walked through every state by the real services, so events, decisions, sanctions, points,
notices, notifications and audit entries all exist.

Each scenario of ``data/cases.jsonl`` is one post and what happened to its case, in days
before the load. Decisions take their day as ``now``, so the oldest sanctions have already
ended; the services record the case's moves themselves at the time of loading."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from koltrust.auth import repository as auth_repository
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.auth.service import actor_for
from koltrust.cases import decisions, replies, service, triage
from koltrust.cases import repository as cases_repository
from koltrust.cases.due_process import DueProcess
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.states import CaseState, Move
from koltrust.config import Settings
from koltrust.content import repository as content_repository
from koltrust.content.schemas import PostCreate
from koltrust.content.service import ingest_post
from koltrust.db.types import utcnow
from koltrust.registry import repository as registry
from koltrust.registry.reference import Platform
from koltrust.reports import service as reports
from koltrust.reports.models import ReportTarget
from koltrust.sanctions import service as sanctions
from koltrust.sanctions import standing
from koltrust.sanctions.kinds import SanctionKind
from koltrust.screening.model import Rulebook
from koltrust.screening.source import RulebookSource

REVIEW_REASON = "Xem xét phát hiện tự động và bài đăng gốc"
CLOSE_REASON = "appeal window passed"
ANONYMOUS_CLIENT = "203.0.113.7"  # a documentation address (RFC 5737)
_OPEN = (CaseState.OPEN, CaseState.IN_REVIEW)


@dataclass(frozen=True)
class Cast:
    """Who acts in the demo: the analyst decides, the admin decides appeals and lifts, the
    trusted flagger reports; influencers answer for themselves."""

    analyst: Actor
    admin: Actor
    flagger: Actor
    influencer_users: dict[int, Actor]


@dataclass(frozen=True)
class Stage:
    """What the scenarios need: the actors, due process terms, screening and the clock."""

    cast: Cast
    due: DueProcess
    source: RulebookSource
    rulebook: Rulebook
    settings: Settings
    now: datetime

    def ago(self, days: int) -> datetime:
        """``days`` before the load."""
        return self.now - timedelta(days=days)


def scenarios() -> list[dict[str, Any]]:
    """The scenarios of ``data/cases.jsonl``, oldest first."""
    text = files("koltrust.demo").joinpath("data/cases.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_cases(session: Session, settings: Settings, cast: Cast) -> int:
    """Play every scenario once (nothing when the demo posts are already stored); returns
    the number of scenarios the demo holds."""
    plays = scenarios()
    first = plays[0]
    stored = content_repository.post_by_external_id(
        session, Platform(first["platform"]), first["external_id"]
    )
    if stored is None:
        # claim matching stays off here: the demo posts are about rules, and it loads faster
        source = RulebookSource(settings.rulebook_folder(), max_chars=settings.max_post_chars)
        stage = Stage(
            cast=cast,
            due=DueProcess.from_settings(settings),
            source=source,
            rulebook=source.engine().rulebook,
            settings=settings,
            now=utcnow(),
        )
        for play in plays:
            _play(session, stage, play)
    return len(plays)


def _play(session: Session, stage: Stage, play: dict[str, Any]) -> None:
    case, post_id = _case_for_post(session, stage, play)
    _date_opening(case, stage.ago(_opened_days_ago(play)), stage.due)
    if "report" in play:
        _report(session, stage, play, case=case, post_id=post_id)
    influencer = _influencer_actor(stage.cast, case)
    if play.get("review") or "decide" in play:
        reviewed = stage.ago(play["decide"]["days_ago"]) if "decide" in play else stage.now
        _review(session, stage.cast.analyst, case, at=reviewed - timedelta(hours=2))
    if "reply" in play:
        reply = play["reply"]
        replies.submit_reply(
            session,
            actor=influencer,
            case_id=case.id,
            text=reply["text"],
            evidence_urls=reply.get("evidence_urls", []),
            expected_version=case.version,
            now=stage.ago(reply["days_ago"]),
        )
    if "decide" in play:
        _decide(session, stage, case, play["decide"])
    if "appeal" in play:
        appeal = play["appeal"]
        decisions.appeal(
            session,
            actor=influencer,
            case_id=case.id,
            reason=appeal["reason"],
            expected_version=case.version,
            now=stage.ago(appeal["days_ago"]),
        )
    _after_decision(session, stage, case, play)


def _after_decision(session: Session, stage: Stage, case: Case, play: dict[str, Any]) -> None:
    if "appeal_decision" in play:
        ruling = play["appeal_decision"]
        decisions.decide_appeal(
            session,
            actor=stage.cast.admin,
            case_id=case.id,
            outcome=DecisionOutcome(ruling["outcome"]),
            reasoning=ruling["reason"],
            expected_version=case.version,
            now=stage.ago(ruling["days_ago"]),
        )
    if "lift" in play:
        sanction = _sanction_of(session, case)
        sanctions.lift(
            session,
            actor=stage.cast.admin,
            sanction_id=sanction,
            reason=play["lift"]["reason"],
            expected_version=None,
            now=stage.ago(play["lift"]["days_ago"]),
        )
    if "training_credit" in play:
        standing.credit_training(
            session,
            actor=stage.cast.admin,
            slug=play["slug"],
            reason=play["training_credit"],
            policy=stage.due.policy,
            now=stage.now,
        )
    if play.get("record_expired"):
        # as the scheduled job would; a later scenario's ended sanction is left for
        # `koltrust sanctions expire` (or the job) to record
        sanctions.expire_due(session, actor=SYSTEM, now=stage.now, execute=True)
    if play.get("close"):
        service.move_case(
            session,
            actor=SYSTEM,
            case_id=case.id,
            move=Move.CLOSE,
            reason=CLOSE_REASON,
            expected_version=case.version,
        )


def _case_for_post(session: Session, stage: Stage, play: dict[str, Any]) -> tuple[Case, int]:
    """Store and screen the post; the case screening opened for it, or one opened now on its
    findings when screening opens none by itself."""
    data = PostCreate(
        text=play["text"],
        platform=Platform(play["platform"]),
        external_id=play["external_id"],
        influencer=play["slug"],
        published_at=stage.ago(play["published_days_ago"]),
    )
    ingested = ingest_post(session, actor=SYSTEM, data=data, source=stage.source)
    category = play["category"]
    influencer = registry.influencer_by_slug(session, play["slug"])
    assert influencer is not None
    for state in _OPEN:
        found, _ = cases_repository.search_cases(
            session, state=state, influencer_id=influencer.id, offset=0, limit=50
        )
        for case in found:
            if case.category == category:
                return case, ingested.post.id
    finding_ids = [f.id for f in ingested.run.findings if f.category == category and not f.shadow]
    request = service.CaseRequest(
        influencer_slug=play["slug"],
        category=category,
        finding_ids=finding_ids,
        reason="Mở từ hàng đợi phân loại: phát hiện của bộ quy tắc trên bài đăng",
    )
    case = service.open_case(session, actor=stage.cast.analyst, request=request)
    return case, ingested.post.id


def _report(
    session: Session, stage: Stage, play: dict[str, Any], *, case: Case, post_id: int
) -> None:
    spec = play["report"]
    by_flagger = spec["by"] == "flagger"
    received = reports.create_report(
        session,
        actor=stage.cast.flagger if by_flagger else Actor(label="anonymous"),
        request=reports.ReportRequest(
            target=ReportTarget.POST,
            post_id=post_id,
            influencer_slug=None,
            category=play["category"],
            text=spec["text"],
            evidence_urls=spec.get("evidence_urls", []),
            contact=None,
        ),
        intake=reports.Intake(
            categories=frozenset(stage.rulebook.categories),
            per_client_per_hour=stage.settings.reports_per_client_per_hour,
            client_hash_key=stage.settings.client_hash_key(),
        ),
        client_address=ANONYMOUS_CLIENT,
        now=stage.ago(max(play["published_days_ago"] - 1, 0)),
    )
    if spec.get("attach", True):
        triage.attach_items(
            session,
            actor=stage.cast.analyst,
            case_id=case.id,
            items=triage.Items(report_ids=[received.report.id]),
            reason="Báo cáo của tổ chức được tin cậy về cùng bài đăng",
        )


def _review(session: Session, analyst: Actor, case: Case, *, at: datetime) -> None:
    service.move_case(
        session,
        actor=analyst,
        case_id=case.id,
        move=Move.START_REVIEW,
        reason=REVIEW_REASON,
        expected_version=case.version,
        now=at,
    )


def _opened_days_ago(play: dict[str, Any]) -> int:
    # the reply in the scenario falls inside the reply window
    opened = int(play["published_days_ago"])
    return min(opened, int(play["reply"]["days_ago"]) + 3) if "reply" in play else opened


def _date_opening(case: Case, opened: datetime, due: DueProcess) -> None:
    """Screening opened the demo case at load time; date it to the post's day, as if the
    alliance had screened the post when it appeared (the demo's history, not a real one)."""
    if case.opened_at <= opened:
        return
    case.opened_at = case.updated_at = opened
    case.reply_due_at = opened + due.reply_window
    case.events[0].at = opened


def _decide(session: Session, stage: Stage, case: Case, spec: dict[str, Any]) -> None:
    violation = DecisionOutcome(spec["outcome"]) is DecisionOutcome.VIOLATION
    cited = sorted({f["rule_id"] for f in _findings(session, case)}) if violation else []
    decisions.decide(
        session,
        actor=stage.cast.analyst,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=DecisionOutcome(spec["outcome"]),
            rule_ids=cited,
            reasoning=spec["reason"],
            expected_version=case.version,
            sanction=SanctionKind(spec["sanction"]) if "sanction" in spec else None,
        ),
        due=stage.due,
        known_rule_ids={rule.id for rule in stage.rulebook.rules},
        now=stage.ago(spec["days_ago"]),
    )


def _findings(session: Session, case: Case) -> list[dict[str, Any]]:
    found = cases_repository.findings_with_authors(session, case.finding_ids)
    return [{"rule_id": finding.rule_id} for finding, _ in found if not finding.shadow]


def _sanction_of(session: Session, case: Case) -> int:
    search, _ = standing.search_sanctions(
        session,
        actor=SYSTEM,
        now=utcnow(),
        status=None,
        influencer_slug=case.influencer_slug,
        kind=None,
        page=1,
        per_page=100,
    )
    return next(sanction.id for sanction in search if sanction.case_id == case.id)


def _influencer_actor(cast: Cast, case: Case) -> Actor:
    """The influencer's demo login when they have one; else themselves, unnamed by e-mail."""
    own = cast.influencer_users.get(case.influencer_id)
    if own is not None:
        return own
    return Actor(
        label=f"influencer:{case.influencer_slug}",
        role=Role.INFLUENCER,
        influencer_id=case.influencer_id,
    )


def cast_of(session: Session, *, analyst: str, admin: str, flagger: str) -> Cast:
    """The demo's actors, from the users with these e-mails (already loaded)."""
    influencer_users = {
        user.influencer_id: actor_for(user)
        for user in auth_repository.list_users(session)
        if user.role is Role.INFLUENCER and user.influencer_id is not None
    }
    return Cast(
        analyst=_actor(session, analyst),
        admin=_actor(session, admin),
        flagger=_actor(session, flagger),
        influencer_users=influencer_users,
    )


def _actor(session: Session, email: str) -> Actor:
    user = auth_repository.user_by_email(session, email)
    assert user is not None, f"demo user {email} is loaded first"
    return actor_for(user)
