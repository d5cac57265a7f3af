"""What the public may see of the evidence a score cites (``post:12``, ``case:3``...).

Each kind has a rule for when it is public and a view holding only its public fields, so a
template cannot show what the view does not carry:

- a case once a decision found a violation that stands (not while open, not when no violation
  was found or an appeal overturned it); never the reporters, replies, notes or reasoning;
- a sanction unless overturned; its statement of reasons by its structured grounds only;
- a report attached to a public case: its category and date, never its text or sender;
- a post of an influencer that their current score cites or a public case rests on;
- corrections, campaigns and account snapshots (published or imported statistics; never the
  comment or follower samples).

Anything else, and any unknown id, is "not found", so a private item is indistinguishable
from a missing one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from koltrust.audience.models import AccountSnapshot
from koltrust.campaigns.models import Campaign, Correction
from koltrust.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from koltrust.cases.states import CaseState
from koltrust.content import repository as content_repository
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.errors import NotFound
from koltrust.registry.models import Influencer
from koltrust.reports.models import Report
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.models import Sanction
from koltrust.screening.model import Severity
from koltrust.trust import public_repository as repo
from koltrust.trust.repository import current_score

EVIDENCE_KINDS = ("post", "case", "sanction", "report", "correction", "campaign", "snapshot")
MAX_ID = 2_147_483_647
PUBLIC_PART_KEYS = ("code", "name", "value", "weight", "reason")


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """A parsed evidence id and where the public reads it."""

    kind: str
    number: int

    @property
    def id(self) -> str:
        """The id as scores store it: ``case:3``."""
        return f"{self.kind}:{self.number}"

    @property
    def url(self) -> str:
        """The public page of this evidence."""
        return f"/evidence/{self.kind}/{self.number}"


def parse_evidence_id(text: str) -> EvidenceRef | None:
    """``case:3`` as an EvidenceRef; None for a kind or number the registry does not serve."""
    kind, _, number = text.partition(":")
    if kind not in EVIDENCE_KINDS or not number.isdigit() or not 0 < int(number) <= MAX_ID:
        return None
    return EvidenceRef(kind, int(number))


@dataclass(frozen=True, slots=True)
class Who:
    """The influencer an item is about."""

    slug: str
    display_name: str


def _who(influencer: Influencer) -> Who:
    return Who(influencer.slug, influencer.display_name)


@dataclass(frozen=True, slots=True)
class NoticeView:
    """The structured grounds of a statement of reasons (never its free text)."""

    ground: str  # DECISION_GROUND_ILLEGAL_CONTENT or DECISION_GROUND_INCOMPATIBLE_CONTENT
    legal_ground: str
    reference_url: str
    application_date: str
    puid: str


@dataclass(frozen=True, slots=True)
class SanctionView:
    id: int
    who: Who
    kind: SanctionKind
    category: str
    starts_at: datetime
    ends_at: datetime | None
    status: SanctionStatus
    points: int
    case: EvidenceRef | None
    notice: NoticeView | None


@dataclass(frozen=True, slots=True)
class CaseView:
    id: int
    who: Who
    category: str
    severity: Severity | None
    opened_at: datetime
    decided_at: datetime
    outcome: DecisionOutcome
    under_appeal: bool
    appeal_decided_at: datetime | None
    rule_ids: tuple[str, ...]
    sanction: SanctionView | None
    posts: tuple[EvidenceRef, ...]
    reports: tuple[EvidenceRef, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    id: int
    who: Who | None
    category: str
    received_at: datetime
    post: EvidenceRef | None
    cases: tuple[EvidenceRef, ...]


@dataclass(frozen=True, slots=True)
class PostView:
    id: int
    who: Who
    platform: str | None
    account_handle: str | None
    account_url: str | None
    published_at: datetime | None
    language: str
    text: str
    findings: tuple[StoredFinding, ...]
    screened_at: datetime | None
    commercial: bool | None  # whether screening saw commercial signals (None: not recorded)
    cases: tuple[EvidenceRef, ...]


@dataclass(frozen=True, slots=True)
class CorrectionView:
    id: int
    who: Who
    url: str
    published_at: datetime
    case: EvidenceRef | None


@dataclass(frozen=True, slots=True)
class CampaignView:
    id: int
    name: str
    description: str
    starts_on: date
    ends_on: date | None
    participants: int


@dataclass(frozen=True, slots=True)
class SnapshotView:
    id: int
    who: Who
    platform: str
    handle: str
    as_of: datetime
    followers: int
    following: int
    posts: int
    engagement_per_post: float | None
    authenticity: float | None
    parts: tuple[dict[str, Any], ...]


Evidence = (
    CaseView | SanctionView | ReportView | PostView | CorrectionView | CampaignView | SnapshotView
)


def public_evidence(session: Session, *, kind: str, number: int, now: datetime) -> Evidence:
    """The public view of evidence ``kind:number``; NotFound when unknown or not public."""
    found: Evidence | None = None
    if kind in EVIDENCE_KINDS and 0 < number <= MAX_ID:
        found = _READERS[kind](session, number, now)
    if found is None:
        raise NotFound(f"No public evidence {kind}:{number}", evidence=f"{kind}:{number}")
    return found


def standing_violation(case: Case) -> tuple[Decision, Decision | None] | None:
    """The first decision and the appeal's (if decided) when a violation stands; else None."""
    first = next((d for d in case.decisions if d.stage is DecisionStage.FIRST), None)
    if first is None or first.outcome is not DecisionOutcome.VIOLATION:
        return None
    appeal = next((d for d in case.decisions if d.stage is DecisionStage.APPEAL), None)
    if appeal is not None and appeal.outcome is DecisionOutcome.OVERTURNED:
        return None
    return first, appeal


