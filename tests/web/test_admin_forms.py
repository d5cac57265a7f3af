"""Admin forms: registering influencers and organisations, accounts, membership moves."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Role
from koltrust.config import Settings
from koltrust.registry.models import Influencer, MembershipStatus, Organisation, VerificationLevel
from koltrust.registry.schemas import IdentityVerificationIn
from koltrust.registry.service import verify_identity
from tests.factories import make_influencer, make_organisation, make_user
from tests.web.helpers import post_form, sign_in

NEW = "/influencers/new"


def _influencer_form(**fields: object) -> dict[str, object]:
    return {
        "display_name": "Phạm Hồng Nhung",
        "niche": "food",
        "province": "da-nang",
        "languages": ["vi", "en"],
        "bio": "Ẩm thực miền Trung.",
        "account_platform": "tiktok",
        "account_handle": "nhung.an",
        "account_followers": "5400",
    } | fields


def _count(session: Session, model: type[Influencer] | type[Organisation]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_anonymous_visitor_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get(NEW, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Finfluencers%2Fnew"


def test_signed_in_analyst_may_not_open_the_form(client: TestClient, session: Session) -> None:
    sign_in(client, make_user(session, Role.ANALYST))
    response = client.get(NEW)
    assert response.status_code == 403
    assert "Không được phép" in response.text


def test_admin_registers_an_influencer_through_the_form(
    admin_client: TestClient, session: Session
) -> None:
    response = post_form(admin_client, NEW, _influencer_form(), page=NEW)
    assert response.status_code == 303
    assert response.headers["location"] == "/influencers/pham-hong-nhung"
    profile = admin_client.get(response.headers["location"]).text
    assert "Đã đăng ký người có ảnh hưởng." in profile
    assert "@nhung.an" in profile
    stored = session.scalars(select(Influencer).where(Influencer.slug == "pham-hong-nhung")).one()
    assert stored.languages == ["vi", "en"]
    assert stored.accounts[0].followers == 5400


def test_bad_province_re_renders_the_form_with_the_message(
    admin_client: TestClient, session: Session
) -> None:
    before = _count(session, Influencer)
    response = post_form(admin_client, NEW, _influencer_form(province="atlantis"), page=NEW)
    assert response.status_code == 422
    html = response.text
    assert 'id="province-error">Hãy chọn một tỉnh hoặc thành phố trong danh sách.' in html
    assert 'aria-describedby="province-error"' in html
    assert 'value="Phạm Hồng Nhung"' in html
    assert _count(session, Influencer) == before


def test_duplicate_handle_re_renders_the_form_and_stores_nothing(
    admin_client: TestClient, session: Session
) -> None:
    make_influencer(session, accounts=[{"platform": "tiktok", "handle": "nhung.an"}])
    before = _count(session, Influencer)
    response = post_form(admin_client, NEW, _influencer_form(account_handle="@Nhung.An"), page=NEW)
    assert response.status_code == 409
    message = "Tên tài khoản này đã được đăng ký cho một người có ảnh hưởng khác."
    assert f'id="account_handle-error">{message}' in response.text
    assert _count(session, Influencer) == before
    assert session.scalar(select(Influencer).where(Influencer.slug == "pham-hong-nhung")) is None


def test_missing_name_and_language_are_both_reported(admin_client: TestClient) -> None:
    response = post_form(
        admin_client, NEW, _influencer_form(display_name="", languages=[]), page=NEW
    )
    assert response.status_code == 422
    assert 'id="display_name-error"' in response.text
    assert 'id="languages-error"' in response.text


def test_form_without_csrf_token_is_refused(admin_client: TestClient, session: Session) -> None:
    before = _count(session, Influencer)
    response = admin_client.post(NEW, data=_influencer_form())
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.text
    assert _count(session, Influencer) == before


def test_form_with_a_wrong_csrf_token_is_refused(admin_client: TestClient) -> None:
    response = admin_client.post(NEW, data={**_influencer_form(), "csrf_token": "forged"})
    assert response.status_code == 403


def test_admin_adds_an_account_on_the_profile(admin_client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    path = f"/influencers/{influencer.slug}"
    data = {"account_platform": "youtube", "account_handle": "ThuHaTV", "account_followers": "12"}
    response = post_form(admin_client, f"{path}/accounts", data, page=path)
    assert response.status_code == 303
    assert "@ThuHaTV" in admin_client.get(path).text


def test_adding_a_taken_handle_shows_the_message_on_the_profile(
    admin_client: TestClient, session: Session
) -> None:
    make_influencer(session, display_name="Khác", accounts=[{"platform": "x", "handle": "taken"}])
    influencer = make_influencer(session)
    path = f"/influencers/{influencer.slug}"
    data = {"account_platform": "x", "account_handle": "taken"}
    response = post_form(admin_client, f"{path}/accounts", data, page=path)
    assert response.status_code == 409
    assert "Tên tài khoản này đã được đăng ký" in response.text
    assert '<details class="panel" open>' in response.text


def test_profile_offers_only_the_moves_allowed_from_the_current_state(
    admin_client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    path = f"/influencers/{influencer.slug}"
    html = admin_client.get(path).text
    assert 'value="admit"' in html
    assert 'value="suspend"' not in html
    response = post_form(admin_client, f"{path}/membership", {"action": "admit"}, page=path)
    assert response.status_code == 303
    html = admin_client.get(path).text
    assert 'value="admit"' not in html
    assert 'value="suspend"' in html
    assert 'id="reason-suspend"' in html
    assert 'id="reason-expel"' in html


def test_suspending_needs_a_reason(admin_client: TestClient, session: Session) -> None:
    influencer = make_influencer(session)
    path = f"/influencers/{influencer.slug}"
    post_form(admin_client, f"{path}/membership", {"action": "admit"}, page=path)
    refused = post_form(
        admin_client, f"{path}/membership", {"action": "suspend", "reason": " "}, page=path
    )
    assert refused.status_code == 422
    assert 'id="reason-error"' in refused.text
    done = post_form(
        admin_client,
        f"{path}/membership",
        {"action": "suspend", "reason": "Quảng cáo không ghi nhãn"},
        page=path,
    )
    assert done.status_code == 303
    session.expire_all()
    stored = session.scalars(select(Influencer).where(Influencer.slug == influencer.slug)).one()
    assert stored.membership is not None
    assert stored.membership.status is MembershipStatus.SUSPENDED


def test_a_move_not_allowed_from_the_state_is_a_409_on_the_profile(
    admin_client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    path = f"/influencers/{influencer.slug}"
    response = post_form(admin_client, f"{path}/membership", {"action": "reinstate"}, page=path)
    assert response.status_code == 409
    assert "Không thể thực hiện thay đổi này" in response.text


def test_admin_registers_an_organisation(admin_client: TestClient, session: Session) -> None:
    page = "/organisations/new"
    data = {"name": "Công ty CP Mây Xanh", "kind": "agency", "tax_code": "0109998887"}
    response = post_form(admin_client, page, data, page=page)
    assert response.status_code == 303
    listing = admin_client.get(response.headers["location"]).text
    assert "Công ty CP Mây Xanh" in listing
    assert "Đã đăng ký tổ chức." in listing


def test_organisation_with_a_taken_tax_code_is_refused(
    admin_client: TestClient, session: Session
) -> None:
    make_organisation(session)
    before = _count(session, Organisation)
    page = "/organisations/new"
    data = {"name": "Trùng Mã", "kind": "business", "tax_code": "0312345678"}
    response = post_form(admin_client, page, data, page=page)
    assert response.status_code == 409
    assert 'id="tax_code-error">Mã số thuế này đã được đăng ký' in response.text
    assert _count(session, Organisation) == before


def test_organisation_with_a_malformed_tax_code_is_refused(admin_client: TestClient) -> None:
    page = "/organisations/new"
    data = {"name": "Sai Mã", "kind": "business", "tax_code": "12-34"}
    response = post_form(admin_client, page, data, page=page)
    assert response.status_code == 422
    assert 'id="tax_code-error">Mã số thuế gồm 10 chữ số' in response.text


def test_an_unknown_membership_action_is_refused(
    admin_client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    path = f"/influencers/{influencer.slug}"
    response = post_form(admin_client, f"{path}/membership", {"action": "promote"}, page=path)
    assert response.status_code == 422
    assert influencer.membership is None


def test_only_those_allowed_see_the_last_digits_of_the_identity_number(
    client: TestClient, session: Session, settings: Settings
) -> None:
    influencer = make_influencer(session)
    verify_identity(
        session,
        actor=SYSTEM,
        slug=influencer.slug,
        data=IdentityVerificationIn(level=VerificationLevel.NATIONAL_ID, id_number="079196004512"),
        key=settings.identity_hash_key(),
    )
    session.commit()
    path = f"/influencers/{influencer.slug}"
    public = client.get(path).text
    assert "Căn cước công dân" in public
    assert "4512" not in public
    sign_in(client, make_user(session, Role.ADMIN))
    private = client.get(path).text
    assert "Số có bốn chữ số cuối là 4512" in private
    assert "0791960" not in private
