"""Recording notices against the real database: the statement built from the sanction, its
decision, case, reports and posts; deliveries owed to active subscriptions; paging; the
subscriptions themselves."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.cases.models import Decision, DecisionOutcome, DecisionStage
from koltrust.content.models import Post
from koltrust.errors import Forbidden, NotFound, ValidationFailed
from koltrust.notices import service
from koltrust.notices.models import DeliveryStatus, NoticeEvent, WebhookDelivery
from koltrust.registry.models import VerificationLevel
from koltrust.reports.models import Report, ReportTarget
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from tests.factories import make_organisation
from tests.notices.helpers import DECIDED_AT, finding, make_sanction

NOW = DECIDED_AT + timedelta(minutes=5)
ANALYST = Actor(label="analyst", role=Role.ANALYST, user_id=1)


def _subscribe(session: Session, name: str = "TikTok VN") -> int:
    url = "https://hooks.example.org/koltrust"
    return service.add_subscription(session, actor=SYSTEM, name=name, url=url).id


def test_a_new_sanction_is_recorded_as_a_statement_of_reasons(session: Session) -> None:
    sanction = make_sanction(session, slug="thu-ha")

    notice = service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW)

    s = notice.statement
    assert (notice.event, notice.sanction_id, notice.created_at) == (
        NoticeEvent.ISSUED,
        sanction.id,
        NOW,
    )
    assert s["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert "Luật Quảng cáo" in s["illegal_content_legal_ground"]  # the shipped rule's basis
    assert s["category"] == "STATEMENT_CATEGORY_CONSUMER_INFORMATION"
    assert (s["source_type"], s["automated_detection"]) == ("SOURCE_VOLUNTARY", "Yes")
    assert (s["content_date"], s["application_date"]) == ("2025-03-02", "2025-03-10")
    assert s["end_date_visibility_restriction"] == "2025-06-08"
    assert s["puid"] == f"koltrust-sanction-{sanction.id}-issued"
    assert s["koltrust"]["notice_id"] == notice.id
    assert s["koltrust"]["influencer"] == "thu-ha"
    assert s["account_type"] == "ACCOUNT_TYPE_PRIVATE"


def test_each_active_subscription_is_owed_one_pending_delivery(session: Session) -> None:
    first, second = _subscribe(session, "A"), _subscribe(session, "B")
    gone = _subscribe(session, "C")
    service.deactivate_subscription(session, actor=SYSTEM, subscription_id=gone)
    sanction = make_sanction(session)

    notice = service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW)

    deliveries = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.notice_id == notice.id)
    ).all()
    assert sorted(d.subscription_id for d in deliveries) == [first, second]
    assert {(d.status, d.attempts, d.next_attempt_at) for d in deliveries} == {
        (DeliveryStatus.PENDING, 0, NOW)
    }


def test_a_trusted_flaggers_report_names_the_flagger(session: Session) -> None:
    flagger = make_organisation(session, name="Hội Người tiêu dùng", tax_code="0319999999")
    report = Report(
        target_kind=ReportTarget.INFLUENCER,
        category="undisclosed_advertising",
        text="quảng cáo ẩn",
        reporter_organisation_id=flagger.id,
        trusted_flagger=True,
        client_key_hash="0" * 64,
        dedupe_key="1" * 64,
    )
    session.add(report)
    session.flush()
    sanction = make_sanction(session, report_ids=(report.id,), trusted_flagger=True)

    s = service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW).statement

    assert s["source_type"] == "SOURCE_TRUSTED_FLAGGER"
    assert s["source_identity"] == "Hội Người tiêu dùng"


def test_a_report_without_findings_is_an_article_16_notice_detected_by_people(
    session: Session,
) -> None:
    sanction = make_sanction(session, findings=(), report_ids=(999_999,), rule_ids=())

    s = service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW).statement

    assert (s["source_type"], s["automated_detection"]) == ("SOURCE_ARTICLE_16", "No")
    assert s["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert "source_identity" not in s


def test_a_claims_only_decision_rests_on_the_code_of_conduct(session: Session) -> None:
    sanction = make_sanction(
        session,
        category="misinformation_match",
        rule_ids=("claims.misinformation_match",),
        findings=(finding("claims"),),
    )

    s = service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW).statement

    assert s["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert s["category"] == "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
    assert s["automated_detection"] == "Yes"


def test_the_posts_language_and_a_business_registration_are_reported(session: Session) -> None:
    text = "Mua ngay nhé các bạn"
    post = Post(
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        language="vi",
        language_confidence=0.99,
        published_at=datetime(2025, 2, 20, 3, 0, tzinfo=UTC),
    )
    session.add(post)
    session.flush()
    sanction = make_sanction(session, findings=(finding(post_id=post.id),))
    sanction.influencer.verification_level = VerificationLevel.BUSINESS_REGISTRATION

    s = service.record_notice(session, sanction, NoticeEvent.ISSUED, now=NOW).statement

    assert s["content_language"] == "VI"
    assert s["content_date"] == "2025-02-20"  # the post is older than the snapshot's date
    assert s["account_type"] == "ACCOUNT_TYPE_BUSINESS"


def test_a_lifted_sanction_ends_the_day_it_was_lifted(session: Session) -> None:
    sanction = make_sanction(session, kind=SanctionKind.MEMBERSHIP_SUSPENSION)
    sanction.status, sanction.status_reason = SanctionStatus.LIFTED, "Đã hoàn thành đào tạo"
    lifted_at = datetime(2025, 4, 2, 10, 0, tzinfo=UTC)

    s = service.record_notice(session, sanction, NoticeEvent.LIFTED, now=lifted_at).statement

    assert s["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert s["end_date_account_restriction"] == "2025-04-02"
    assert s["decision_facts"].startswith(
        "The alliance lifted this sanction early on 2025-04-02: Đã hoàn thành đào tạo"
    )


def test_an_expiry_found_late_reports_the_true_end(session: Session) -> None:
    sanction = make_sanction(session, duration=timedelta(days=30))
    late = DECIDED_AT + timedelta(days=33)

    s = service.record_notice(session, sanction, NoticeEvent.EXPIRED, now=late).statement

    assert s["end_date_visibility_restriction"] == "2025-04-09"


def test_an_overturned_sanction_quotes_the_appeal_decision(session: Session) -> None:
    sanction = make_sanction(session, kind=SanctionKind.EXPULSION, duration=None)
    appeal = Decision(
        case_id=sanction.case_id,
        stage=DecisionStage.APPEAL,
        outcome=DecisionOutcome.OVERTURNED,
        reasoning="Bài đăng có ghi nhãn quảng cáo.",
        decided_by="lead@example.org",
    )
    session.add(appeal)
    sanction.status = SanctionStatus.OVERTURNED
    session.flush()

    s = service.record_notice(session, sanction, NoticeEvent.OVERTURNED, now=NOW).statement

    assert s["decision_account"] == "DECISION_ACCOUNT_TERMINATED"
    assert s["end_date_account_restriction"] == "2025-03-10"
    assert "Bài đăng có ghi nhãn quảng cáo." in s["decision_facts"].splitlines()[0]


def test_notices_page_by_id_from_a_moment(session: Session) -> None:
    sanction = make_sanction(session)
    times = [NOW, NOW + timedelta(days=1), NOW + timedelta(days=2)]
    ids = [service.record_notice(session, sanction, NoticeEvent.ISSUED, now=t).id for t in times]

    first = service.notices_since(session, times[1], limit=1)
    second = service.notices_since(session, times[1], limit=1, after_id=first[0].id)
    third = service.notices_since(session, times[1], limit=1, after_id=second[0].id)

    assert [n.id for n in (*first, *second)] == ids[1:]
    assert third == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01", datetime(2025, 3, 1, tzinfo=UTC)),
        ("2025-03-01T07:30:00Z", datetime(2025, 3, 1, 7, 30, tzinfo=UTC)),
        ("2025-03-01T07:30:00+07:00", datetime(2025, 3, 1, 0, 30, tzinfo=UTC)),
        ("2025-03-01 07:30", datetime(2025, 3, 1, 7, 30, tzinfo=UTC)),
    ],
)
def test_since_reads_dates_and_date_times(text: str, expected: datetime) -> None:
    assert service.parse_since(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "2025-13-01", "", "01/03/2025"])
def test_a_bad_since_is_a_validation_error(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.parse_since(text)

    assert caught.value.data["field"] == "since"


def test_a_subscription_gets_a_fresh_secret_and_may_name_an_organisation(
    session: Session,
) -> None:
    make_organisation(session, name="Nền tảng Video", kind="platform", slug="video-vn")

    one = service.add_subscription(
        session, actor=SYSTEM, name="Video", url="https://a.example/h", organisation_slug="video-vn"
    )
    two = service.add_subscription(session, actor=SYSTEM, name="Other", url="https://b.example/h")

    assert one.organisation_id is not None
    assert len(one.secret) >= 43
    assert one.secret != two.secret
    with pytest.raises(NotFound):
        service.add_subscription(
            session, actor=SYSTEM, name="X", url="https://c.example", organisation_slug="nobody"
        )


def test_removing_a_subscription_fails_what_it_was_still_owed(session: Session) -> None:
    subscription_id = _subscribe(session)
    notice = service.record_notice(session, make_sanction(session), NoticeEvent.ISSUED, now=NOW)

    service.deactivate_subscription(session, actor=SYSTEM, subscription_id=subscription_id)

    delivery = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.notice_id == notice.id)
    ).one()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.FAILED, service.REMOVED_REASON)
    assert service.list_subscriptions(session, actor=SYSTEM) == []
    assert len(service.list_subscriptions(session, actor=SYSTEM, include_inactive=True)) == 1


def test_only_admins_manage_subscriptions(session: Session) -> None:
    with pytest.raises(Forbidden):
        service.add_subscription(session, actor=ANALYST, name="X", url="https://x.example")
    with pytest.raises(Forbidden):
        service.list_subscriptions(session, actor=ANALYST)
