"""The due-diligence PDF, checked by the text it draws (decoded through the fonts' own ToUnicode
maps, as a viewer's search does; see pdf_text.py) rather than by rendering it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from koltrust.auth.permissions import ANONYMOUS
from koltrust.db.types import utcnow
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate
from koltrust.trust.profile import trust_profile
from koltrust.trust.report_pdf import report_pdf
from tests.factories import make_influencer
from tests.trust.pdf_text import pdf_text
from tests.trust.world import NAME, SECRETS, TrustWorld, build_world

BASE = "https://koltrust.example.vn/"


@pytest.fixture
def world(session: Session) -> TrustWorld:
    return build_world(session)


def _report(session: Session, slug: str, language: str) -> bytes:
    profile = trust_profile(session, actor=ANONYMOUS, slug=slug, language=language, now=utcnow())
    return report_pdf(profile, base_url=BASE)


def test_the_report_holds_the_score_its_criteria_and_their_evidence(
    session: Session, world: TrustWorld
) -> None:
    data = _report(session, world.influencer.slug, "en")
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data).text
    assert NAME in text
    assert "TikTok" in text
    assert "@ngocanh.skincare" in text
    assert "1,626,000" in text
    assert "Scoring methodology: 2025.1" in text
    assert f"https://koltrust.example.vn/influencers/{world.influencer.slug}" in text
    for criterion in ("Advertising disclosed", "Violation history", "Sanctions in force"):
        assert criterion in text
    for evidence in (
        f"case:{world.decided_case}",
        f"sanction:{world.sanction}",
        f"post:{world.cited_post}",
        f"snapshot:{world.snapshot}",
    ):
        assert evidence in text
    assert f"Total\n{world.total} / 100" in text
    assert "90% credible interval:" in text
    assert "What this index is and is not" in text
    assert [name for name, secret in SECRETS.items() if secret in text] == []


def test_the_report_draws_the_history_chart_and_lists_the_sanctions(
    session: Session, world: TrustWorld
) -> None:
    data = _report(session, world.influencer.slug, "vi")
    assert len(re.findall(rb"/Subtype /Image", data)) == 1
    text = pdf_text(data).text
    assert "Diễn biến điểm" in text
    assert "lần thay đổi điểm" in text
    assert "Chế tài\nTrạng thái\nTừ ngày" in text  # the sanctions table's headings
    assert f"case:{world.decided_case}" in text
    assert "Đang có hiệu lực" in text


def test_a_certificate_is_reported_with_its_verification_address(
    session: Session, world: TrustWorld
) -> None:
    issued = utcnow() - timedelta(days=10)
    session.add(
        Certificate(
            influencer_id=world.influencer.id,
            code="KT-7Q2M-9XPA",
            issued_at=issued,
            expires_at=issued + timedelta(days=365),
            status=CertificateStatus.REVOKED,  # stored by an admin's act, so shown as is
            score_total=86,
            band="trusted",
            methodology_version="2025.1",
            issued_by="system",
        )
    )
    session.flush()
    text = pdf_text(_report(session, world.influencer.slug, "en")).text
    assert "Status: Revoked" in text
    assert "Verification code: KT-7Q2M-9XPA" in text
    assert "Verify at: https://koltrust.example.vn/verify/KT-7Q2M-9XPA" in text


def test_an_unscored_influencer_gets_a_short_report_saying_so(session: Session) -> None:
    influencer = make_influencer(session, display_name="Lưu Hương Giang", niche="food")
    pages = pdf_text(_report(session, influencer.slug, "vi")).pages
    assert len(pages) == 1
    assert "Lưu Hương Giang" in pages[0]
    assert "Người này chưa được chấm điểm" in pages[0]
    assert "Bảng tiêu chí" not in pages[0]
    assert "Chưa có lịch sử điểm." in pages[0]
