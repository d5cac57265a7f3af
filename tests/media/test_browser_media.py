"""A real browser uploads a clip with captions, watches it being processed, and finds its
findings on the timeline: a click on one moves the player to that time."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}"),
]

CAPTIONS = """WEBVTT

00:00:06.500 --> 00:00:11.500
Viên uống này chữa khỏi tiểu đường luôn

00:00:12.500 --> 00:00:17.500
Nhập mã LINH20 giảm 20% nha cả nhà
"""
BROKEN = "WEBVTT\n\n00:00:09.000 --> 00:00:02.000\nngược thời gian\n"


def _sign_in(page: Any, url: str, email: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_upload_watch_and_jump_to_a_finding(tmp_path: Path, clip: Path) -> None:
    from playwright.sync_api import sync_playwright

    broken, captions = tmp_path / "broken.vtt", tmp_path / "live.vtt"
    broken.write_text(BROKEN, encoding="utf-8")
    captions.write_text(CAPTIONS, encoding="utf-8")
    shots = Path(os.environ.get("KOLTRUST_SCREENSHOT_DIR", tmp_path))
    with live_server(tmp_path) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        _sign_in(page, server.url, server.admin_email, server.admin_password)

        page.goto(f"{server.url}/media")
        page.set_input_files("#captions", str(broken))
        page.click("form.media-form button[type=submit]")
        error = page.locator("#captions-error")
        assert "line 3" in error.inner_text()
        assert page.get_attribute("#captions", "aria-invalid") == "true"

        page.set_input_files("#media", str(clip))
        page.set_input_files("#captions", str(captions))
        page.select_option("#language", "vi")
        page.fill("#title", "Livestream thử")
        page.click("form.media-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/media/\d+$"))
        # the page refreshes itself every 5 s until the worker is done
        page.wait_for_selector(".media-timeline", timeout=120_000)
        page.screenshot(path=str(shots / "media-page.png"), full_page=True)

        marks = page.locator(".timeline-mark")
        assert marks.count() >= 2
        target = page.locator('.timeline-mark[data-seek^="12"]').first
        target.click()
        page.wait_for_function(
            "Math.abs(document.getElementById('media-player').currentTime - 12.5) < 1.5"
        )
        assert page.locator(".media-unit mark").count() >= 2
        cure = page.locator(".finding", has_text="0:06").first
        assert cure.is_visible()
        browser.close()
