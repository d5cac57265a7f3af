"""A real browser walks the analyst's path: the queue → a case opened by screening → start the
review → decide a violation → the sanction on the case page and in the sanction list."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from koltrust.auth.permissions import Role
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory
from tests.factories import bearer, make_user, token_for
from tests.web.helpers import PASSWORD
from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}"),
]

SLUG = "dang-ngoc-anh"  # seeded by live_server
CURE_RULE = "vi.health.cure_claim"
POST_TEXT = (
    "Serum trà xanh X chữa khỏi mụn và nám vĩnh viễn, thay thế thuốc! "
    "Mua ngay tại https://shopee.vn/abc giảm 50% mã KOL50"
)
# screenshots go to the test's own folder unless this names one to keep them in
SCREENSHOT_DIR_VAR = "KOLTRUST_SCREENSHOT_DIR"


def _tokens(directory: Path, admin_email: str) -> tuple[dict[str, str], dict[str, str], str]:
    """API headers of the seeded admin and of a new user acting for the influencer, and the
    influencer user's e-mail (to sign in with PASSWORD)."""
    settings = Settings(database_url=f"sqlite:///{directory}/web.db", secret_key="x" * 40)
    engine = make_engine(settings)
    try:
        with make_session_factory(engine)() as session:
            admin = bearer(token_for(session, admin_email))
            email = make_user(session, Role.INFLUENCER, influencer_slug=SLUG, password=PASSWORD)
            influencer = bearer(token_for(session, email))
    finally:
        engine.dispose()
    return admin, influencer, email


def _case_with_a_reply(server: LiveServer, directory: Path) -> tuple[int, str]:
    """Screen a post of the influencer (the case opens by itself) and reply to its case; the
    case's id and the influencer user's e-mail."""
    admin, influencer, email = _tokens(directory, server.admin_email)
    post = {"text": POST_TEXT, "platform": "tiktok", "language": "vi", "influencer": SLUG}
    with httpx.Client(base_url=server.url, timeout=30) as api:
        assert api.post("/api/v1/posts", json=post, headers=admin).status_code == 201
        cases: dict[str, Any] = api.get(
            "/api/v1/cases", params={"influencer": SLUG}, headers=admin
        ).json()
        case = next(c for c in cases["items"] if c["category"] == "prohibited_health_claim")
        reply = {"text": "Tôi sẽ sửa lại bài viết.", "evidence_urls": []}
        sent = api.post(f"/api/v1/cases/{case['id']}/replies", json=reply, headers=influencer)
        assert sent.status_code == 200, sent.text
    return int(case["id"]), email


def _sign_in(page: Any, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def test_analyst_opens_the_queue_reviews_decides_and_sees_the_sanction(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        case_id, influencer_email = _case_with_a_reply(server, tmp_path)
        shots = Path(os.environ.get(SCREENSHOT_DIR_VAR) or tmp_path)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            _sign_in(page, server, server.admin_email)

            page.get_by_role("link", name="Hàng đợi vụ việc").click()
            page.wait_for_url(f"{server.url}/cases")
            page.screenshot(path=str(shots / "koltrust-queue.png"), full_page=True)
            page.locator(f'a.case-link[href="/cases/{case_id}"]').click()
            page.wait_for_url(f"{server.url}/cases/{case_id}")
            expect(page.locator("mark.sev").first).to_be_visible()
            expect(page.locator(".reply")).to_contain_text("Tôi sẽ sửa lại bài viết.")
            page.screenshot(path=str(shots / "koltrust-case-open.png"), full_page=True)

            page.fill("#review-reason", "Kiểm tra tuyên bố chữa bệnh")
            page.get_by_role("button", name="Bắt đầu xem xét").click()
            expect(page.locator(".flash")).to_have_text("Đã bắt đầu xem xét.")
            page.check(f'input[name="rule_ids"][value="{CURE_RULE}"]')
            page.fill("#decide-reasoning", "Bài viết hứa chữa khỏi mụn và nám, trái Điều 8.")
            page.screenshot(path=str(shots / "koltrust-decide-form.png"), full_page=True)
            page.get_by_role("button", name="Ghi nhận quyết định").click()
            expect(page.locator(".flash")).to_have_text("Đã ghi nhận quyết định.")
            sanction = page.locator(".sanction-line")
            expect(sanction).to_contain_text("Đang có hiệu lực")
            kind = sanction.locator("strong").inner_text()
            page.screenshot(path=str(shots / "koltrust-case-decided.png"), full_page=True)

            page.get_by_role("link", name="Chế tài").first.click()
            page.wait_for_url(f"{server.url}/sanctions")
            row = page.locator("table.sanctions-table tbody tr").first
            expect(row).to_contain_text("Đặng Ngọc Ánh")
            expect(row).to_contain_text(kind)
            expect(row).to_contain_text("Đang có hiệu lực")
            expect(row.locator(f'a[href="/cases/{case_id}"]')).to_be_visible()
            page.screenshot(path=str(shots / "koltrust-sanctions.png"), full_page=True)

            # the influencer sees the decision, the sanction, the points and may appeal
            page.get_by_role("button", name="Đăng xuất").click()
            _sign_in(page, server, influencer_email)
            page.get_by_role("link", name="Vụ việc của tôi").click()
            page.wait_for_url(f"{server.url}/me/cases")
            expect(page.locator(f"#case-{case_id}")).to_contain_text("Kết luận: có vi phạm")
            expect(page.locator(f"#form-appeal-{case_id}")).to_be_visible()
            expect(page.locator(".points")).not_to_have_text("0")
            page.screenshot(path=str(shots / "koltrust-me-cases.png"), full_page=True)
        finally:
            browser.close()
