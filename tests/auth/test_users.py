"""Creating users and what an influencer user may change."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth import repository
from koltrust.auth.permissions import Role
from koltrust.auth.service import actor_for
from koltrust.errors import Forbidden
from koltrust.registry import service
from koltrust.registry.schemas import AccountIn, InfluencerUpdate
from tests.factories import make_influencer, make_organisation, make_user


def _user_body(**fields: object) -> dict[str, object]:
    return {"email": "New.Person@Example.org", "display_name": "Mới", "role": "analyst"} | fields


def test_created_user_has_a_lower_cased_email_and_no_hash_in_the_response(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/users", json=_user_body(password="mot-mat-khau-dai"), headers=admin_headers
    )

    assert response.status_code == 201, response.text
    assert response.json()["email"] == "new.person@example.org"
    assert "password" not in response.text
    assert "argon2" not in response.text
    listed = client.get("/api/v1/users", headers=admin_headers).json()
    assert "new.person@example.org" in {user["email"] for user in listed}
    assert "argon2" not in repr(listed)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (_user_body(email="MAI.ANH@example.org"), 409, "duplicate"),
        (_user_body(email="not-an-email"), 422, "validation_failed"),
        (_user_body(email="a\x00b@example.org"), 422, "validation_failed"),
        (_user_body(password="short"), 422, "validation_failed"),
        (_user_body(role="superuser"), 422, "validation_failed"),
        (_user_body(display_name="x" * 121), 422, "validation_failed"),
        (_user_body(role="influencer"), 422, "validation_failed"),
        (_user_body(role="influencer", influencer_slug="nobody"), 404, "not_found"),
        (_user_body(role="business", organisation_slug="nobody"), 404, "not_found"),
    ],
)
def test_bad_new_user_is_refused(
    client: TestClient,
    session: Session,
    admin_headers: dict[str, str],
    body: dict[str, object],
    status: int,
    code: str,
) -> None:
    existing = _user_body(email="mai.anh@example.org")
    assert client.post("/api/v1/users", json=existing, headers=admin_headers).is_success

    response = client.post("/api/v1/users", json=body, headers=admin_headers)

    assert response.status_code == status, response.text
    assert response.json()["code"] == code


def test_users_are_linked_to_their_profile_and_organisation(session: Session) -> None:
    influencer = make_influencer(session, slug="linh")
    organisation = make_organisation(session, slug="sen-viet")

    kol = repository.user_by_email(
        session, make_user(session, Role.INFLUENCER, influencer_slug="linh", password=None)
    )
    shop = repository.user_by_email(
        session, make_user(session, Role.BUSINESS, organisation_slug="sen-viet", password=None)
    )

    assert kol is not None
    assert kol.influencer_id == influencer.id
    assert shop is not None
    assert shop.organisation_id == organisation.id


def test_influencer_may_change_only_their_own_profile_and_accounts(session: Session) -> None:
    make_influencer(session, slug="me")
    make_influencer(session, slug="someone-else")
    user = repository.user_by_email(
        session, make_user(session, Role.INFLUENCER, influencer_slug="me", password=None)
    )
    assert user is not None
    actor = actor_for(user)
    account = AccountIn.model_validate({"platform": "tiktok", "handle": "me.tt"})

    service.update_influencer(session, actor=actor, slug="me", changes=InfluencerUpdate(bio="ok"))
    service.add_account(session, actor=actor, slug="me", data=account)

    with pytest.raises(Forbidden):
        service.update_influencer(
            session, actor=actor, slug="someone-else", changes=InfluencerUpdate(bio="no")
        )
    with pytest.raises(Forbidden):
        service.add_account(
            session,
            actor=actor,
            slug="someone-else",
            data=AccountIn.model_validate({"platform": "x", "handle": "not.mine"}),
        )
    with pytest.raises(Forbidden):
        service.delete_influencer(session, actor=actor, slug="me")


def test_me_describes_the_caller(client: TestClient, admin_headers: dict[str, str]) -> None:
    anonymous = client.get("/api/v1/me").json()
    admin = client.get("/api/v1/me", headers=admin_headers).json()

    assert anonymous == {"authenticated": False, "label": "anonymous", "role": None, "email": None}
    assert admin["authenticated"] is True
    assert admin["role"] == "admin"
