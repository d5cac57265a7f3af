"""A small registry built through the real services, to gather trust facts from: an influencer
with a membership, posts screened by the shipped rulebook (an undisclosed ad, a disclosed one,
an ordinary post), a case decided as a violation with its sanction and points, an upheld
report, a correction, a campaign and imported account statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.audience.models import AccountSnapshot
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction
from koltrust.cases import decisions, service
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.states import Move
from koltrust.cases.triage_links import link_items
from koltrust.content import service as content
from koltrust.content.repository import latest_run
from koltrust.content.schemas import PostCreate
from koltrust.db.types import utcnow
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from koltrust.registry.models import Influencer
from koltrust.reports.models import ReportTarget
from koltrust.reports.service import Intake, ReportRequest, create_report
from koltrust.screening.model import Severity
from koltrust.screening.rulebook_path import default_rulebook_path
from koltrust.screening.source import RulebookSource
from tests.cases.helpers import DUE
from tests.factories import make_influencer

UNDISCLOSED = (
    "Son kem lì màu mới siêu xinh 💄 Nhập mã LINH20 giảm 20% nha các bạn ơi",
    "vi.ads.undisclosed",
)
DISCLOSED = (
    "[QC] Hợp tác cùng nhãn hàng ABC: serum mới siêu mướt, link Shopee ở bio nha 👉 "
    "https://shopee.vn/abc"
)
ORDINARY = (
    "Vừa ra khỏi nhà là mưa ngay, ướt hết cả người 😭 ai ở Sài Gòn chiều nay nhớ mang áo mưa nha"
)
INTAKE = Intake(
    categories={"undisclosed_advertising"}, per_client_per_hour=100, client_hash_key=b"k" * 32
)


@dataclass(frozen=True)
class World:
    """What was built, and when things happened."""

    influencer: Influencer
    now: datetime
    decided_at: datetime
    first_post_at: datetime
    history_starts: datetime
    case: Case
    post_ids: dict[str, int]
    report_id: int
    snapshot_ids: tuple[int, int]


def shipped_source() -> RulebookSource:
    """Screening with the shipped rulebook."""
    return RulebookSource(default_rulebook_path(), max_chars=100_000)


def ingest(
    session: Session, source: RulebookSource, slug: str, text: str, published_at: datetime
) -> int:
    """Store and screen one post by ``slug``; its id."""
    data = PostCreate.model_validate(
        {"text": text, "influencer": slug, "language": "vi", "published_at": published_at}
    )
    return content.ingest_post(session, actor=SYSTEM, data=data, source=source).post.id


def build_world(session: Session, *, name: str = "Trần Minh Anh") -> World:
    """The world described above; ``World.now`` is the moment it was finished."""
    now = utcnow()
    influencer = make_influencer(
        session,
        display_name=name,
        accounts=[
            {"platform": "tiktok", "handle": f"{name[:4]}tt{now.microsecond}", "followers": 0},
            {"platform": "youtube", "handle": f"{name[:4]}yt{now.microsecond}", "followers": 0},
        ],
    )
    slug = influencer.slug
    change_influencer_membership(
        session,
        actor=SYSTEM,
        slug=slug,
        change=MembershipChange(MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    source = shipped_source()
    first = now - timedelta(days=200)
    posts = {
        "undisclosed": ingest(session, source, slug, UNDISCLOSED[0], now - timedelta(days=30)),
        "disclosed": ingest(session, source, slug, DISCLOSED, now - timedelta(days=20)),
        "ordinary": ingest(session, source, slug, ORDINARY, first),
    }
    decided_at = now - timedelta(days=10)
    case, report_id = _decided_case(session, influencer, posts["undisclosed"], decided_at)
    history_starts = now - timedelta(days=400)
    snapshots = _audience(session, influencer, now, history_starts)
    _positives(session, influencer, now)
    session.flush()
    # the services that take no moment (membership moves) dated their rows up to here
    return World(
        influencer, utcnow(), decided_at, first, history_starts, case, posts, report_id, snapshots
    )


def _decided_case(
    session: Session, influencer: Influencer, post_id: int, at: datetime
) -> tuple[Case, int]:
    run = latest_run(session, post_id)
    assert run is not None
    finding = next(f for f in run.findings if f.rule_id == UNDISCLOSED[1])
    case = service.open_case(
        session,
        actor=SYSTEM,
        request=service.CaseRequest(
            influencer_slug=influencer.slug,
            category="undisclosed_advertising",
            finding_ids=[finding.id],
            reason="found it",
        ),
        reply_window=timedelta(0),
        now=at - timedelta(days=2),
    )
    report = create_report(
        session,
        actor=SYSTEM,
        request=ReportRequest(
            target=ReportTarget.POST,
            post_id=post_id,
            influencer_slug=None,
            category="undisclosed_advertising",
            text="Quảng cáo mà không ghi rõ",
            evidence_urls=[],
            contact=None,
        ),
        intake=INTAKE,
        client_address="203.0.113.7",
        now=at - timedelta(days=3),
    ).report
    link_items(session, actor=SYSTEM, case=case, finding_ids=[], report_ids=[report.id], reason="r")
    case = service.move_case(
        session,
        actor=SYSTEM,
        case_id=case.id,
        move=Move.START_REVIEW,
        reason="looking",
        expected_version=case.version,
        now=at - timedelta(days=1),
    )
    case = decisions.decide(
        session,
        actor=SYSTEM,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=DecisionOutcome.VIOLATION,
            rule_ids=[UNDISCLOSED[1]],
            reasoning="an advert without the word",
            expected_version=case.version,
            severity=Severity.MEDIUM,
        ),
        due=DUE,
        known_rule_ids={UNDISCLOSED[1]},
        now=at,
    )
    return case, report.id


def _audience(
    session: Session, influencer: Influencer, now: datetime, history_starts: datetime
) -> tuple[int, int]:
    big, small = influencer.accounts
    rows = []
    for account, followers, share in ((big, 90_000, 0.9), (small, 10_000, 0.5)):
        day = history_starts if account is big else now - timedelta(days=60)
        older = AccountSnapshot(
            account_id=account.id,
            as_of=now - timedelta(days=40),
            followers=followers,
            following=100,
            posts=50,
            history=[[day.date().isoformat(), followers - 1000]],
            authenticity=0.1,
            imported_by="test",
        )
        latest = AccountSnapshot(
            account_id=account.id,
            as_of=now - timedelta(days=5),
            followers=followers,
            following=100,
            posts=55,
            history=[[(now - timedelta(days=30)).date().isoformat(), followers]],
            authenticity=share,
            imported_by="test",
        )
        session.add_all([older, latest])
        rows.append(latest)
    session.flush()
    return rows[0].id, rows[1].id


def _positives(session: Session, influencer: Influencer, now: datetime) -> None:
    campaign = Campaign(
        slug=f"noi-khong-voi-lua-dao-{influencer.id}",
        name="Nói không với lừa đảo",
        starts_on=(now - timedelta(days=100)).date(),
    )
    session.add(campaign)
    session.flush()
    session.add_all(
        [
            CampaignParticipation(
                campaign_id=campaign.id,
                influencer_id=influencer.id,
                joined_at=now - timedelta(days=90),
                recorded_by="test",
            ),
            Correction(
                influencer_id=influencer.id,
                url="https://tiktok.com/@x/video/1",
                published_at=now - timedelta(days=8),
                recorded_by="test",
            ),
        ]
    )


def overturn_on_appeal(session: Session, world: World) -> None:
    """The influencer appeals the world's case at ``world.now`` and a second analyst
    overturns it a second later."""
    own = Actor(
        label=world.influencer.slug, role=Role.INFLUENCER, influencer_id=world.influencer.id
    )
    case = decisions.appeal(
        session,
        actor=own,
        case_id=world.case.id,
        reason="the video says it is an advert",
        expected_version=world.case.version,
        now=world.now,
    )
    decisions.decide_appeal(
        session,
        actor=Actor(label="second analyst", role=Role.ADMIN),
        case_id=case.id,
        outcome=DecisionOutcome.OVERTURNED,
        reasoning="it does",
        expected_version=case.version,
        now=world.now + timedelta(seconds=1),
    )