def _case(session: Session, number: int, now: datetime) -> CaseView | None:
    case = session.get(Case, number)
    decided = standing_violation(case) if case is not None else None
    if case is None or decided is None:
        return None
    first, appeal = decided
    sanction = repo.sanction_of_case(session, case.id)
    severity = (first.evidence or {}).get("sanction_recommendation", {}).get("severity")
    return CaseView(
        id=case.id,
        who=_who(case.influencer),
        category=case.category,
        severity=Severity(severity) if severity in set(Severity) else None,
        opened_at=case.opened_at,
        decided_at=first.decided_at,
        outcome=first.outcome,
        under_appeal=case.state is CaseState.APPEALED,
        appeal_decided_at=appeal.decided_at if appeal is not None else None,
        rule_ids=tuple(first.rule_ids or ()),
        sanction=_sanction_view(session, sanction, now) if sanction is not None else None,
        posts=tuple(EvidenceRef("post", i) for i in repo.post_ids_of_case(session, case)),
        reports=tuple(EvidenceRef("report", i) for i in case.report_ids),
    )


def _sanction(session: Session, number: int, now: datetime) -> SanctionView | None:
    sanction = session.get(Sanction, number)
    if sanction is None or sanction.status is SanctionStatus.OVERTURNED:
        return None
    return _sanction_view(session, sanction, now)


def _sanction_view(session: Session, sanction: Sanction, now: datetime) -> SanctionView | None:
    if sanction.status is SanctionStatus.OVERTURNED:
        return None
    case = session.get(Case, sanction.case_id)
    public_case = case is not None and standing_violation(case) is not None
    return SanctionView(
        id=sanction.id,
        who=_who(sanction.influencer),
        kind=sanction.kind,
        category=sanction.category,
        starts_at=sanction.starts_at,
        ends_at=sanction.ends_at,
        status=sanction.status_at(now),
        points=sanction.points,
        case=EvidenceRef("case", sanction.case_id) if public_case else None,
        notice=_notice(session, sanction.id),
    )


def _notice(session: Session, sanction_id: int) -> NoticeView | None:
    notice = repo.latest_notice(session, sanction_id)
    if notice is None:
        return None
    statement = notice.statement or {}
    legal = statement.get("illegal_content_legal_ground") or statement.get(
        "incompatible_content_ground", ""
    )
    return NoticeView(
        ground=str(statement.get("decision_ground", "")),
        legal_ground=str(legal),
        reference_url=str(statement.get("decision_ground_reference_url", "")),
        application_date=str(statement.get("application_date", "")),
        puid=str(statement.get("puid", "")),
    )


def _public_cases(cases: Sequence[Case]) -> tuple[EvidenceRef, ...]:
    return tuple(EvidenceRef("case", c.id) for c in cases if standing_violation(c) is not None)


def _report(session: Session, number: int, now: datetime) -> ReportView | None:
    report = session.get(Report, number)
    cases = _public_cases(repo.cases_of_report(session, number)) if report is not None else ()
    if report is None or not cases:
        return None
    influencer = session.get(Influencer, report.influencer_id) if report.influencer_id else None
    post = session.get(Post, report.post_id) if report.post_id else None
    if influencer is None and post is not None:
        influencer = post.influencer
    return ReportView(
        id=report.id,
        who=_who(influencer) if influencer is not None else None,
        category=report.category,
        received_at=report.created_at,
        post=EvidenceRef("post", post.id) if post is not None else None,
        cases=cases,
    )


