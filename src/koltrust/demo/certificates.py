"""Certificates in the demo, through the real services.

Before scoring: a year of ordinary posts (screened by the real rulebook) for a few members, so
that their scores are no longer provisional. After scoring: a certificate for every influencer
who qualifies; one certificate back-dated 13 months (issued on today's record, not renewed, so
it shows expired); and one certified member who then breaks a rule and is given a visibility
restriction, so that their certificate shows suspended. Safe to run again."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.cases import decisions, replies, service
from koltrust.cases import repository as cases_repository
from koltrust.cases.due_process import DueProcess
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.states import CaseState, Move
from koltrust.config import Settings
from koltrust.content import repository as content_repository
from koltrust.content.schemas import PostCreate
from koltrust.content.service import ingest_batch, ingest_post
from koltrust.errors import CertificateNotAllowed, CertificateRunning
from koltrust.registry import repository as registry
from koltrust.registry.models import Influencer
from koltrust.sanctions.kinds import SanctionKind
from koltrust.screening.source import RulebookSource
from koltrust.trust import certificate_repository
from koltrust.trust.certificates import issue_certificate

# members with no case, given an ordinary posting history before they are scored
WITH_HISTORY = {
    "pham-thu-trang": "du lịch bụi",
    "helene-tran": "ẩm thực đường phố",
    "ung-thi-phuong-thao": "nuôi dạy con",
    "doan-van-luc": "nông nghiệp sạch",
    "nguyen-huu-phuoc": "học đàn guitar",
    "thai-dang-khoa": "bình luận thời sự",
    "phan-duc-anh": "học tiếng Anh",
    "mac-van-tung": "trò chơi điện tử",
}
EXPIRED = "mac-van-tung"  # certified 13 months ago and not renewed
SUSPENDED = "thai-dang-khoa"  # certified, then a visibility restriction
POSTS_EACH = 24
POST_TEXTS = (
    "Nhật ký {topic} tuần {n}: hôm nay mình chia sẻ vài điều học được, mọi người góp ý nhé.",
    "Hỏi đáp {topic} kỳ {n}: mình trả lời các câu hỏi các bạn gửi trong tuần qua.",
    "Cảm ơn mọi người đã theo dõi loạt bài {topic} số {n}. Hẹn gặp lại cuối tuần!",
)
VIOLATION = {
    "external_id": "demo-cert-7401",
    "text": (
        "Trà giảm cân thảo mộc này chữa khỏi tiểu đường và cao huyết áp sau 2 tuần, "
        "không cần uống thuốc nữa nha cả nhà!"
    ),
    "reply": "Tôi chỉ kể lại trải nghiệm của người thân, không có ý quảng cáo chữa bệnh.",
    "reason": (
        "Khẳng định sản phẩm chữa khỏi bệnh là tuyên bố sức khỏe bị cấm; bài đăng có lượng "
        "xem lớn nên khuyến nghị nền tảng hạn chế hiển thị trong 30 ngày."
    ),
}


def load_post_histories(session: Session, settings: Settings, *, now: datetime) -> int:
    """Ordinary posts over the past year for WITH_HISTORY (once); returns how many exist."""
    source = RulebookSource(settings.rulebook_folder(), max_chars=settings.max_post_chars)
    items = []
    for slug, topic in WITH_HISTORY.items():
        influencer = _influencer(session, slug)
        platform = influencer.accounts[0].platform
        for n in range(1, POSTS_EACH + 1):
            external_id = f"demo-history-{slug}-{n}"
            if content_repository.post_by_external_id(session, platform, external_id):
                continue
            text = POST_TEXTS[n % len(POST_TEXTS)].format(topic=topic, n=n)
            published = now - timedelta(days=360 * (POSTS_EACH - n + 1) // POSTS_EACH)
            items.append(
                PostCreate(
                    text=text,
                    platform=platform,
                    external_id=external_id,
                    influencer=slug,
                    published_at=published,
                ).model_dump(mode="json")
            )
    for item in ingest_batch(session, actor=SYSTEM, items=items, source=source):
        if item.error is not None:
            raise ValueError(f"demo post {items[item.index]['external_id']}: {item.error}")
    return len(WITH_HISTORY) * POSTS_EACH


def issue_demo_certificates(
    session: Session, settings: Settings, *, analyst: Actor, now: datetime
) -> int:
    """After scoring: the back-dated expired certificate, one for everyone who qualifies, and
    the suspended one. Returns how many certificates the demo holds."""
    expired = _influencer(session, EXPIRED)
    if not certificate_repository.of_influencer(session, expired.id):
        issue_certificate(session, slug=EXPIRED, actor=analyst, now=now - timedelta(days=395))
    for slug in certificate_repository.influencer_slugs(session):
        if slug == EXPIRED:
            continue
        try:
            issue_certificate(session, slug=slug, actor=analyst, now=now)
        except (CertificateNotAllowed, CertificateRunning):
            continue
    _suspend(session, settings, analyst=analyst, now=now)
    return len(certificate_repository.newest(session, None))


def _suspend(session: Session, settings: Settings, *, analyst: Actor, now: datetime) -> None:
    """SUSPENDED publishes a prohibited health claim; after their reply, the analyst decides
    a violation with a visibility restriction, which suspends their certificate."""
    influencer = _influencer(session, SUSPENDED)
    platform = influencer.accounts[0].platform
    if content_repository.post_by_external_id(session, platform, VIOLATION["external_id"]):
        return
    source = RulebookSource(settings.rulebook_folder(), max_chars=settings.max_post_chars)
    data = PostCreate(
        text=VIOLATION["text"],
        platform=platform,
        external_id=VIOLATION["external_id"],
        influencer=SUSPENDED,
        published_at=now - timedelta(hours=6),
    )
    ingested = ingest_post(session, actor=SYSTEM, data=data, source=source)
    findings = [f for f in ingested.run.findings if not f.shadow]
    case = _open_case(session, influencer, [f.id for f in findings], findings[0].category)
    case = service.move_case(
        session,
        actor=analyst,
        case_id=case.id,
        move=Move.START_REVIEW,
        reason="Phát hiện tự động về tuyên bố chữa bệnh",
        expected_version=case.version,
        now=now,
    )
    himself = Actor(
        label=f"influencer:{SUSPENDED}", role=Role.INFLUENCER, influencer_id=case.influencer_id
    )
    case = replies.submit_reply(
        session,
        actor=himself,
        case_id=case.id,
        text=VIOLATION["reply"],
        evidence_urls=[],
        expected_version=case.version,
        now=now,
    )
    due = DueProcess.from_settings(settings)
    decisions.decide(
        session,
        actor=analyst,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=DecisionOutcome.VIOLATION,
            rule_ids=sorted({f.rule_id for f in findings}),
            reasoning=VIOLATION["reason"],
            expected_version=case.version,
            sanction=SanctionKind.VISIBILITY_RESTRICTION,
            duration_days=30,
        ),
        due=due,
        known_rule_ids={rule.id for rule in source.engine().rulebook.rules},
        now=now,
    )


def _open_case(
    session: Session, influencer: Influencer, finding_ids: list[int], category: str
) -> Case:
    """The case screening opened on the post, or one opened now on its findings."""
    for state in (CaseState.OPEN, CaseState.IN_REVIEW):
        found, _ = cases_repository.search_cases(
            session, state=state, influencer_id=influencer.id, offset=0, limit=50
        )
        for case in found:
            if set(case.finding_ids) & set(finding_ids):
                return case
    return service.open_case(
        session,
        actor=SYSTEM,
        request=service.CaseRequest(
            influencer_slug=influencer.slug,
            category=category,
            finding_ids=finding_ids,
            reason="Phát hiện tự động",
        ),
        reply_window=timedelta(days=7),
    )


def _influencer(session: Session, slug: str) -> Influencer:
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise ValueError(f"demo influencer '{slug}' is missing")
    return influencer
