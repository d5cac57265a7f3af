"""Issuing certificates: each condition of the published policy refuses on its own, nothing is
stored on a refusal, one running certificate per influencer, renewal in the last 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import ANONYMOUS, Actor, Role
from koltrust.cases.states import CaseState, Move
from koltrust.errors import (
    CertificateNotAllowed,
    CertificateRunning,
    Forbidden,
    NotFound,
    Unauthenticated,
)
from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.facts import Sanction as SanctionFact
from koltrust.scoring.facts import VerificationLevel
from koltrust.screening.model import Severity
from koltrust.trust.certificate_codes import parse_code
from koltrust.trust.certificates import issue_certificate
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate
from tests.cases.helpers import make_moves
from tests.factories import database_snapshot
from tests.trust.certificate_world import (
    ADMIN,
    ANALYST,
    good_facts,
    member,
    now,
    pending_case,
    qualifying,
    sanction,
    score,
)

# a member who hides most of their advertising, on a phone-verified account of doubtful audience
LOW: dict[str, object] = {
    "commercial_posts_disclosed": 10,
    "commercial_posts_undisclosed": 50,
    "audience_authenticity": 0.6,
    "verification_level": VerificationLevel.PHONE,
    "campaigns_joined": 0,
}


def unmet_codes(session: Session, slug: str) -> list[str]:
    """The codes of the conditions that refuse issuing to ``slug``; nothing stored meanwhile."""
    before = database_snapshot(session)
    with pytest.raises(CertificateNotAllowed) as refused:
        issue_certificate(session, slug=slug, actor=ANALYST, now=now())
    assert database_snapshot(session) == before
    assert refused.value.status == 409
    return [item["code"] for item in refused.value.data["unmet"]]


def test_a_qualifying_member_gets_a_twelve_month_certificate(session: Session) -> None:
    at = now()
    influencer = qualifying(session, "thu-ha", at)

    view = issue_certificate(session, slug="thu-ha", actor=ANALYST, now=at)

    c = view.certificate
    assert parse_code(c.code) == c.code
    assert (c.influencer_id, c.score_total, c.band) == (influencer.id, 100, "trusted")
    assert c.expires_at - c.issued_at == timedelta(days=365)
    assert (c.status, c.issued_by, c.replaces_id) == (CertificateStatus.ACTIVE, ANALYST.label, None)
    assert view.shown.status is CertificateStatus.ACTIVE
    assert view.shown.reason is None
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == c.code)).one()
    assert audit.action == "certificate.issued"
    assert audit.data["score_total"] == 100


def test_an_admin_may_issue_but_nobody_else(session: Session) -> None:
    at = now()
    qualifying(session, "thu-ha", at)
    influencer_self = Actor(label="self", role=Role.INFLUENCER, influencer_id=1)
    business = Actor(label="biz", role=Role.BUSINESS, organisation_id=1)

    with pytest.raises(Unauthenticated):
        issue_certificate(session, slug="thu-ha", actor=ANONYMOUS, now=at)
    for outsider in (influencer_self, business):
        with pytest.raises(Forbidden):
            issue_certificate(session, slug="thu-ha", actor=outsider, now=at)
    assert issue_certificate(session, slug="thu-ha", actor=ADMIN, now=at).certificate.id


def test_an_unknown_slug_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        issue_certificate(session, slug="no-such-person", actor=ANALYST, now=now())


def test_no_score_yet_refuses(session: Session) -> None:
    member(session, "chua-co-diem")

    assert unmet_codes(session, "chua-co-diem") == ["no_score"]


def test_a_score_below_the_minimum_refuses_quoting_both_numbers(session: Session) -> None:
    at = now()
    influencer = member(session, "diem-thap")
    total = score(session, influencer, at, good_facts(at, **LOW))
    assert total < 70

    with pytest.raises(CertificateNotAllowed) as refused:
        issue_certificate(session, slug="diem-thap", actor=ANALYST, now=at)

    unmet = refused.value.data["unmet"]
    assert [item["code"] for item in unmet] == ["score_below_minimum"]
    assert unmet[0]["message"] == f"The total {total} is below the minimum of 70."
    assert unmet[0]["message_vi"] == f"Tổng điểm {total} thấp hơn mức tối thiểu 70."


def test_a_provisional_score_refuses(session: Session) -> None:
    at = now()
    influencer = member(session, "moi-vao")
    score(session, influencer, at, good_facts(at, posts_total=5, commercial_posts_disclosed=1))

    assert unmet_codes(session, "moi-vao") == ["score_provisional"]


def test_a_score_in_the_suspended_band_refuses(session: Session) -> None:
    # the stored score still says suspended although the sanction it read has since ended
    at = now()
    influencer = member(session, "bi-dinh-chi")
    in_force = SanctionFact(SanctionKind.VISIBILITY_RESTRICTION, None, "sanction:1")
    score(session, influencer, at, good_facts(at, sanctions=(in_force,)))

    assert "band_suspended" in unmet_codes(session, "bi-dinh-chi")


def test_a_stale_score_refuses(session: Session) -> None:
    at = now()
    influencer = member(session, "diem-cu")
    score(session, influencer, at - timedelta(days=8))

    assert unmet_codes(session, "diem-cu") == ["score_stale"]
    issue_certificate(session, slug="diem-cu", actor=ANALYST, now=at - timedelta(days=2))


def test_an_applicant_is_not_a_member(session: Session) -> None:
    at = now()
    influencer = member(session, "dang-xin", membership="applicant")
    score(session, influencer, at)

    with pytest.raises(CertificateNotAllowed) as refused:
        issue_certificate(session, slug="dang-xin", actor=ANALYST, now=at)

    unmet = refused.value.data["unmet"]
    assert unmet[0]["code"] == "not_member"
    assert unmet[0]["message"] == "The membership is applicant; it must be member."
    assert "đang xin gia nhập" in unmet[0]["message_vi"]


def test_a_member_without_a_pledge_refuses(session: Session) -> None:
    at = now()
    influencer = qualifying(session, "chua-cam-ket", at)
    assert influencer.membership is not None
    influencer.membership.pledged_at = None
    session.flush()

    assert unmet_codes(session, "chua-cam-ket") == ["no_pledge"]


@pytest.mark.parametrize("severity", [Severity.HIGH, Severity.CRITICAL])
def test_a_case_awaiting_decision_on_a_grave_finding_refuses(
    session: Session, severity: Severity
) -> None:
    at = now()
    influencer = qualifying(session, "dang-xem-xet", at)
    case = pending_case(session, influencer, severity=severity)

    with pytest.raises(CertificateNotAllowed) as refused:
        issue_certificate(session, slug="dang-xem-xet", actor=ANALYST, now=at)
    assert refused.value.data["unmet"][0]["evidence"] == [f"case:{case.id}"]

    make_moves(session, case, Move.START_REVIEW)  # still waiting for its decision
    assert unmet_codes(session, "dang-xem-xet") == ["case_pending"]


def test_a_case_on_a_medium_finding_does_not_block(session: Session) -> None:
    at = now()
    influencer = qualifying(session, "nhe-thoi", at)
    pending_case(session, influencer, severity=Severity.MEDIUM)

    assert issue_certificate(session, slug="nhe-thoi", actor=ANALYST, now=at).certificate.id


def test_a_decided_case_no_longer_blocks(session: Session) -> None:
    influencer = member(session, "da-xu")
    case = pending_case(session, influencer)
    case = make_moves(session, case, Move.START_REVIEW, Move.DECIDE_NO_VIOLATION)
    assert case.state is CaseState.DECIDED_NO_VIOLATION
    at = now()
    score(session, influencer, at)  # a decision recomputes the score from the (empty) record

    assert issue_certificate(session, slug="da-xu", actor=ANALYST, now=at).certificate.id


@pytest.mark.parametrize(
    "kind", [SanctionKind.MEMBERSHIP_SUSPENSION, SanctionKind.VISIBILITY_RESTRICTION]
)
def test_a_suspending_sanction_in_force_refuses(session: Session, kind: SanctionKind) -> None:
    influencer = member(session, "dang-bi-phat")
    _, imposed = sanction(session, influencer, kind, days=30)
    at = now() + timedelta(hours=1)
    score(session, influencer, at)

    with pytest.raises(CertificateNotAllowed) as refused:
        issue_certificate(session, slug="dang-bi-phat", actor=ANALYST, now=at)

    found = {item["code"]: item for item in refused.value.data["unmet"]}
    assert found["sanction_in_force"]["evidence"] == [
        f"sanction:{imposed.id}",
        f"case:{imposed.case_id}",
    ]


def test_a_mild_sanction_does_not_refuse(session: Session) -> None:
    influencer = member(session, "nhac-nho")
    sanction(session, influencer, SanctionKind.REMINDER)
    at = now() + timedelta(hours=1)
    score(session, influencer, at)

    assert issue_certificate(session, slug="nhac-nho", actor=ANALYST, now=at).certificate.id


def test_every_unmet_condition_is_listed_at_once(session: Session) -> None:
    at = now()
    influencer = member(session, "moi-thu", membership="applicant")
    long_ago = at - timedelta(days=30)
    few = {"posts_total": 15, "commercial_posts_disclosed": 2, "commercial_posts_undisclosed": 10}
    facts = good_facts(long_ago, **(LOW | few))
    score(session, influencer, long_ago, facts)
    pending_case(session, influencer)

    assert unmet_codes(session, "moi-thu") == [
        "score_below_minimum",
        "score_provisional",
        "score_stale",
        "not_member",
        "case_pending",
    ]


def test_a_second_certificate_while_one_runs_is_refused(session: Session) -> None:
    at = now()
    qualifying(session, "da-co", at)
    first = issue_certificate(session, slug="da-co", actor=ANALYST, now=at).certificate

    with pytest.raises(CertificateRunning) as refused:
        issue_certificate(session, slug="da-co", actor=ANALYST, now=at + timedelta(days=1))

    assert refused.value.data["certificate"] == first.code
    assert (
        refused.value.data["renewable_from"] == (first.expires_at - timedelta(days=30)).isoformat()
    )
    assert len(session.scalars(select(Certificate)).all()) == 1


def test_in_its_last_30_days_a_certificate_is_renewed(session: Session) -> None:
    at = now()
    influencer = qualifying(session, "gia-han", at)
    first = issue_certificate(session, slug="gia-han", actor=ANALYST, now=at).certificate
    later = at + timedelta(days=340)
    score(session, influencer, later)

    renewal = issue_certificate(session, slug="gia-han", actor=ANALYST, now=later)

    assert renewal.replaces == first.code
    assert renewal.certificate.expires_at == later + timedelta(days=365)
    assert (first.status, first.status_changed_at) == (CertificateStatus.EXPIRED, later)
    with pytest.raises(CertificateRunning):
        issue_certificate(session, slug="gia-han", actor=ANALYST, now=later)


def test_after_expiry_a_new_certificate_may_be_issued(session: Session) -> None:
    at = now()
    influencer = qualifying(session, "het-han", at)
    first = issue_certificate(session, slug="het-han", actor=ANALYST, now=at).certificate
    later = at + timedelta(days=366)
    score(session, influencer, later)

    second = issue_certificate(session, slug="het-han", actor=ANALYST, now=later)

    assert second.replaces is None
    assert first.status is CertificateStatus.ACTIVE  # stored; it shows expired
    assert second.certificate.code != first.code


def test_codes_are_unique_across_many_certificates(session: Session) -> None:
    at = now()
    codes = set()
    for n in range(40):
        qualifying(session, f"nguoi-{n}", at)
        codes.add(
            issue_certificate(session, slug=f"nguoi-{n}", actor=ANALYST, now=at).certificate.code
        )

    assert len(codes) == 40
