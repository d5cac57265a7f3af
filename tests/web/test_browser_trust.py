"""A real browser walks a business's path: the trust directory (a bad minimum score is shown on
the form) → an influencer's page (criteria label adding up, the history chart, an evidence
page) → the due-diligence report downloaded as a PDF."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory
from tests.trust.world import TrustWorld, build_world
from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}"),
]

NAME = "Phạm Thu Trang"
# screenshots go to the test's own folder unless this names one to keep them in
SCREENSHOT_DIR_VAR = "KOLTRUST_SCREENSHOT_DIR"


def _scored_world(directory: Path) -> TrustWorld:
    """A scored influencer with evidence, written to the live server's database."""
    settings = Settings(database_url=f"sqlite:///{directory}/web.db", secret_key="x" * 40)
    engine = make_engine(settings)
    try:
        with make_session_factory(engine)() as session:
            return build_world(session, name=NAME, handles=("thutrang.review", "ThuTrangVlog"))
    finally:
        engine.dispose()


def _points(page: Any) -> list[int]:
    return [int(text) for text in page.locator(".criteria-table .points").all_inner_texts()]


def test_a_business_finds_an_influencer_checks_the_evidence_and_downloads_the_report(
    tmp_path: Path,
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        world = _scored_world(tmp_path)
        shots = Path(os.environ.get(SCREENSHOT_DIR_VAR) or tmp_path)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page.goto(f"{server.url}/")
            page.get_by_role("link", name="Tra cứu tín nhiệm").click()
            page.wait_for_url(f"{server.url}/directory")

            page.fill("#d-min", "101")
            page.get_by_role("button", name="Tìm kiếm").click()
            expect(page.locator("#min_score-error")).to_have_text(
                "Nhập một số nguyên từ 0 đến 100."
            )
            expect(page.locator("#d-min")).to_have_attribute("aria-invalid", "true")
            expect(page.locator(".result-count")).to_have_count(0)
            page.screenshot(path=str(shots / "koltrust-directory-error.png"), full_page=True)

            page.fill("#d-min", str(world.total))
            page.get_by_role("button", name="Tìm kiếm").click()
            card = page.locator(".card", has_text=NAME)
            expect(card.locator(".directory-total")).to_have_text(str(world.total))
            page.screenshot(path=str(shots / "koltrust-directory.png"), full_page=True)
            card.get_by_role("link", name=NAME, exact=True).click()
            page.wait_for_url(f"{server.url}/influencers/{world.influencer.slug}#trust")

            total = int(page.locator(".score-number").inner_text())
            assert total == world.total == sum(_points(page))
            expect(page.locator(".criteria-sum")).to_have_text(str(total))
            chart = page.get_by_role("img", name="Điểm tín nhiệm theo thời gian")
            expect(chart).to_be_visible()
            assert chart.bounding_box()["height"] > 150  # drawn, not collapsed by the CSP
            page.screenshot(path=str(shots / "koltrust-trust-profile.png"), full_page=True)

            page.locator(f'a[href="/evidence/case/{world.decided_case}"]').first.click()
            page.wait_for_url(f"{server.url}/evidence/case/{world.decided_case}")
            expect(page.locator("h1")).to_contain_text("Vụ việc đã quyết định")
            expect(page.locator(f'a[href="/evidence/sanction/{world.sanction}"]')).to_be_visible()
            page.screenshot(path=str(shots / "koltrust-evidence-case.png"), full_page=True)
            page.go_back()

            with page.expect_download() as download_info:
                page.get_by_role("link", name="Tải báo cáo thẩm định (PDF)").click()
            download = download_info.value
            assert download.suggested_filename.startswith(f"koltrust-{world.influencer.slug}-")
            assert download.suggested_filename.endswith("-vi.pdf")
            saved = shots / "koltrust-report.pdf"
            download.save_as(str(saved))
            assert saved.read_bytes().startswith(b"%PDF-")
        finally:
            browser.close()
