"""The public side of the trust index: the profile's criteria label, the evidence pages and
what they never show, the PDF report, and the states without a score."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from koltrust.api.app import create_app
from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.scoring.compute import compute
from koltrust.scoring.facts import Facts, VerificationLevel
from koltrust.scoring.methodology import default_methodology
from koltrust.trust.bands import BAND_COLOURS
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.repository import current_score, save_score
from koltrust.web.app import STATIC_DIR
from tests.factories import make_influencer
from tests.trust.pdf_text import pdf_text
from tests.trust.world import NAME, POST_TEXT, SECRETS, SPAN, TrustWorld, build_world

EVIDENCE_HREF = re.compile(r'href="(/evidence/[a-z]+/\d+)"')


@pytest.fixture
def world(session: Session) -> TrustWorld:
    return build_world(session)


def _profile(client: TestClient, world: TrustWorld, lang: str = "vi") -> str:
    response = client.get(f"/influencers/{world.influencer.slug}?lang={lang}")
    assert response.status_code == 200
    page: str = response.text
    return page


def test_the_criteria_label_adds_up_to_the_total(client: TestClient, world: TrustWorld) -> None:
    page = _profile(client, world)
    points = [int(p) for p in re.findall(r'<span class="points">(\d+)</span>', page)]
    assert len(points) == 11  # every criterion of the methodology
    shown_total = re.search(r'<span class="score-number">(\d+)</span>', page)
    assert shown_total is not None
    assert int(shown_total.group(1)) == sum(points) == world.total
    assert f'<strong class="criteria-sum">{world.total}</strong>' in page
    assert "Bảng tiêu chí" in page
    assert "Công khai quảng cáo" in page
    assert "Khoảng tin cậy 90%" in page


def test_every_evidence_link_opens_and_shows_nothing_private(
    client: TestClient, world: TrustWorld
) -> None:
    links = sorted(set(EVIDENCE_HREF.findall(_profile(client, world))))
    expected = {
        f"/evidence/case/{world.decided_case}",
        f"/evidence/sanction/{world.sanction}",
        f"/evidence/post/{world.cited_post}",
        f"/evidence/report/{world.report}",
        f"/evidence/correction/{world.correction}",
        f"/evidence/campaign/{world.campaign}",
        f"/evidence/snapshot/{world.snapshot}",
    }
    assert expected <= set(links)
    pages = {link: client.get(link) for link in links}
    # and one level further: the posts and cases those pages link to
    for response in list(pages.values()):
        for link in EVIDENCE_HREF.findall(response.text):
            pages.setdefault(link, client.get(link))
    assert f"/evidence/post/{world.violating_post}" in pages
    for link, response in pages.items():
        assert response.status_code == 200, link
        leaked = [name for name, secret in SECRETS.items() if secret in response.text]
        assert leaked == [], f"{link} shows {leaked}"


def test_evidence_pages_speak_vietnamese_first(client: TestClient, world: TrustWorld) -> None:
    page = client.get(f"/evidence/case/{world.decided_case}").text
    assert "<h1>Vụ việc đã quyết định <span" in page
    assert "Có vi phạm" in page


def test_a_case_page_shows_the_decision_and_the_sanction(
    client: TestClient, world: TrustWorld
) -> None:
    page = client.get(f"/evidence/case/{world.decided_case}?lang=en").text
    assert "Decided case" in page
    assert NAME in page
    assert "Violation" in page
    assert "High" in page
    assert f'href="/evidence/sanction/{world.sanction}"' in page
    assert f'href="/evidence/post/{world.violating_post}"' in page
    assert "Statement of reasons" in page  # the notice's structured grounds


def test_a_post_page_marks_what_screening_found(client: TestClient, world: TrustWorld) -> None:
    page = client.get(f"/evidence/post/{world.violating_post}").text
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", page, re.S)
    assert marked is not None
    assert POST_TEXT[SPAN[0] : SPAN[1]] in marked.group(1)
    assert f'href="/evidence/case/{world.decided_case}"' in page
    assert 'href="https://www.tiktok.com/@ngocanh.skincare"' in page


def test_a_cited_post_says_screening_saw_commercial_signals(
    client: TestClient, world: TrustWorld
) -> None:
    page = client.get(f"/evidence/post/{world.cited_post}").text
    assert "<dt>Dấu hiệu thương mại</dt><dd>Có, chẳng hạn đường dẫn mua hàng" in page
    other = client.get(f"/evidence/post/{world.violating_post}").text
    assert "<dt>Dấu hiệu thương mại</dt><dd>Không thấy</dd>" in other


@pytest.mark.parametrize(
    "path",
    [
        "/evidence/case/{open_case}",  # still open: nothing decided yet
        "/evidence/post/{open_case_post}",  # only an open case rests on it, no score cites it
        "/evidence/case/999999",
        "/evidence/post/0",
        "/evidence/case/abc",
        "/evidence/passport/1",
    ],
)
def test_evidence_that_is_unknown_or_not_public_is_not_found(
    client: TestClient, world: TrustWorld, path: str
) -> None:
    response = client.get(
        path.format(open_case=world.open_case, open_case_post=world.open_case_post)
    )
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in response.text
    assert SECRETS["open_note"] not in response.text


def test_the_history_chart_is_inline_svg_with_a_text_alternative(
    client: TestClient, world: TrustWorld
) -> None:
    page = _profile(client, world, "en")
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group()
    assert "<title" in svg.group()
    assert "<desc" in svg.group()
    # the CSP forbids inline styles: the chart must carry none
    assert "style=" not in svg.group()
    assert "<style" not in svg.group()
    assert re.search(r"<figcaption[^>]*>\d+ score change\(s\) from ", page)
    assert "Score history as a table" in page


def test_the_page_speaks_english_with_the_reasons_rendered(
    client: TestClient, world: TrustWorld
) -> None:
    page = _profile(client, world, "en")
    assert "Criteria label" in page
    assert "Advertising disclosed" in page
    assert "6 of 7 commercial posts disclosed as advertising" in page
    assert "Download due-diligence report (PDF)" in page
    assert f"/badge/{world.influencer.slug}.svg" in page


def test_an_influencer_without_a_score_says_so(client: TestClient, session: Session) -> None:
    make_influencer(session, display_name="Lưu Hương Giang", niche="food")
    page = client.get("/influencers/luu-huong-giang").text
    assert "Chưa được chấm điểm." in page
    assert 'class="criteria-table"' not in page
    assert "<svg" not in page
    report = client.get("/influencers/luu-huong-giang/report.pdf")
    assert report.status_code == 200
    assert "Người này chưa được chấm điểm" in pdf_text(report.content).text


def test_unknown_slugs_get_the_404_page(client: TestClient) -> None:
    for path in ("/influencers/khong-co-ai", "/influencers/khong-co-ai/report.pdf"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")


def test_the_report_downloads_as_a_pdf_naming_the_influencer(
    client: TestClient, world: TrustWorld
) -> None:
    response = client.get(f"/influencers/{world.influencer.slug}/report.pdf?lang=en")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"koltrust-{world.influencer.slug}-" in disposition
    assert disposition.endswith('-en.pdf"')
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content).text
    assert NAME in text
    assert "INFLUENCER DUE-DILIGENCE REPORT" in text
    assert f"case:{world.decided_case}" in text
    assert f"{world.total} / 100" in text


def test_the_stylesheet_uses_the_band_colours_of_the_palette() -> None:
    css = (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    for code, colour in BAND_COLOURS.items():
        assert f".band-{code} {{ --band: {colour}; }}" in css


def _score_many(session: Session, count: int) -> None:
    methodology = default_methodology()
    now = utcnow()
    for n in range(count):
        influencer = make_influencer(
            session,
            display_name=f"Người thử {n:02d}",
            niche="food",
            province="da-nang",
            accounts=[{"platform": "youtube", "handle": f"thu{n:02d}", "followers": 1000 + n}],
        )
        facts = Facts(
            posts_total=30 + n,
            verification_level=VerificationLevel.NATIONAL_ID if n % 2 else VerificationLevel.NONE,
            active_since=now - timedelta(days=500),
            audience_authenticity=0.95,
        )
        save_score(
            session, influencer.id, compute(facts, now, methodology), "d", ScoreTrigger.IMPORT
        )
    session.commit()


def test_the_directory_lists_scores_best_first_and_pages_through(
    client: TestClient, session: Session
) -> None:
    _score_many(session, 23)
    make_influencer(session, display_name="Chưa Có Điểm", niche="food", province="da-nang")
    first = client.get("/directory?niche=food")
    assert first.status_code == 200
    totals = [
        int(t) for t in re.findall(r'<strong class="directory-total">(\d+)</strong>', first.text)
    ]
    assert len(totals) == 20
    assert totals == sorted(totals, reverse=True)
    assert "Tìm thấy 24 người có ảnh hưởng" in first.text
    assert 'href="/directory?niche=food&amp;page=2"' in first.text
    second = client.get("/directory?niche=food&page=2").text
    assert second.count('class="card"') == 4
    assert "Chưa Có Điểm" in second
    assert "Chưa chấm điểm" in second


def test_the_directory_filters_by_band_minimum_score_platform_and_text(
    client: TestClient, session: Session, world: TrustWorld
) -> None:
    _score_many(session, 4)
    page = client.get(f"/directory?band={_band_of(session, world)}&platform=tiktok").text
    assert NAME in page
    assert "Người thử" not in page
    high = client.get(f"/directory?min_score={world.total + 1}").text
    assert NAME not in high
    found = client.get("/directory?q=ngoc anh").text  # without diacritics, as people type
    assert NAME in found
    assert "Tìm thấy 1 người có ảnh hưởng" in found
    assert f'href="/influencers/{world.influencer.slug}/report.pdf?lang=vi"' in found


def _band_of(session: Session, world: TrustWorld) -> str:
    row = current_score(session, world.influencer.id)
    assert row is not None
    return row.band


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("min_score=abc", "min_score", "Nhập một số nguyên từ 0 đến 100."),
        ("min_score=101", "min_score", "Nhập một số nguyên từ 0 đến 100."),
        ("band=excellent", "band", "Hãy chọn mức xếp hạng trong danh sách."),
        ("niche=astrology", "niche", "Hãy chọn một lĩnh vực trong danh sách."),
        ("province=atlantis", "province", "Hãy chọn một tỉnh hoặc thành phố trong danh sách."),
        ("page=0", "page", "Không có trang kết quả này."),
    ],
)
def test_bad_directory_values_are_shown_on_the_form(
    client: TestClient, query: str, field: str, message: str
) -> None:
    response = client.get(f"/directory?{query}")
    assert response.status_code == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.text
    assert 'class="result-count"' not in response.text
    if field != "page":
        assert f'aria-describedby="{field}-error"' in response.text


def test_the_badge_snippet_and_report_links_use_the_public_address(
    settings: Settings, session_factory: sessionmaker[Session], world: TrustWorld
) -> None:
    public = settings.model_copy(update={"public_base_url": "https://koltrust.vn"})
    with TestClient(create_app(public, session_factory=session_factory)) as client:
        page = client.get(f"/influencers/{world.influencer.slug}").text
    # behind a proxy the request's own address would be wrong in a snippet pasted elsewhere
    assert f"https://koltrust.vn/badge/{world.influencer.slug}.svg" in page
    assert "http://testserver/badge" not in page
