"""A scored influencer with evidence of every kind, built through the real services where they
exist (cases, replies, reports, decisions, sanctions and their notices) and stored facts where
the input is data (posts with findings, corrections, campaigns, snapshots). Private text is
planted in every place the public must never see, so tests can look for it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from koltrust.audience.models import AccountSnapshot
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction
from koltrust.cases import decisions, replies, service
from koltrust.cases.models import DecisionOutcome
from koltrust.cases.states import Move
from koltrust.cases.triage import Items, attach_items
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.db.types import utcnow
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from koltrust.registry.models import Influencer
from koltrust.reports.models import ReportTarget
from koltrust.reports.service import Intake, ReportRequest, create_report
from koltrust.sanctions.models import Sanction
from koltrust.scoring.compute import compute
from koltrust.scoring.facts import Facts, MembershipStatus, VerificationLevel, Violation
from koltrust.scoring.facts import Sanction as SanctionFact
from koltrust.scoring.methodology import default_methodology
from koltrust.screening.model import Severity
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.repository import save_score
from tests.cases.helpers import DUE, RULE_ID
from tests.factories import make_influencer

CATEGORY = "health_claims"
POST_TEXT = "Serum này chữa khỏi mụn vĩnh viễn, mua ngay!"
SPAN = (10, 19)  # "chữa khỏi"
NAME = "Đặng Ngọc Ánh"
HANDLES = ("ngocanh.skincare", "NgocAnhSkincare")
SECRETS = {
    "report_text": "NOI-DUNG-PHAN-ANH-RIENG-481",
    "report_contact": "nguoi.phan.anh.481@example.com",
    "reply": "PHAN-HOI-RIENG-CUA-KOL-482",
    "open_note": "GHI-CHU-NOI-BO-MO-VU-483",
    "review_note": "GHI-CHU-XEM-XET-484",
    "reasoning": "LAP-LUAN-NOI-BO-485",
    "comment": "BINH-LUAN-MAU-486",
    "importer": "nhap.lieu.487@example.com",
}


@dataclass(frozen=True)
class TrustWorld:
    influencer: Influencer
    decided_case: int
    open_case: int
    sanction: int
    violating_post: int
    open_case_post: int
    cited_post: int
    report: int
    correction: int
    campaign: int
    snapshot: int
    total: int


def post_with_finding(
    session: Session, influencer: Influencer, text: str = POST_TEXT, *, commercial: bool = False
) -> int:
    """A published TikTok post of the influencer, screened once with one finding at SPAN."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    account = influencer.accounts[0] if influencer.accounts else None
    post = Post(
        influencer_id=influencer.id,
        account_id=account.id if account else None,
        platform=account.platform if account else None,
        text=text,
        text_sha256=sha,
        language="vi",
        language_confidence=1.0,
        published_at=utcnow() - timedelta(days=40),
    )
    session.add(post)
    session.flush()
    run = ScreeningRun(
        post_id=post.id,
        rulebook_version="test",
        text_sha256=sha,
        finding_count=1,
        commercial=commercial,
    )
    run.findings.append(
        StoredFinding(
            post_id=post.id,
            rule_id=RULE_ID,
            rule_version=1,
            rulebook_version="test",
            category=CATEGORY,
            severity=Severity.HIGH,
            confidence=0.9,
            spans=[list(SPAN)],
            excerpt=text[SPAN[0] : SPAN[1]],
            explanation={"vi": "Tuyên bố chữa bệnh", "en": "Cure claim"},
        )
    )
    session.add(run)
    session.flush()
    return post.id


def _finding_of(session: Session, post_id: int) -> int:
    finding = session.query(StoredFinding).filter_by(post_id=post_id).one()
    return finding.id


def _report(session: Session, post_id: int) -> int:
    request = ReportRequest(
        target=ReportTarget.POST,
        post_id=post_id,
        influencer_slug=None,
        category=CATEGORY,
        text=SECRETS["report_text"],
        evidence_urls=[],
        contact=SECRETS["report_contact"],
    )
    intake = Intake(categories={CATEGORY}, per_client_per_hour=100, client_hash_key=b"k" * 32)
    received = create_report(
        session,
        actor=SYSTEM,
        request=request,
        intake=intake,
        client_address="203.0.113.9",
        now=utcnow(),
    )
    return received.report.id


def _decided_case(session: Session, influencer: Influencer, post_id: int, report_id: int) -> int:
    case = service.open_case(
        session,
        actor=SYSTEM,
        request=service.CaseRequest(
            influencer_slug=influencer.slug,
            category=CATEGORY,
            finding_ids=[_finding_of(session, post_id)],
            reason=SECRETS["open_note"],
        ),
        reply_window=timedelta(days=7),
    )
    attach_items(
        session,
        actor=SYSTEM,
        case_id=case.id,
        items=Items(report_ids=[report_id]),
        reason=SECRETS["open_note"],
    )
    own = Actor(label="kol@example.com", role=Role.INFLUENCER, influencer_id=influencer.id)
    case = replies.submit_reply(
        session,
        actor=own,
        case_id=case.id,
        text=SECRETS["reply"],
        evidence_urls=[],
        expected_version=case.version,
        now=utcnow(),
    )
    case = service.move_case(
        session,
        actor=SYSTEM,
        case_id=case.id,
        move=Move.START_REVIEW,
        reason=SECRETS["review_note"],
        expected_version=case.version,
    )
    case = decisions.decide(
        session,
        actor=SYSTEM,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=DecisionOutcome.VIOLATION,
            rule_ids=[RULE_ID],
            reasoning=SECRETS["reasoning"],
            expected_version=case.version,
            severity=Severity.HIGH,
        ),
        due=DUE,
        known_rule_ids={RULE_ID},
        now=utcnow(),
    )
    return case.id


