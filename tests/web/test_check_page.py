"""The "check a post" page: marks in the text, explanations, errors, languages, a real browser."""

from __future__ import annotations

import shutil
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from koltrust.content.schemas import FindingOut
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from koltrust.screening.source import RulebookSource
from koltrust.web import i18n
from koltrust.web.routes_check import Numbered, marked_text
from tests.web.helpers import post_form
from tests.web.live_server import CHROMIUM, CHROMIUM_ARGS, live_server

MAX_CHARS = 300
# a fixed place, so that people reviewing the page can look at the latest screenshots
SHOTS = Path("/tmp/koltrust-shots")  # noqa: S108
CURE_POST = (
    "Trà thảo mộc tốt nhất, chữa khỏi ung thư sau 1 tháng! Mua tại https://shopee.vn/tra-xanh"
)

RULEBOOK = """\
version: "test.1"
taxonomy: taxonomy.yaml
rules: [rules/*.yaml]
"""
TAXONOMY = """\
- {code: prohibited_health_claim, vi: Tuyên bố sức khỏe bị cấm, en: Prohibited health claim}
- {code: undisclosed_advertising, vi: Quảng cáo không công khai, en: Undisclosed advertising}
- {code: unsupported_superlative, vi: Dùng từ "nhất" không có căn cứ, en: Unsupported superlative}
"""
RULE = """\
- id: {id}
  version: 1
  category: {category}
  severity: {severity}
  status: {status}
  languages: [vi]
  reviewed: 2026-11-23
  legal_basis: {{citation: "{citation}", url: "https://thuvienphapluat.vn/{slug}"}}
  explanation: {{vi: "{explanation_vi}", en: "{explanation_en}"}}
  remedy: {{vi: "{remedy_vi}", en: "{remedy_en}"}}
  when: {when}
  examples: {{positive: ["{positive}"], negative: ["Bác sĩ khuyên nên đi khám định kỳ"]}}
"""
RULES = [
    {
        "id": "vi.health.cure_claim",
        "category": "prohibited_health_claim",
        "severity": "high",
        "status": "active",
        "citation": "Nghị định 15/2018/NĐ-CP, Điều 27",
        "slug": "nd-15-2018",
        "explanation_vi": "Thực phẩm không được quảng cáo là chữa khỏi bệnh.",
        "explanation_en": "Food may not be advertised as curing a disease.",
        "remedy_vi": "Bỏ câu hứa chữa khỏi bệnh.",
        "remedy_en": "Remove the promise to cure a disease.",
        "when": '{phrases: ["chữa khỏi"]}',
        "positive": "Uống 2 viên chữa khỏi tiểu đường",
    },
    {
        "id": "vi.health.cancer",
        "category": "prohibited_health_claim",
        "severity": "medium",
        "status": "active",
        "citation": "Luật Quảng cáo 2012, Điều 8",
        "slug": "luat-quang-cao",
        "explanation_vi": "Không được nói sản phẩm trị ung thư.",
        "explanation_en": "Do not claim that a product treats cancer.",
        "remedy_vi": "Bỏ nhắc tới ung thư.",
        "remedy_en": "Remove the mention of cancer.",
        "when": '{phrases: ["khỏi ung thư"]}',
        "positive": "uống là khỏi ung thư",
    },
    {
        "id": "vi.ads.undisclosed_shop_link",
        "category": "undisclosed_advertising",
        "severity": "medium",
        "status": "active",
        "citation": "Luật Quảng cáo sửa đổi 2025, Điều 15a",
        "slug": "luat-qc-2025",
        "explanation_vi": "Bài có liên kết bán hàng nhưng không ghi rõ là quảng cáo.",
        "explanation_en": "The post links to a shop but does not say it is an advertisement.",
        "remedy_vi": "Ghi Quảng cáo ở đầu bài hoặc bật nhãn hợp tác trả phí.",
        "remedy_en": "Write Advertisement at the start or turn on the paid-partnership label.",
        "when": (
            "{all: [{link_domains: [shopee.vn]},"
            ' {none: [{paid_partnership: true}, {phrases: ["quảng cáo"]}]}]}'
        ),
        "positive": "Mua tại https://shopee.vn/abc",
    },
    {
        "id": "vi.superlative.best",
        "category": "unsupported_superlative",
        "severity": "low",
        "status": "shadow",
        "citation": "Nghị định 38/2021/NĐ-CP, Điều 34",
        "slug": "nd-38-2021",
        "explanation_vi": "Từ tốt nhất cần có căn cứ.",
        "explanation_en": "A superlative needs evidence.",
        "remedy_vi": "Nêu nguồn hoặc bỏ từ nhất.",
        "remedy_en": "Cite a source or drop the superlative.",
        "when": '{phrases: ["tốt nhất"]}',
        "positive": "kem tốt nhất",
    },
]


