"""The fact-check page (search, try a text) and the fact-check shown on the check page; a
real Chromium run of both with a Vietnamese post repeating an English fact-check."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.claims import service
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory
from tests.claims.helpers import LEMON_URL, VI_LEMON_POST, demo_bytes
from tests.web.helpers import csrf_of
from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server

SHOTS = Path("/tmp/koltrust-shots")  # noqa: S108


def _import_demo(session: Session) -> None:
    service.import_file(
        session, actor=SYSTEM, data=demo_bytes(), file_format="claimreview", source="demo"
    )
    session.commit()


@pytest.fixture
def demo(session: Session) -> None:
    _import_demo(session)


def test_the_page_lists_and_searches_fact_checks(client: TestClient, demo: None) -> None:
    everything = client.get("/fact-checks", params={"lang": "en"})
    searched = client.get("/fact-checks", params={"q": "chanh", "language": "vi"})
    lemon = client.get("/fact-checks", params={"q": "lemon water"})

    assert everything.status_code == 200
    assert "14 fact-checks found" in everything.text
    assert 'href="/fact-checks" aria-current="page"' in everything.text
    assert "No fact-check matches these filters." in searched.text  # the language is kept
    assert f'href="{LEMON_URL}"' in lemon.text
    assert "1 fact-check found" in lemon.text


def test_trying_a_text_shows_the_matching_fact_check(client: TestClient, demo: None) -> None:
    response = client.post(
        "/fact-checks", data={"text": VI_LEMON_POST, "csrf_token": csrf_of(client, "/fact-checks")}
    )

    assert response.status_code == 200
    assert "Các bài kiểm chứng phù hợp" in response.text
    assert f'href="{LEMON_URL}"' in response.text
    assert "Demo Fact Check" in response.text


def test_trying_an_empty_text_says_what_to_do(client: TestClient) -> None:
    response = client.post(
        "/fact-checks", data={"text": " ", "csrf_token": csrf_of(client, "/fact-checks")}
    )

    assert response.status_code == 422
    assert "Dán một văn bản" in response.text


def test_the_check_page_shows_the_fact_check_a_post_repeats(client: TestClient, demo: None) -> None:
    response = client.post(
        "/check",
        data={"text": VI_LEMON_POST, "csrf_token": csrf_of(client, "/check")},
        params={"lang": "en"},
    )

    assert response.status_code == 200
    assert "Repeats a fact-checked claim" in response.text
    assert "Drinking warm lemon water every morning cures cancer" in response.text
    assert f'class="fact-check-link" href="{LEMON_URL}"' in response.text


def _seed_fact_checks(directory: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{directory}/web.db", secret_key="x" * 40)
    engine = make_engine(settings)
    try:
        with make_session_factory(engine)() as session:
            _import_demo(session)
    finally:
        engine.dispose()


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_path / name, SHOTS / name)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}")
def test_a_browser_sees_the_fact_check_of_a_vietnamese_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("KOLTRUST_CLAIMS_FOLDER", str(tmp_path / "claims"))
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        _seed_fact_checks(tmp_path)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(f"{server.url}/check")
            page.fill("#text", VI_LEMON_POST)
            page.get_by_role("button", name="Kiểm tra bài đăng").click()
            page.wait_for_selector("#results-title")
            link = page.locator("a.fact-check-link")
            sync_api.expect(link).to_be_visible()
            assert link.get_attribute("href") == LEMON_URL
            sync_api.expect(
                page.get_by_text("Lặp lại thông tin đã bị kiểm chứng là sai")
            ).to_be_visible()
            _shot(page, tmp_path, "check-fact-check.png")

            page.get_by_role("link", name="Kiểm chứng", exact=True).click()
            page.fill("#fc-q", "lemon")
            page.get_by_role("button", name="Tìm kiếm").click()
            sync_api.expect(page.locator("table.fact-checks a")).to_have_attribute(
                "href", LEMON_URL
            )
            page.fill("#try-text", VI_LEMON_POST)
            page.get_by_role("button", name="Tìm bài kiểm chứng phù hợp").click()
            first = page.locator("table.matches tbody tr").first
            sync_api.expect(first.locator("a")).to_have_attribute("href", LEMON_URL)
            _shot(page, tmp_path, "fact-checks.png")
        finally:
            browser.close()
