"""The /verify page: type a code, see a clear verdict (valid, suspended, revoked, expired) and
why, in Vietnamese and English; a typo or an unknown code gets a form error, not a crash."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory
from koltrust.registry import repository as registry
from koltrust.sanctions.kinds import SanctionKind
from koltrust.trust.certificates import issue_certificate, revoke_certificate
from koltrust.trust.models import Certificate
from tests.trust.certificate_world import ADMIN, ANALYST, now, qualifying, sanction, score
from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server


def certified(session: Session, slug: str) -> Certificate:
    at = now()
    qualifying(session, slug, at)
    certificate = issue_certificate(session, slug=slug, actor=ANALYST, now=at).certificate
    session.commit()
    return certificate


def verdict(html: str) -> str:
    found = re.search(r'data-status="([a-z]+)"', html)
    assert found is not None, "no verdict on the page"
    return found.group(1)


def test_the_form_is_open_to_everyone_in_both_languages(client: TestClient) -> None:
    vi = client.get("/verify", params={"lang": "vi"})
    en = client.get("/verify", params={"lang": "en"})

    assert vi.status_code == en.status_code == 200
    assert "<h1>Kiểm tra chứng nhận</h1>" in vi.text
    assert "<h1>Verify a certificate</h1>" in en.text
    assert 'name="code"' in en.text


def test_typing_a_code_leads_to_its_page_whatever_the_case_and_spaces(
    client: TestClient, session: Session
) -> None:
    c = certified(session, "thu-ha")
    typed = c.code.lower().replace("-", " ")

    response = client.get("/verify", params={"code": typed}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/verify/{c.code}"
    page = client.get(f"/verify/{c.code.lower()}")
    assert page.url.path == f"/verify/{c.code}"


def test_a_valid_certificate_says_so_with_its_holder_and_dates(
    client: TestClient, session: Session
) -> None:
    c = certified(session, "thu-ha")

    en = client.get(f"/verify/{c.code}", params={"lang": "en"})
    vi = client.get(f"/verify/{c.code}", params={"lang": "vi"})

    assert en.status_code == 200
    assert verdict(en.text) == "active"
    assert "Valid certificate" in en.text
    assert '<a href="/influencers/thu-ha">Người thu-ha</a>' in en.text
    assert "100 / 100 (Trusted)" in en.text
    assert f"http://127.0.0.1:8000/verify/{c.code}" in en.text
    assert "Chứng nhận còn hiệu lực" in vi.text
    assert "100 / 100 (Đáng tin cậy)" in vi.text


def test_a_suspended_certificate_shows_the_sanction_and_why(
    client: TestClient, session: Session
) -> None:
    c = certified(session, "tam-dung")
    _, imposed = sanction(session, c.influencer, SanctionKind.VISIBILITY_RESTRICTION, days=30)
    session.commit()

    en = client.get(f"/verify/{c.code}", params={"lang": "en"})
    vi = client.get(f"/verify/{c.code}", params={"lang": "vi"})

    assert verdict(en.text) == "suspended"
    assert "Certificate suspended" in en.text
    assert "Suspended by a sanction of visibility restriction" in en.text
    assert f'<a href="/evidence/sanction/{imposed.id}">sanction:{imposed.id}</a>' in en.text
    assert "Chứng nhận đang bị tạm đình chỉ" in vi.text
    assert "Tạm đình chỉ do chế tài hạn chế hiển thị" in vi.text


def test_revoked_and_expired_certificates_say_they_are_not_valid(
    client: TestClient, session: Session
) -> None:
    revoked = certified(session, "thu-hoi")
    revoke_certificate(session, code=revoked.code, actor=ADMIN, reason="Hồ sơ giả mạo", now=now())
    long_ago = now() - timedelta(days=400)
    qualifying(session, "het-han", long_ago)
    expired = issue_certificate(session, slug="het-han", actor=ANALYST, now=long_ago).certificate
    session.commit()

    gone = client.get(f"/verify/{revoked.code}", params={"lang": "en"})
    old = client.get(f"/verify/{expired.code}", params={"lang": "en"})

    assert verdict(gone.text) == "revoked"
    assert "Certificate revoked" in gone.text
    assert "Hồ sơ giả mạo" in gone.text
    assert verdict(old.text) == "expired"
    assert "Certificate expired" in old.text
    assert f"Expired on {expired.expires_at:%Y-%m-%d}." in old.text


def test_a_typo_or_an_unknown_code_is_a_form_error(client: TestClient) -> None:
    empty = client.get("/verify", params={"code": "  ", "lang": "en"})
    malformed = client.get("/verify", params={"code": "KT-7QF3M-2XW97", "lang": "en"})
    malformed_path = client.get("/verify/<b>hello", params={"lang": "vi"})
    unknown = client.get("/verify/KT-7QF3M-2XW96", params={"lang": "en"})

    assert empty.status_code == 422
    assert "Type the code printed on the certificate" in empty.text
    assert malformed.status_code == 422
    assert "This is not a certificate code" in malformed.text
    assert 'value="KT-7QF3M-2XW97"' in malformed.text  # kept to correct
    assert malformed_path.status_code == 422
    assert "Đây không phải là mã chứng nhận" in malformed_path.text
    assert "<b>hello" not in malformed_path.text
    assert unknown.status_code == 404
    assert "No certificate has this code" in unknown.text


def _certify_seeded(directory: Path) -> str:
    """Score the live server's seeded member and certify her; the certificate's code."""
    settings = Settings(database_url=f"sqlite:///{directory}/web.db", secret_key="x" * 40)
    engine = make_engine(settings)
    try:
        with make_session_factory(engine)() as session:
            influencer = registry.influencer_by_slug(session, "dang-ngoc-anh")
            assert influencer is not None
            score(session, influencer, now())
            view = issue_certificate(session, slug="dang-ngoc-anh", actor=ANALYST, now=now())
            session.commit()
            return view.certificate.code
    finally:
        engine.dispose()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}")
def test_a_business_types_a_code_in_a_real_browser(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        code = _certify_seeded(tmp_path)
        shots = Path(os.environ.get("KOLTRUST_SCREENSHOT_DIR") or tmp_path)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{server.url}/verify?lang=vi")
            page.fill("#code", code[:-1] + ("0" if code[-1] != "0" else "1"))
            page.get_by_role("button", name="Kiểm tra", exact=True).click()
            expect(page.locator("#code-error")).to_contain_text("Đây không phải là mã chứng nhận")
            expect(page.locator("#code")).to_be_focused()
            page.screenshot(path=str(shots / "koltrust-verify-typo.png"), full_page=True)

            page.fill("#code", code.lower().replace("-", " "))
            page.get_by_role("button", name="Kiểm tra", exact=True).click()
            page.wait_for_url(f"{server.url}/verify/{code}")
            expect(page.locator(".verify-verdict h2")).to_have_text("Chứng nhận còn hiệu lực")
            expect(page.locator(".verify-verdict")).to_have_attribute("data-status", "active")
            page.screenshot(path=str(shots / "koltrust-verify-valid.png"), full_page=True)

            page.get_by_role("link", name="English").click()
            expect(page.locator(".verify-verdict h2")).to_have_text("Valid certificate")
            expect(page.get_by_role("link", name="Đặng Ngọc Ánh")).to_be_visible()
        finally:
            browser.close()