def _cited_by_score(session: Session, influencer_id: int, evidence_id: str) -> bool:
    score = current_score(session, influencer_id)
    if score is None:
        return False
    return any(evidence_id in c.get("evidence", ()) for c in score.contributions)


def _post(session: Session, number: int, now: datetime) -> PostView | None:
    post = session.get(Post, number)
    if post is None or post.influencer is None:
        return None
    cases = _public_cases(repo.cases_on_post(session, number))
    reported = _public_cases(repo.cases_reporting_post(session, number))
    cases = tuple(dict.fromkeys(cases + reported))
    if not cases and not _cited_by_score(session, post.influencer.id, f"post:{number}"):
        return None
    run = content_repository.latest_run(session, number)
    account = next((a for a in post.influencer.accounts if a.id == post.account_id), None)
    return PostView(
        id=post.id,
        who=_who(post.influencer),
        platform=post.platform.value if post.platform is not None else None,
        account_handle=account.handle if account is not None else None,
        account_url=account.url if account is not None else None,
        published_at=post.published_at,
        language=post.language,
        text=_screened_text(post, run),
        findings=_standing_findings(session, run),
        screened_at=run.screened_at if run is not None else None,
        commercial=run.commercial if run is not None else None,
        cases=cases,
    )


def _standing_findings(session: Session, run: ScreeningRun | None) -> tuple[StoredFinding, ...]:
    """The run's counted findings, minus those people rejected: set aside in triage, or the
    ground of a case decided without violation or overturned on appeal."""
    if run is None:
        return ()
    counted = [f for f in run.findings if not f.shadow]
    ids = [f.id for f in counted]
    rejected = repo.dismissed_finding_ids(session, ids)
    for case in repo.cases_on_findings(session, ids):
        if _rejected(case):
            rejected.update(case.finding_ids)
    return tuple(f for f in counted if f.id not in rejected)


def _rejected(case: Case) -> bool:
    """Whether people decided the case and no violation stands."""
    decided = any(d.stage is DecisionStage.FIRST for d in case.decisions)
    return decided and standing_violation(case) is None


def _screened_text(post: Post, run: ScreeningRun | None) -> str:
    # the findings' spans index the text their run screened
    return run.text if run is not None and run.text is not None else post.text


def _correction(session: Session, number: int, now: datetime) -> CorrectionView | None:
    correction = session.get(Correction, number)
    if correction is None:
        return None
    case = session.get(Case, correction.case_id) if correction.case_id is not None else None
    public_case = case is not None and standing_violation(case) is not None
    return CorrectionView(
        id=correction.id,
        who=_who(correction.influencer),
        url=correction.url,
        published_at=correction.published_at,
        case=EvidenceRef("case", case.id) if case is not None and public_case else None,
    )


def _campaign(session: Session, number: int, now: datetime) -> CampaignView | None:
    campaign = session.get(Campaign, number)
    if campaign is None:
        return None
    return CampaignView(
        id=campaign.id,
        name=campaign.name,
        description=campaign.description,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        participants=repo.participant_count(session, campaign.id),
    )


def _snapshot(session: Session, number: int, now: datetime) -> SnapshotView | None:
    snapshot = session.get(AccountSnapshot, number)
    if snapshot is None:
        return None
    account = snapshot.account
    return SnapshotView(
        id=snapshot.id,
        who=_who(account.influencer),
        platform=account.platform.value,
        handle=account.handle,
        as_of=snapshot.as_of,
        followers=snapshot.followers,
        following=snapshot.following,
        posts=snapshot.posts,
        engagement_per_post=snapshot.engagement_per_post,
        authenticity=snapshot.authenticity,
        parts=tuple(_public_part(part) for part in snapshot.parts or ()),
    )


def _public_part(part: dict[str, Any]) -> dict[str, Any]:
    # what a part says and weighs explains the estimate; its details may quote samples
    return {key: part[key] for key in PUBLIC_PART_KEYS if key in part}


_READERS: dict[str, Any] = {
    "post": _post,
    "case": _case,
    "sanction": _sanction,
    "report": _report,
    "correction": _correction,
    "campaign": _campaign,
    "snapshot": _snapshot,
}