def write_rulebook(folder: Path) -> Path:
    """A four-rule rulebook (one of them shadow) in ``folder``."""
    (folder / "rules").mkdir(parents=True)
    (folder / "rulebook.yaml").write_text(RULEBOOK, encoding="utf-8")
    (folder / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    rules = "".join(RULE.format(**rule) for rule in RULES)
    (folder / "rules" / "test.yaml").write_text(rules, encoding="utf-8")
    return folder


@pytest.fixture
def small_rulebook(app: FastAPI, tmp_path: Path) -> Path:
    """The app screens with the small rulebook, up to MAX_CHARS characters."""
    folder = write_rulebook(tmp_path / "rulebook")
    app.state.screening = RulebookSource(folder, max_chars=MAX_CHARS)
    return folder


class Marks(HTMLParser):
    """The text of every <mark> of a page, by the finding numbers it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[tuple[str, str]] = []
        self.classes: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            values = dict(attrs)
            self._open = values.get("data-findings") or ""
            self.classes.append(values.get("class") or "")
            self.pieces.append((self._open, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            numbers, text = self.pieces[-1]
            self.pieces[-1] = (numbers, text + data)

    def by_finding(self) -> dict[str, str]:
        """Each finding's marked text, its pieces joined in order."""
        joined: dict[str, str] = defaultdict(str)
        for numbers, text in self.pieces:
            for number in numbers.split():
                joined[number] += text
        return dict(joined)


def marks_of(html: str) -> Marks:
    """The marks found in ``html``."""
    parser = Marks()
    parser.feed(html)
    return parser


def check(client: TestClient, text: str, page: str = "/check", **fields: str) -> Response:
    """Submit the check form with ``text`` and any other fields."""
    return post_form(client, "/check", {"text": text, **fields}, page=page)


def test_the_page_is_open_to_anonymous_visitors(client: TestClient) -> None:
    response = client.get("/check")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Kiểm tra bài đăng</h1>" in html
    assert '<a href="/check" aria-current="page">Kiểm tra bài đăng</a>' in html
    assert '<label for="text">Nội dung bài đăng</label>' in html
    assert 'name="csrf_token"' in html
    assert '<option value="auto">Tự động nhận diện</option>' in html
    assert "Đã bật nhãn" in html


def test_a_post_without_the_form_token_is_refused(client: TestClient) -> None:
    response = client.post("/check", data={"text": "chữa khỏi"})
    assert response.status_code == 403


@pytest.mark.usefixtures("small_rulebook")
def test_marks_hold_the_exact_characters_of_each_span(client: TestClient) -> None:
    response = check(client, CURE_POST)
    assert response.status_code == 200
    marks = marks_of(response.text)
    assert marks.by_finding() == {
        "1": "chữa khỏi",
        "2": "khỏi ung thư",
        "3": "https://shopee.vn/tra-xanh",
    }
    # the overlap is cut into pieces, each marked with every finding that covers it
    assert [text for _, text in marks.pieces[:3]] == ["chữa ", "khỏi", " ung thư"]
    assert marks.pieces[1][0] == "1 2"
    assert marks.classes[:3] == ["sev sev-high", "sev sev-high sev-overlap", "sev sev-medium"]
    # a visible number where each problem starts; screen readers hear where it starts and ends
    assert (
        '<span class="visually-hidden">[Vấn đề 2, Trung bình:] </span>'
        '<span class="mark-num sev-medium" aria-hidden="true">2</span>'
        '<mark class="sev sev-high sev-overlap" data-findings="1 2"' in response.text
    )
    assert '<span class="visually-hidden"> [hết vấn đề 1]</span>' in response.text


@pytest.mark.usefixtures("small_rulebook")
def test_findings_are_listed_in_order_with_basis_remedy_and_rule(client: TestClient) -> None:
    html = check(client, CURE_POST).text
    assert (
        html.index('id="finding-1"') < html.index('id="finding-2"') < html.index('id="finding-3"')
    )
    assert "<strong>Tìm thấy 3 vấn đề</strong>: 1 mức cao, 2 mức trung bình" in html
    assert "Thực phẩm không được quảng cáo là chữa khỏi bệnh." in html
    assert "<strong>Cách sửa:</strong> Bỏ câu hứa chữa khỏi bệnh." in html
    assert (
        '<a href="https://thuvienphapluat.vn/nd-15-2018" rel="noopener" target="_blank">'
        "Nghị định 15/2018/NĐ-CP, Điều 27" in html
    )
    assert "Quy tắc vi.health.cure_claim, phiên bản 1 · bộ quy tắc test.1" in html
    assert "Mức độ: Cao" in html
    assert "Ngôn ngữ của bài đăng: <strong>Tiếng Việt</strong> (tự động nhận diện" in html


@pytest.mark.usefixtures("small_rulebook")
def test_shadow_findings_are_shown_apart_and_not_counted(client: TestClient) -> None:
    html = check(client, CURE_POST).text
    shadow = html[html.index("Thử nghiệm (không tính)") :]
    assert "Từ tốt nhất cần có căn cứ." in shadow
    assert "Từ tốt nhất cần có căn cứ." not in html[: html.index("Thử nghiệm (không tính)")]
    assert "tốt nhất" not in marks_of(html).by_finding().values()
    assert "Tìm thấy 3 vấn đề" in html


@pytest.mark.usefixtures("small_rulebook")
def test_html_in_the_post_is_escaped(client: TestClient) -> None:
    response = check(client, "<script>alert(1)</script> chữa khỏi ung thư")
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; " in html
    assert marks_of(html).by_finding()["1"] == "chữa khỏi"


@pytest.mark.usefixtures("small_rulebook")
def test_a_clean_post_gets_a_positive_message(client: TestClient) -> None:
    html = check(client, "Hôm nay trời đẹp, cả nhà đi dạo công viên.", language="vi").text
    assert "Không phát hiện vấn đề nào" in html
    assert "Rất tốt!" in html
    assert "<mark" not in html
    assert "(theo lựa chọn của bạn)" in html


@pytest.mark.usefixtures("small_rulebook")
def test_a_link_given_apart_is_a_finding_without_a_mark(client: TestClient) -> None:
    html = check(client, "Trà xanh thơm ngon", links="\nhttps://shopee.vn/tra\n").text
    assert "Tìm thấy 1 vấn đề" in html
    assert "Vấn đề này liên quan đến toàn bộ bài đăng hoặc các liên kết của bài." in html
    assert "<mark" not in html
    assert '<textarea id="links"' in html
    assert ">https://shopee.vn/tra</textarea>" in html


@pytest.mark.usefixtures("small_rulebook")
def test_the_paid_partnership_label_counts_as_disclosure(client: TestClient) -> None:
    html = check(client, "Mua tại https://shopee.vn/tra", paid_partnership="on").text
    assert "Không phát hiện vấn đề nào" in html
    assert 'name="paid_partnership" aria-describedby="paid-help" checked' in html


@pytest.mark.usefixtures("small_rulebook")
def test_empty_text_is_an_error_beside_the_field(client: TestClient) -> None:
    response = check(client, "   \r\n ", platform="tiktok")
    assert response.status_code == 422
    html = response.text
    assert (
        '<p class="field-error" id="text-error">Hãy dán nội dung bài đăng để kiểm tra.</p>' in html
    )
    assert 'aria-describedby="text-help text-error" aria-invalid="true"' in html
    assert '<option value="tiktok" selected>' in html


@pytest.mark.usefixtures("small_rulebook")
def test_too_long_text_names_the_limit_and_keeps_the_text(client: TestClient) -> None:
    text = "chữa khỏi " + "a" * MAX_CHARS
    response = check(client, text)
    assert response.status_code == 413
    html = response.text
    assert "Bài đăng quá dài: giới hạn là 300 ký tự." in html
    assert f">{text}</textarea>" in html
    assert "<mark" not in html


@pytest.mark.usefixtures("small_rulebook")
def test_an_unknown_platform_is_an_error_beside_its_field(client: TestClient) -> None:
    response = check(client, "chữa khỏi", platform="myspace")
    assert response.status_code == 422
    assert '<p class="field-error" id="platform-error">Hãy chọn một nền tảng' in response.text


@pytest.mark.usefixtures("small_rulebook")
def test_the_english_page_explains_in_english(client: TestClient) -> None:
    html = check(client, CURE_POST, page="/check?lang=en").text
    assert '<html lang="en">' in html
    assert "<strong>3 problems found</strong>: 1 high, 2 medium" in html
    assert "Food may not be advertised as curing a disease." in html
    assert "Thực phẩm không được quảng cáo" not in html
    assert "<strong>How to fix:</strong> Remove the promise to cure a disease." in html
    assert "Prohibited health claim" in html
    assert "Experimental (not counted)" in html
    assert "Severity: High" in html
    # the post itself is never translated
    assert marks_of(html).by_finding()["1"] == "chữa khỏi"


def test_the_shipped_rulebook_runs_on_the_page(client: TestClient) -> None:
    try:
        load_rulebook(default_rulebook_path())
    except Exception as error:
        pytest.skip(f"the shipped rulebook does not load yet: {error}")
    response = check(client, "Uống trà này chữa khỏi tiểu đường! Mua tại https://shopee.vn/tra")
    assert response.status_code == 200
    assert '<h2 id="results-title"' in response.text


def _numbered(number: int, severity: str, *spans: tuple[int, int]) -> Numbered:
    finding = FindingOut(
        rule_id=f"vi.test.rule{number}",
        rule_version=1,
        rulebook_version="t",
        category="scam",
        category_label={"vi": "Lừa đảo", "en": "Scam"},
        severity=severity,
        confidence=0.8,
        spans=list(spans),
        excerpt="",
        explanation={"vi": "v", "en": "e"},
        remedy={"vi": "v", "en": "e"},
        legal_basis={"citation": "c", "url": "https://example.org"},
        shadow=False,
        source="rules",
        dsa_category=None,
    )
    return Numbered(number, finding, ())


def test_nested_overlapping_and_outside_spans_are_cut_and_escaped() -> None:
    text = "a<b>cdefgh&"
    findings = [
        _numbered(1, "low", (1, 8)),
        _numbered(2, "critical", (3, 5), (9, 40)),
        _numbered(3, "info", (6, 6), (-5, 2)),
    ]
    with i18n.use_locale("en"):
        html = str(marked_text(text, findings))
    marks = marks_of(html)
    assert marks.pieces == [
        ("3", "a"),
        ("1 3", "<"),
        ("1", "b"),
        ("1 2", ">c"),
        ("1", "def"),
        ("2", "h&"),
    ]
    assert "&lt;b&gt;" not in html  # the pieces are cut apart, each escaped on its own
    assert "a</mark>" in html
    assert '<mark class="sev sev-high' not in html
    assert 'class="sev sev-critical sev-overlap" data-findings="1 2"' in html
    assert "[Problem 2, Critical:]" in html


def _submit(page: Any, text: str, button: str) -> None:
    page.fill("#text", text)
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("#results-title")


def _save_shot(page: Any, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOTS / name)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM}")
def test_a_browser_checks_a_post_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("KOLTRUST_RULEBOOK_PATH", str(write_rulebook(tmp_path / "rulebook")))
    with live_server(tmp_path) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(f"{server.url}/check")
            _submit(page, CURE_POST, "Kiểm tra bài đăng")
            marks = page.locator(".marked-text mark")
            sync_api.expect(marks.first).to_be_visible()
            assert marks.all_text_contents() == [
                "chữa ",
                "khỏi",
                " ung thư",
                "https://shopee.vn/tra-xanh",
            ]
            assert page.evaluate("document.activeElement.id") == "results-title"
            explanation = page.get_by_text("Thực phẩm không được quảng cáo là chữa khỏi bệnh.")
            sync_api.expect(explanation).to_be_visible()
            _save_shot(page, tmp_path, "check-vi.png")

            page.goto(f"{server.url}/check?lang=en")
            _submit(page, CURE_POST, "Check the post")
            sync_api.expect(page.get_by_text("Food may not be advertised")).to_be_visible()
            sync_api.expect(page.locator(".summary")).to_contain_text("3 problems found")
            _save_shot(page, tmp_path, "check-en.png")
        finally:
            browser.close()
    assert (SHOTS / "check-vi.png").stat().st_size > 0
