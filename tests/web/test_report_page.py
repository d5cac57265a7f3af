"""The public report page: a thank-you, "already reported", errors beside the fields, and a
real browser sending a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.reports.models import Report
from tests.factories import make_influencer
from tests.web.helpers import post_form
from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server

FIELDS = {
    "target": "influencer",
    "influencer": "linh-an",
    "category": "prohibited_health_claim",
    "text": "Quảng cáo trà chữa khỏi ung thư",
    "evidence_urls": "https://example.com/video/1\r\nhttps://example.com/shot.png",
}


def _report(client: TestClient, **fields: str) -> Response:
    return post_form(client, "/report", FIELDS | fields, page="/report")


@pytest.fixture
def _influencer(session: Session) -> None:
    make_influencer(session, display_name="Linh An", slug="linh-an")


@pytest.mark.usefixtures("_influencer")
def test_the_form_is_open_to_anonymous_visitors_with_the_rulebook_reasons(
    client: TestClient,
) -> None:
    html = client.get("/report?influencer=linh-an").text

    assert "<h1>Báo cáo vi phạm</h1>" in html
    assert 'value="linh-an"' in html
    assert '<option value="prohibited_health_claim"' in html


@pytest.mark.usefixtures("_influencer")
def test_a_report_is_thanked_and_a_repeat_is_already_reported(
    client: TestClient, session: Session
) -> None:
    first = _report(client)
    again = _report(client)

    assert first.status_code == 200, first.text
    assert "Cảm ơn bạn đã báo cáo" in first.text
    assert "Đã được báo cáo" in again.text
    report = session.scalars(select(Report)).one()
    assert report.evidence_urls == ["https://example.com/video/1", "https://example.com/shot.png"]


@pytest.mark.usefixtures("_influencer")
def test_a_bad_evidence_address_is_an_error_beside_its_field(client: TestClient) -> None:
    response = _report(client, evidence_urls="javascript:alert(1)")

    assert response.status_code == 422
    assert 'id="evidence_urls-error"' in response.text
    assert "javascript:alert(1)" in response.text  # kept for correcting


@pytest.mark.usefixtures("_influencer")
def test_an_unknown_influencer_is_an_error_beside_its_field(client: TestClient) -> None:
    response = _report(client, influencer="nobody-here")

    assert response.status_code == 404
    assert "Không có người ảnh hưởng nào có tên địa chỉ này." in response.text


@pytest.mark.usefixtures("_influencer")
def test_a_missing_reason_and_text_are_errors_in_english(client: TestClient) -> None:
    client.get("/report?lang=en")
    response = _report(client, category="", text="")

    assert response.status_code == 422
    assert "Choose a reason from the list." in response.text
    assert "Say what is wrong, in at most 5,000 characters." in response.text


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}")
def test_a_browser_sends_a_report(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server.url}/report?influencer=dang-ngoc-anh")
            page.select_option("#category", "prohibited_health_claim")
            page.fill("#text", "Quảng cáo kem chữa khỏi nám vĩnh viễn")
            page.fill("#evidence_urls", "not a link")
            page.get_by_role("button", name="Gửi báo cáo").click()
            sync_api.expect(page.locator("#evidence_urls-error")).to_be_visible()

            page.fill("#evidence_urls", "https://example.com/video/1")
            page.get_by_role("button", name="Gửi báo cáo").click()
            sync_api.expect(page.locator("h1")).to_have_text("Cảm ơn bạn đã báo cáo")
        finally:
            browser.close()
