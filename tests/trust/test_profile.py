"""The trust profile read for the public page and the PDF, and the rules on which evidence is
public (both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from koltrust.auth.permissions import ANONYMOUS, Actor, Role
from koltrust.cases import decisions
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.db.types import utcnow
from koltrust.errors import NotFound
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.models import Sanction
from koltrust.scoring.compute import compute
from koltrust.scoring.facts import Facts
from koltrust.scoring.methodology import Pillar, default_methodology
from koltrust.trust.certificates import issue_certificate
from koltrust.trust.kinds import CertificateStatus, ScoreTrigger
from koltrust.trust.models import Certificate
from koltrust.trust.profile import trust_profile
from koltrust.trust.public_evidence import (
    CaseView,
    PostView,
    SnapshotView,
    parse_evidence_id,
    public_evidence,
)
from koltrust.trust.repository import save_score
from tests.trust import certificate_world
from tests.trust.certificate_world import ADMIN
from tests.trust.world import NAME, TrustWorld, build_world


@pytest.fixture
def world(session: Session) -> TrustWorld:
    return build_world(session)


def test_the_profile_groups_criteria_under_pillars_and_adds_up(
    session: Session, world: TrustWorld
) -> None:
    profile = trust_profile(
        session, actor=ANONYMOUS, slug=world.influencer.slug, language="en", now=utcnow()
    )
    score = profile.score
    assert score is not None
    assert profile.influencer.display_name == NAME
    assert [p.pillar for p in score.pillars] == [p.value for p in Pillar]
    assert score.total == score.contributions_total == world.total
    for pillar in score.pillars:
        assert pillar.points == sum(line.points for line in pillar.criteria)
        assert pillar.max_points == sum(line.max_points for line in pillar.criteria)
    assert sum(p.max_points for p in score.pillars) == 100
    violations = next(
        line for p in score.pillars for line in p.criteria if line.criterion == "violation_history"
    )
    assert violations.name == "Violation history"
    assert violations.reason.startswith("1 confirmed violation(s)")
    assert [(e.id, e.url) for e in violations.evidence] == [
        (f"case:{world.decided_case}", f"/evidence/case/{world.decided_case}")
    ]
    assert score.interval[0] <= score.total <= score.interval[1]
    assert len(profile.history) >= 2
    assert [s.id for s in profile.active_sanctions] == [world.sanction]


def test_the_profile_in_vietnamese_renders_names_and_reasons(
    session: Session, world: TrustWorld
) -> None:
    profile = trust_profile(
        session, actor=ANONYMOUS, slug=world.influencer.slug, language="vi", now=utcnow()
    )
    assert profile.score is not None
    assert profile.score.pillars[0].name == "Minh bạch nội dung và quảng cáo"
    assert profile.score.pillars[0].criteria[0].reason.startswith("6/7 bài quảng cáo")


def test_an_unknown_slug_or_language_is_refused(session: Session) -> None:
    with pytest.raises(NotFound):
        trust_profile(session, actor=ANONYMOUS, slug="khong-co", language="vi", now=utcnow())
    with pytest.raises(ValueError, match="language"):
        trust_profile(session, actor=ANONYMOUS, slug="khong-co", language="fr", now=utcnow())


def test_the_latest_certificate_is_read_with_its_status_now(
    session: Session, world: TrustWorld
) -> None:
    now = utcnow()
    for code, issued in (
        ("KT-OLD", now - timedelta(days=500)),
        ("KT-NEW", now - timedelta(days=400)),
    ):
        session.add(
            Certificate(
                influencer_id=world.influencer.id,
                code=code,
                issued_at=issued,
                expires_at=issued + timedelta(days=365),
                status=CertificateStatus.ACTIVE,
                score_total=88,
                band="trusted",
                methodology_version="2025.1",
                issued_by="system",
            )
        )
    session.flush()
    profile = trust_profile(
        session, actor=ANONYMOUS, slug=world.influencer.slug, language="vi", now=now
    )
    assert profile.certificate is not None
    assert profile.certificate.code == "KT-NEW"
    assert profile.certificate.status is CertificateStatus.EXPIRED  # its year has passed
    assert profile.certificate.verify_path == "/verify/KT-NEW"


def test_evidence_ids_parse_only_kinds_the_registry_serves() -> None:
    ref = parse_evidence_id("case:12")
    assert ref is not None
    assert ref.url == "/evidence/case/12"
    for bad in ("case:", "case:0", "case:-1", "user:3", "case:1x", "case:99999999999"):
        assert parse_evidence_id(bad) is None


def test_a_snapshot_shows_statistics_but_not_its_samples(
    session: Session, world: TrustWorld
) -> None:
    view = public_evidence(session, kind="snapshot", number=world.snapshot, now=utcnow())
    assert isinstance(view, SnapshotView)
    assert view.followers == 1240000
    assert view.authenticity == pytest.approx(0.91)
    assert view.parts == (
        {"code": "engagement", "value": 0.95, "weight": 1.0, "reason": "in band"},
    )
    assert not hasattr(view, "comments")
    assert not hasattr(view, "follower_samples")


def test_a_case_overturned_on_appeal_and_its_sanction_stop_being_public(
    session: Session, world: TrustWorld
) -> None:
    now = utcnow()
    view = public_evidence(session, kind="case", number=world.decided_case, now=now)
    assert isinstance(view, CaseView)
    assert view.sanction is not None
    assert view.sanction.id == world.sanction
    own = Actor(label="kol@example.com", role=Role.INFLUENCER, influencer_id=world.influencer.id)
    case = decisions.appeal(
        session,
        actor=own,
        case_id=world.decided_case,
        reason="Tôi đã sửa bài",
        expected_version=_version(session, world.decided_case),
        now=now,
    )
    other = Actor(label="analyst-2@example.com", role=Role.ANALYST)
    decisions.decide_appeal(
        session,
        actor=other,
        case_id=case.id,
        outcome=DecisionOutcome.OVERTURNED,
        reasoning="Bằng chứng chưa đủ",
        expected_version=case.version,
        now=now,
    )
    sanction = session.get(Sanction, world.sanction)
    assert sanction is not None
    assert sanction.status is SanctionStatus.OVERTURNED
    for kind, number in (
        ("case", world.decided_case),
        ("sanction", world.sanction),
        ("report", world.report),
    ):
        with pytest.raises(NotFound):
            public_evidence(session, kind=kind, number=number, now=now)
    # a score may still cite the post (say, as the first on record), but never again shows
    # the finding people rejected
    facts = Facts(
        posts_total=3,
        active_since=now - timedelta(days=40),
        evidence={"active_since": (f"post:{world.violating_post}",)},
    )
    save_score(
        session,
        world.influencer.id,
        compute(facts, now, default_methodology()),
        "c",
        ScoreTrigger.DECISION,
    )
    post = public_evidence(session, kind="post", number=world.violating_post, now=now)
    assert isinstance(post, PostView)
    assert post.findings == ()
    assert post.cases == ()


def _version(session: Session, case_id: int) -> int:
    case = session.get(Case, case_id)
    assert case is not None
    return case.version


def test_the_certificate_shows_suspended_while_a_sanction_suspends_it(session: Session) -> None:
    at = certificate_world.now()
    influencer = certificate_world.qualifying(session, "ha-suspended", at)
    issue_certificate(session, slug=influencer.slug, actor=ADMIN, now=at)
    certificate_world.sanction(session, influencer, SanctionKind.VISIBILITY_RESTRICTION, days=30)
    later = certificate_world.now()
    profile = trust_profile(
        session, actor=ANONYMOUS, slug=influencer.slug, language="vi", now=later
    )
    assert profile.certificate is not None
    # the same status /verify and the API show, not the stored one
    assert profile.certificate.status is CertificateStatus.SUSPENDED
