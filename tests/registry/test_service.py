"""Registering and changing influencers and their accounts."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth import repository as users
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.auth.schemas import UserCreate
from koltrust.auth.service import actor_for, create_user
from koltrust.errors import Duplicate, NotFound, StaleVersion, ValidationFailed
from koltrust.registry import membership_service, organisation_service, service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange
from koltrust.registry.models import Account, Influencer, Membership, MembershipEvent
from koltrust.registry.schemas import (
    AccountIn,
    AccountUpdate,
    InfluencerCreate,
    InfluencerUpdate,
    OrganisationUpdate,
)
from tests.factories import headers_for, make_influencer, make_organisation, make_user

SQL_INJECTION = "'; DROP TABLE influencers; --"


def test_create_with_accounts_stores_them_and_their_total(session: Session) -> None:
    influencer = make_influencer(
        session,
        display_name="Trần Bảo Ngọc",
        accounts=[
            {"platform": "tiktok", "handle": "@bao.ngoc", "followers": 1200},
            {"platform": "youtube", "handle": "BaoNgocTV", "url": "https://youtube.com/@b"},
        ],
    )
    session.expire_all()

    stored = session.get(Influencer, influencer.id)
    assert stored is not None
    assert [(a.platform.value, a.handle, a.handle_key) for a in stored.accounts] == [
        ("tiktok", "bao.ngoc", "bao.ngoc"),
        ("youtube", "BaoNgocTV", "baongoctv"),
    ]
    assert stored.accounts[1].url == "https://youtube.com/@b"
    assert stored.total_followers == 1200
    assert stored.slug == "tran-bao-ngoc"
    assert stored.languages == ["vi"]


def test_create_records_an_audit_event(session: Session) -> None:
    make_influencer(session, display_name="Lan Anh", slug="lan-anh")

    event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()

    assert event is not None
    assert (event.action, event.entity_type, event.entity_id) == (
        "influencer.create",
        "influencer",
        "lan-anh",
    )
    assert event.actor == SYSTEM.label


def test_create_over_the_api_answers_201_with_location(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/influencers",
        json={
            "display_name": "Đặng Ngọc Ánh",
            "niche": "beauty",
            "province": "Bình Dương",
            "languages": ["vi", "en", "vi"],
            "accounts": [{"platform": "tiktok", "handle": "@ngocanh"}],
        },
        headers=admin_headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == "/api/v1/influencers/dang-ngoc-anh"
    assert body["slug"] == "dang-ngoc-anh"
    assert body["province"] == "ho-chi-minh"
    assert body["languages"] == ["vi", "en"]
    assert body["accounts"][0]["handle"] == "ngocanh"
    assert client.get("/api/v1/influencers/dang-ngoc-anh").status_code == 200


def test_decomposed_input_is_stored_composed(session: Session) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"

    influencer = make_influencer(session, display_name=decomposed, bio=decomposed + " viết")

    raw = session.execute(
        text("SELECT display_name, bio FROM influencers WHERE id = :id"), {"id": influencer.id}
    ).one()
    assert raw.display_name == "Nguyễn Thị Ánh"
    assert raw.bio == "Nguyễn Thị Ánh viết"
    assert unicodedata.is_normalized("NFC", raw.display_name)


@pytest.mark.parametrize(
    "handles",
    [
        ["linh", "linh"],
        ["linh", "LINH"],
        ["linh", "@linh"],
        ["@Linh", "lInH"],
    ],
)
def test_handles_are_unique_per_platform_ignoring_case_and_at_sign(
    session: Session, handles: list[str]
) -> None:
    first, second = handles
    make_influencer(session, slug="first", accounts=[{"platform": "tiktok", "handle": first}])

    with pytest.raises(Duplicate) as caught:
        make_influencer(session, slug="second", accounts=[{"platform": "tiktok", "handle": second}])
    assert caught.value.data["owner"] == "first"


def test_same_handle_on_another_platform_is_fine(session: Session) -> None:
    make_influencer(session, slug="first", accounts=[{"platform": "tiktok", "handle": "linh"}])

    second = make_influencer(
        session, slug="second", accounts=[{"platform": "instagram", "handle": "@LINH"}]
    )

    assert second.accounts[0].handle_key == "linh"


def test_same_handle_twice_in_one_request_is_a_duplicate(session: Session) -> None:
    with pytest.raises(Duplicate):
        make_influencer(
            session,
            accounts=[
                {"platform": "tiktok", "handle": "twice"},
                {"platform": "tiktok", "handle": "@Twice"},
            ],
        )


def test_duplicate_handle_on_same_platform_is_a_409(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, slug="owner", accounts=[{"platform": "tiktok", "handle": "linh"}])
    make_influencer(session, slug="newcomer")

    response = client.post(
        "/api/v1/influencers/newcomer/accounts",
        json={"platform": "tiktok", "handle": "@LINH"},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert response.json()["owner"] == "owner"


@pytest.mark.parametrize("handle", ["two words", "", "@", "a/b", "x" * 101, "@@double"])
def test_malformed_handle_is_refused(handle: str) -> None:
    with pytest.raises(ValidationError):
        AccountIn.model_validate({"platform": "tiktok", "handle": handle})


def test_sql_looking_text_is_stored_literally(session: Session) -> None:
    influencer = make_influencer(session, display_name=SQL_INJECTION, bio=SQL_INJECTION)
    session.expire_all()

    stored = session.get(Influencer, influencer.id)
    assert stored is not None
    assert stored.display_name == SQL_INJECTION
    assert stored.bio == SQL_INJECTION
    assert session.scalar(select(Influencer.id).where(Influencer.id == influencer.id))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "Linh\x00An"),
        ("display_name", "Linh\x07An"),
        ("bio", "hello\x1bworld"),
        ("bio", "del\x7f"),
        ("bio", "c1\x85control"),
        ("display_name", "lone\ud800surrogate"),
    ],
)
def test_control_characters_are_refused_with_422(
    client: TestClient, admin_headers: dict[str, str], field: str, value: str
) -> None:
    body = {"display_name": "Linh An", "niche": "food", "province": "hue"} | {field: value}

    response = client.post(
        "/api/v1/influencers",
        content=_json_bytes(body),
        headers=admin_headers | {"content-type": "application/json"},
    )

    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_failed"
    assert response.json()["errors"][0]["loc"] == ["body", field]


def test_tabs_and_newlines_in_a_bio_are_kept(session: Session) -> None:
    influencer = make_influencer(session, bio="Dòng 1\nDòng 2\tcột")

    assert influencer.bio == "Dòng 1\nDòng 2\tcột"


def test_blank_display_name_is_refused() -> None:
    with pytest.raises(ValidationError):
        InfluencerCreate.model_validate({"display_name": "   ", "niche": "food", "province": "hue"})


def test_display_name_longer_than_the_column_is_refused_before_the_database(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    body = {"display_name": "A" * 121, "niche": "food", "province": "hue"}

    response = client.post("/api/v1/influencers", json=body, headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "display_name"]


@pytest.mark.parametrize(
    "account",
    [
        {"followers": 2_147_483_648},
        {"followers": -1},
        {"url": "https://example.com/" + "a" * 500},
        {"url": "not a url"},
    ],
)
def test_account_values_the_database_cannot_hold_are_refused(
    client: TestClient, admin_headers: dict[str, str], account: dict[str, object]
) -> None:
    body = {
        "display_name": "Linh",
        "niche": "food",
        "province": "hue",
        "accounts": [{"platform": "tiktok", "handle": "linh"} | account],
    }

    response = client.post("/api/v1/influencers", json=body, headers=admin_headers)

    assert response.status_code == 422, response.text


def test_largest_follower_count_fits(session: Session) -> None:
    influencer = make_influencer(
        session, accounts=[{"platform": "tiktok", "handle": "big", "followers": 2_147_483_647}]
    )

    assert influencer.total_followers == 2_147_483_647


def test_update_changes_only_the_given_fields_and_bumps_the_version(session: Session) -> None:
    influencer = make_influencer(session, bio="cũ", niche="food")
    before = influencer.version

    service.update_influencer(
        session,
        actor=SYSTEM,
        slug=influencer.slug,
        changes=InfluencerUpdate(bio="mới", version=before),
    )
    session.commit()
    session.expire_all()

    stored = session.get(Influencer, influencer.id)
    assert stored is not None
    assert (stored.bio, stored.niche) == ("mới", "food")
    assert stored.version == before + 1


def test_update_with_an_old_version_is_stale(session: Session) -> None:
    influencer = make_influencer(session)
    old = influencer.version
    service.update_influencer(
        session, actor=SYSTEM, slug=influencer.slug, changes=InfluencerUpdate(bio="first")
    )

    with pytest.raises(StaleVersion) as caught:
        service.update_influencer(
            session,
            actor=SYSTEM,
            slug=influencer.slug,
            changes=InfluencerUpdate(bio="second", version=old),
        )
    assert caught.value.data["current_version"] == old + 1


def test_stale_patch_over_the_api_is_a_409_and_changes_nothing(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, slug="linh", bio="original")
    version = client.get("/api/v1/influencers/linh").json()["version"]
    assert client.patch(
        "/api/v1/influencers/linh", json={"bio": "first", "version": version}, headers=admin_headers
    ).is_success

    response = client.patch(
        "/api/v1/influencers/linh",
        json={"bio": "second", "version": version},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert client.get("/api/v1/influencers/linh").json()["bio"] == "first"


def test_organisation_update_with_an_old_version_is_stale(session: Session) -> None:
    organisation = make_organisation(session)
    old = organisation.version
    organisation_service.update_organisation(
        session, actor=SYSTEM, slug=organisation.slug, changes=OrganisationUpdate(province="hue")
    )

    with pytest.raises(StaleVersion):
        organisation_service.update_organisation(
            session,
            actor=SYSTEM,
            slug=organisation.slug,
            changes=OrganisationUpdate(province="ha-noi", version=old),
        )


@pytest.mark.parametrize("field", ["display_name", "niche", "province", "languages", "bio"])
def test_update_to_null_is_refused(session: Session, field: str) -> None:
    influencer = make_influencer(session)

    with pytest.raises(ValidationFailed):
        service.update_influencer(
            session,
            actor=SYSTEM,
            slug=influencer.slug,
            changes=InfluencerUpdate.model_validate({field: None}),
        )


def test_update_refreshes_the_search_text(session: Session) -> None:
    influencer = make_influencer(session, display_name="Cũ Tên")

    service.update_influencer(
        session,
        actor=SYSTEM,
        slug=influencer.slug,
        changes=InfluencerUpdate(display_name="Hoàng Yến"),
    )

    assert "hoang yen" in influencer.search_text
    assert "cu ten" not in influencer.search_text


def test_account_can_be_updated_and_removed(session: Session) -> None:
    influencer = make_influencer(session, accounts=[{"platform": "tiktok", "handle": "linh"}])
    account_id = influencer.accounts[0].id

    service.update_account(
        session,
        actor=SYSTEM,
        slug=influencer.slug,
        account_id=account_id,
        changes=AccountUpdate(followers=99),
    )
    assert influencer.total_followers == 99
    service.remove_account(session, actor=SYSTEM, slug=influencer.slug, account_id=account_id)
    session.flush()

    assert session.get(Account, account_id) is None
    assert "linh" not in influencer.search_text


def test_account_of_another_influencer_is_not_found(session: Session) -> None:
    owner = make_influencer(session, slug="owner", accounts=[{"platform": "x", "handle": "o"}])
    make_influencer(session, slug="other")

    with pytest.raises(NotFound):
        service.remove_account(session, actor=SYSTEM, slug="other", account_id=owner.accounts[0].id)


def test_delete_removes_accounts_and_keeps_the_audit_fact(session: Session) -> None:
    influencer = make_influencer(session, accounts=[{"platform": "tiktok", "handle": "gone"}])
    account_id = influencer.accounts[0].id

    service.delete_influencer(session, actor=SYSTEM, slug=influencer.slug)
    session.flush()

    assert session.get(Account, account_id) is None
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_id == influencer.slug)
    ).all()
    assert actions == ["influencer.create", "influencer.delete"]


def test_influencer_user_can_update_only_their_own_profile(
    client: TestClient, session: Session
) -> None:
    make_influencer(session, slug="me")
    make_influencer(session, slug="someone-else")
    headers = headers_for(session, Role.INFLUENCER, influencer_slug="me")

    own = client.patch("/api/v1/influencers/me", json={"bio": "của tôi"}, headers=headers)
    other = client.patch("/api/v1/influencers/someone-else", json={"bio": "x"}, headers=headers)

    assert own.status_code == 200
    assert own.json()["bio"] == "của tôi"
    assert other.status_code == 403
    assert client.get("/api/v1/influencers/someone-else").json()["bio"] == ""


def _json_bytes(body: Mapping[str, object]) -> bytes:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, which is how a client sends them
    return json.dumps(body).encode()


def test_deleting_a_profile_keeps_its_user_but_unlinks_it(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, slug="leaving", accounts=[{"platform": "tiktok", "handle": "bye"}])
    membership_service.change_influencer_membership(
        session,
        actor=SYSTEM,
        slug="leaving",
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    session.commit()
    email = make_user(session, Role.INFLUENCER, influencer_slug="leaving", password=None)

    response = client.delete("/api/v1/influencers/leaving", headers=admin_headers)

    assert response.status_code == 204, response.text
    session.expire_all()
    user = users.user_by_email(session, email)
    assert user is not None
    assert user.influencer_id is None
    assert session.scalars(select(Membership)).all() == []
    assert session.scalars(select(MembershipEvent)).all() == []
    assert client.get("/api/v1/influencers/leaving").status_code == 404


def test_deleting_an_organisation_keeps_its_users_but_unlinks_them(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_organisation(session, slug="closing")
    email = make_user(session, Role.BUSINESS, organisation_slug="closing", password=None)

    response = client.delete("/api/v1/organisations/closing", headers=admin_headers)

    assert response.status_code == 204, response.text
    session.expire_all()
    user = users.user_by_email(session, email)
    assert user is not None
    assert user.organisation_id is None


def test_new_influencer_with_accounts_starts_at_version_1(session: Session) -> None:
    influencer = make_influencer(
        session,
        accounts=[{"platform": "tiktok", "handle": "v1"}, {"platform": "x", "handle": "v1"}],
    )
    assert influencer.version == 1


def test_a_user_with_a_very_long_email_can_act(session: Session) -> None:
    local = "a" * 200
    data = UserCreate(email=f"{local}@example.org", display_name="Long", role=Role.ADMIN)
    user = create_user(session, actor=SYSTEM, data=data)
    actor = actor_for(user)
    made = service.create_influencer(
        session,
        actor=actor,
        data=InfluencerCreate(display_name="Long Actor", niche="food", province="hue"),
    )
    session.flush()
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    assert event.actor == f"user:{local}@example.org"
    assert made.slug == "long-actor"
