"""A real browser signs in, searches the directory without diacritics and opens a profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_admin_signs_in_searches_and_opens_a_profile(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server.url}/login")
            page.fill("#email", server.admin_email)
            page.fill("#password", server.admin_password)
            page.click("form.stack button[type=submit]")
            page.wait_for_url(f"{server.url}/")
            assert page.locator(".flash").inner_text() == "Bạn đã đăng nhập."

            page.goto(f"{server.url}/influencers")
            page.fill("#f-q", "dang ngoc anh")
            page.press("#f-q", "Enter")
            sync_api.expect(page.locator(".card")).to_have_count(1)
            # app.js swapped the results in place and cleaned the address of empty filters
            assert page.url == f"{server.url}/influencers?q=dang+ngoc+anh"
            page.locator(".card-title a", has_text="Đặng Ngọc Ánh").click()
            page.wait_for_url(f"{server.url}/influencers/dang-ngoc-anh")
            assert page.locator("h1").inner_text() == "Đặng Ngọc Ánh"
            assert page.locator("html").get_attribute("lang") == "vi"
            assert page.get_by_role("button", name="Đình chỉ").is_visible()
            page.screenshot(path=str(tmp_path / "profile.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "profile.png").stat().st_size > 0
