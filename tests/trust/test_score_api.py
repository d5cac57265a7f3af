"""The public score API: the stored score with explained contributions in vi or en, its
history, problem types for unknown and unscored slugs, and conditional requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.scoring.facts import Facts
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate
from tests.factories import make_influencer
from tests.scoring.facts import NOW
from tests.trust.scored import SCENARIOS, give_score

PROBLEM = "application/problem+json"


def test_score_lists_contributions_that_add_up_with_reasons_and_evidence(
    client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session, display_name="Lan Hương")
    score = give_score(session, influencer, SCENARIOS["high_risk"])

    response = client.get(f"/api/v1/influencers/{influencer.slug}/score")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == influencer.slug
    assert (body["total"], body["band"]) == (score.total, "high_risk")
    assert body["band_name"] == {"vi": "Rủi ro cao", "en": "High risk"}
    assert sum(c["points"] for c in body["contributions"]) == body["total"]
    assert body["interval"][0] <= body["total"] <= body["interval"][1]
    assert body["methodology_version"] == score.methodology_version
    assert body["certificate"] is None
    violations = next(c for c in body["contributions"] if c["evidence"])
    assert violations["evidence"] == ["case:1", "case:2", "case:3"]
    assert set(violations) == {
        "criterion",
        "criterion_name",
        "pillar",
        "points",
        "max_points",
        "reason",
        "reason_code",
        "evidence",
    }


def test_reasons_follow_lang_then_accept_language_then_vietnamese(
    client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["caution"])
    url = f"/api/v1/influencers/{influencer.slug}/score"

    default = client.get(url).json()
    english = client.get(url, headers={"Accept-Language": "fr;q=1, en-GB;q=0.8, vi;q=0.5"})
    forced = client.get(url + "?lang=vi", headers={"Accept-Language": "en"}).json()

    assert default["language"] == "vi"
    assert forced["language"] == "vi"
    assert english.json()["language"] == "en"
    assert english.headers["vary"] == "Accept-Language"
    assert default["provisional"] is True
    assert default["provisional_reasons"][0] == "Chưa đủ bài đăng được ghi nhận"
    assert english.json()["provisional_reasons"][0] == "Too few posts on record"
    pairs = zip(default["contributions"], english.json()["contributions"], strict=True)
    for vi, en in pairs:
        assert vi["reason_code"] == en["reason_code"]
        assert vi["reason"] != en["reason"]
    assert default["contributions"] == forced["contributions"]


def test_unknown_language_is_a_problem_naming_lang(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["caution"])

    response = client.get(f"/api/v1/influencers/{influencer.slug}/score?lang=fr")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_query_parameter"
    assert response.json()["parameter"] == "lang"


def test_unknown_slug_is_not_found(client: TestClient) -> None:
    response = client.get("/api/v1/influencers/nobody-here/score")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "not_found"


def test_influencer_without_a_score_is_not_scored_yet(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)

    response = client.get(f"/api/v1/influencers/{influencer.slug}/score")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/not_scored_yet")
    assert body["slug"] == influencer.slug


def test_score_has_an_etag_and_answers_304_until_it_is_recomputed(
    client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["trusted"])
    url = f"/api/v1/influencers/{influencer.slug}/score"

    first = client.get(url)
    etag = first.headers["etag"]
    again = client.get(url, headers={"If-None-Match": etag})
    english = client.get(url + "?lang=en", headers={"If-None-Match": etag})
    give_score(session, influencer, SCENARIOS["trusted"], NOW + timedelta(days=1))
    after = client.get(url, headers={"If-None-Match": etag})

    assert first.headers["cache-control"] == "public, max-age=60"
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert english.status_code == 200, "another language is another representation"
    assert after.status_code == 200
    assert after.headers["etag"] != etag


def test_history_lists_each_change_oldest_first(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    empty = client.get(f"/api/v1/influencers/{influencer.slug}/score/history")
    give_score(session, influencer, Facts(posts_total=3))
    give_score(session, influencer, SCENARIOS["trusted"], NOW + timedelta(days=2))

    response = client.get(f"/api/v1/influencers/{influencer.slug}/score/history")

    assert empty.status_code == 200
    assert empty.json()["points"] == []
    points = response.json()["points"]
    assert [(p["band"], p["provisional"]) for p in points] == [
        ("caution", True),
        ("trusted", False),
    ]
    assert points[0]["computed_at"] < points[1]["computed_at"]
    assert points[0]["trigger"] == "manual"


def test_history_of_unknown_slug_is_not_found(client: TestClient) -> None:
    response = client.get("/api/v1/influencers/nobody-here/score/history")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("band", sorted(SCENARIOS))
def test_scenarios_land_in_their_band(client: TestClient, session: Session, band: str) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS[band])

    body = client.get(f"/api/v1/influencers/{influencer.slug}/score?lang=en").json()

    assert body["band"] == band
    assert sum(c["points"] for c in body["contributions"]) == body["total"]


def test_score_reads_write_nothing_and_need_no_login(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["trusted"])

    response = client.get(
        f"/api/v1/influencers/{influencer.slug}/score",
        headers={"Authorization": "Bearer not-a-token"},
    )

    assert response.status_code == 200
    assert "set-cookie" not in response.headers


def test_latest_certificate_is_shown_with_its_status(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["trusted"])
    issued = datetime.now(UTC) - timedelta(days=10)
    certificate = Certificate(
        influencer_id=influencer.id,
        code="KT-TEST-0001",
        issued_at=issued,
        expires_at=issued + timedelta(days=365),
        status=CertificateStatus.ACTIVE,
        score_total=100,
        band="trusted",
        methodology_version="2026.1",
        issued_by="test",
    )
    session.add(certificate)
    session.commit()
    url = f"/api/v1/influencers/{influencer.slug}/score"

    active = client.get(url)
    certificate.status = CertificateStatus.REVOKED
    session.commit()
    revoked = client.get(url, headers={"If-None-Match": active.headers["etag"]})

    shown = active.json()["certificate"]
    assert (shown["code"], shown["status"]) == ("KT-TEST-0001", "active")
    assert shown["verify_url"] == "/verify/KT-TEST-0001"
    assert revoked.status_code == 200, "a certificate's change is a new representation"
    assert revoked.json()["certificate"]["status"] == "revoked"


def test_an_expired_certificate_shows_as_expired(client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["trusted"])
    issued = datetime.now(UTC) - timedelta(days=400)
    session.add(
        Certificate(
            influencer_id=influencer.id,
            code="KT-TEST-0002",
            issued_at=issued,
            expires_at=issued + timedelta(days=365),
            status=CertificateStatus.ACTIVE,
            score_total=100,
            band="trusted",
            methodology_version="2026.1",
            issued_by="test",
        )
    )
    session.commit()

    body = client.get(f"/api/v1/influencers/{influencer.slug}/score").json()

    assert body["certificate"]["status"] == "expired"
