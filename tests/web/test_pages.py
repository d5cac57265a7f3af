"""Public pages: home, directory, profile, organisations, errors."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from koltrust.registry.models import Influencer
from tests.factories import make_influencer, make_organisation


def _admit(session: Session, influencer: Influencer) -> None:
    change_influencer_membership(
        session,
        actor=SYSTEM,
        slug=influencer.slug,
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    session.commit()


def _seed_directory(session: Session) -> None:
    ha = make_influencer(
        session,
        display_name="Nguyễn Thu Hà",
        accounts=[{"platform": "tiktok", "handle": "thuha.beauty", "followers": 1240000}],
    )
    _admit(session, ha)
    make_influencer(
        session,
        display_name="Trương Minh Đức",
        niche="technology",
        province="ho-chi-minh",
        languages=["vi", "en"],
        accounts=[{"platform": "youtube", "handle": "DucTech", "followers": 845000}],
    )


def test_pages_are_utf8_html_with_the_document_language(client: TestClient) -> None:
    response = client.get("/")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in response.text
    assert '<html lang="vi">' in response.text
    assert '<main id="main"' in response.text


def test_home_shows_counts_and_a_search_box(client: TestClient, session: Session) -> None:
    _seed_directory(session)
    make_organisation(session)
    html = client.get("/").text
    assert "<strong>2</strong> người có ảnh hưởng đã đăng ký" in html
    assert "<strong>1</strong> thành viên liên minh" in html
    assert "<strong>1</strong> tổ chức" in html
    assert 'action="/influencers"' in html


def test_directory_finds_a_vietnamese_name_typed_without_diacritics(
    client: TestClient, session: Session
) -> None:
    _seed_directory(session)
    html = client.get("/influencers", params={"q": "nguyen thu ha"}).text
    assert "Nguyễn Thu Hà" in html
    assert "Trương Minh Đức" not in html
    assert "Tìm thấy 1 người có ảnh hưởng" in html


def test_directory_cards_show_labels_formatted_followers_and_status(
    client: TestClient, session: Session
) -> None:
    _seed_directory(session)
    html = client.get("/influencers", params={"q": "thu ha"}).text
    assert "Làm đẹp" in html
    assert "Hà Nội" in html
    assert "TikTok" in html
    assert "1.240.000" in html
    assert '<span class="badge badge-member">Thành viên</span>' in html


def test_directory_filters_by_niche_province_platform_language_and_status(
    client: TestClient, session: Session
) -> None:
    _seed_directory(session)
    cases = {
        "niche": ("technology", "Trương Minh Đức"),
        "province": ("ho-chi-minh", "Trương Minh Đức"),
        "platform": ("tiktok", "Nguyễn Thu Hà"),
        "language": ("en", "Trương Minh Đức"),
        "membership": ("member", "Nguyễn Thu Hà"),
    }
    others = {"Trương Minh Đức": "Nguyễn Thu Hà", "Nguyễn Thu Hà": "Trương Minh Đức"}
    for name, (value, expected) in cases.items():
        html = client.get("/influencers", params={name: value, "partial": "1"}).text
        assert expected in html, name
        assert others[expected] not in html, name


def test_directory_lists_influencers_who_are_not_members(
    client: TestClient, session: Session
) -> None:
    _seed_directory(session)
    html = client.get("/influencers", params={"membership": "none", "partial": "1"}).text
    assert "Trương Minh Đức" in html
    assert "Nguyễn Thu Hà" not in html


def test_directory_partial_is_only_the_results(client: TestClient, session: Session) -> None:
    _seed_directory(session)
    for response in (
        client.get("/influencers", params={"partial": "1"}),
        client.get("/influencers", headers={"HX-Request": "true"}),
    ):
        assert "<html" not in response.text
        assert "Nguyễn Thu Hà" in response.text


def test_directory_paginates_and_keeps_the_filters(client: TestClient, session: Session) -> None:
    for number in range(3):
        make_influencer(session, display_name=f"Lê Văn An {number}")
    html = client.get("/influencers", params={"q": "le van", "per_page": 2}).text
    assert "Trang 1 / 2" in html
    assert 'href="/influencers?q=le+van&amp;per_page=2&amp;page=2"' in html
    page_two = client.get("/influencers", params={"q": "le van", "per_page": 2, "page": 2}).text
    assert "Lê Văn An 2" in page_two
    assert "Lê Văn An 0" not in page_two


def test_directory_with_an_unknown_filter_value_is_a_422_page(client: TestClient) -> None:
    response = client.get("/influencers", params={"niche": "astrology"})
    assert response.status_code == 422
    assert "Dữ liệu không hợp lệ" in response.text


def test_profile_shows_accounts_status_and_pledge(client: TestClient, session: Session) -> None:
    _seed_directory(session)
    html = client.get("/influencers/nguyen-thu-ha").text
    assert "<h1>Nguyễn Thu Hà</h1>" in html
    assert "@thuha.beauty" in html
    assert 'href="https://www.tiktok.com/@thuha.beauty"' in html
    assert "1.240.000" in html
    assert "Thành viên" in html
    assert "Phiên bản 2025.1" in html
    assert "Chưa xác minh" in html


def test_profile_hides_admin_tools_from_visitors(client: TestClient, session: Session) -> None:
    _seed_directory(session)
    html = client.get("/influencers/nguyen-thu-ha").text
    assert "/membership" not in html
    assert "/accounts" not in html
    assert "csrf_token" not in html


def test_unknown_profile_is_a_404_page(client: TestClient) -> None:
    response = client.get("/influencers/khong-co-ai")
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Không tìm thấy trang" in response.text
    assert "No influencer with slug" in response.text


def test_unknown_path_is_a_404_page_and_the_api_stays_json(client: TestClient) -> None:
    assert "Không tìm thấy trang" in client.get("/khong-ton-tai").text
    api = client.get("/api/v1/influencers/khong-co-ai")
    assert api.headers["content-type"].startswith("application/problem+json")


def test_organisations_filter_by_kind_and_name(client: TestClient, session: Session) -> None:
    make_organisation(session)
    make_organisation(session, name="Báo Tuổi Trẻ Số", kind="media_outlet", tax_code="0301234567")
    html = client.get("/organisations", params={"kind": "media_outlet"}).text
    assert "Báo Tuổi Trẻ Số" in html
    assert "Công ty TNHH Sen Việt" not in html
    assert "Cơ quan báo chí" in html
    by_name = client.get("/organisations", params={"q": "sen viet"}).text
    assert "Công ty TNHH Sen Việt" in by_name
    assert "Báo Tuổi Trẻ Số" not in by_name


def test_pages_send_a_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert "fetch(" in client.get("/static/app.js").text


def test_browsing_without_a_form_sets_no_cookie(client: TestClient) -> None:
    assert "set-cookie" not in client.get("/").headers
    assert "set-cookie" not in client.get("/influencers").headers


def test_wrong_method_is_an_html_405_page(client: TestClient) -> None:
    response = client.post("/organisations")
    assert response.status_code == 405
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_unexpected_failure_is_an_html_500_page_without_internals(app: FastAPI) -> None:
    def explode() -> None:
        raise RuntimeError("secret internal state")

    app.add_api_route("/explode", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/explode")
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Đã có lỗi xảy ra" in response.text
    assert "secret internal state" not in response.text