def _still_open_case(session: Session, influencer: Influencer, post_id: int) -> int:
    case = service.open_case(
        session,
        actor=SYSTEM,
        request=service.CaseRequest(
            influencer_slug=influencer.slug,
            category=CATEGORY,
            finding_ids=[_finding_of(session, post_id)],
            reason=SECRETS["open_note"],
        ),
    )
    return case.id


def _stored_inputs(session: Session, influencer: Influencer, case_id: int) -> tuple[int, ...]:
    now = utcnow()
    correction = Correction(
        influencer_id=influencer.id,
        case_id=case_id,
        url="https://www.tiktok.com/@x/video/9",
        published_at=now - timedelta(days=1),
        note="",
        recorded_by=SECRETS["importer"],
    )
    campaign = Campaign(
        slug="mua-sam-an-toan",
        name="Mua sắm an toàn",
        description="Chiến dịch chống lừa đảo.",
        starts_on=(now - timedelta(days=90)).date(),
        ends_on=None,
    )
    session.add_all([correction, campaign])
    session.flush()
    session.add(
        CampaignParticipation(
            campaign_id=campaign.id,
            influencer_id=influencer.id,
            joined_at=now - timedelta(days=80),
            recorded_by=SECRETS["importer"],
        )
    )
    snapshot = AccountSnapshot(
        account_id=influencer.accounts[0].id,
        as_of=now - timedelta(days=2),
        followers=1240000,
        following=310,
        posts=812,
        engagement_per_post=41000.0,
        history=[],
        comments=[SECRETS["comment"]],
        follower_samples=[{"nums/length username": 0.1}],
        authenticity=0.91,
        parts=[
            {
                "code": "engagement",
                "value": 0.95,
                "weight": 1.0,
                "reason": "in band",
                "details": {"sample": SECRETS["comment"]},
            }
        ],
        imported_by=SECRETS["importer"],
    )
    session.add(snapshot)
    session.flush()
    return correction.id, campaign.id, snapshot.id


def build_world(
    session: Session, *, name: str = NAME, handles: tuple[str, str] = HANDLES
) -> TrustWorld:
    """Everything above, with two recorded scores citing it; committed."""
    influencer = make_influencer(
        session,
        display_name=name,
        niche="beauty",
        province="ho-chi-minh",
        accounts=[
            {"platform": "tiktok", "handle": handles[0], "followers": 1240000},
            {"platform": "youtube", "handle": handles[1], "followers": 386000},
        ],
    )
    change_influencer_membership(
        session,
        actor=SYSTEM,
        slug=influencer.slug,
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    violating = post_with_finding(session, influencer)
    report_id = _report(session, violating)
    decided = _decided_case(session, influencer, violating, report_id)
    open_post = post_with_finding(session, influencer, "Uống trà này khỏi hẳn tiểu đường luôn")
    open_case = _still_open_case(session, influencer, open_post)
    cited = post_with_finding(
        session, influencer, "Review son mới, mọi người mua ủng hộ nha", commercial=True
    )
    correction, campaign, snapshot = _stored_inputs(session, influencer, decided)
    sanction = session.query(Sanction).filter_by(case_id=decided).one()
    total = _score(
        session, influencer, decided, sanction, cited, report_id, (correction, campaign, snapshot)
    )
    session.commit()
    return TrustWorld(
        influencer,
        decided,
        open_case,
        sanction.id,
        violating,
        open_post,
        cited,
        report_id,
        correction,
        campaign,
        snapshot,
        total,
    )


def _score(
    session: Session,
    influencer: Influencer,
    case_id: int,
    sanction: Sanction,
    cited_post: int,
    report_id: int,
    stored: tuple[int, int, int],
) -> int:
    correction, campaign, snapshot = stored
    now = utcnow()
    early = Facts(posts_total=4, active_since=now - timedelta(days=400))
    facts = Facts(
        verification_level=VerificationLevel.PHONE,
        membership=MembershipStatus.MEMBER,
        pledged_at=now - timedelta(days=100),
        active_since=now - timedelta(days=400),
        posts_total=40,
        commercial_posts_disclosed=6,
        commercial_posts_undisclosed=1,
        violations=(Violation(Severity.HIGH, now - timedelta(minutes=1), f"case:{case_id}"),),
        penalty_points=sanction.points,
        sanctions=(SanctionFact(sanction.kind, sanction.ends_at, f"sanction:{sanction.id}"),),
        corrections_published=1,
        reports_upheld=1,
        audience_authenticity=0.91,
        campaigns_joined=1,
        evidence={
            "commercial_posts_undisclosed": (f"post:{cited_post}",),
            "corrections_published": (f"correction:{correction}",),
            "reports_upheld": (f"report:{report_id}",),
            "audience_authenticity": (f"snapshot:{snapshot}",),
            "campaigns_joined": (f"campaign:{campaign}",),
        },
    )
    m = default_methodology()
    save_score(
        session,
        influencer.id,
        compute(early, now - timedelta(days=60), m),
        "a",
        ScoreTrigger.SCHEDULE,
    )
    score = compute(facts, now, m)
    save_score(session, influencer.id, score, "b", ScoreTrigger.DECISION)
    return score.total
