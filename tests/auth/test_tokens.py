"""API tokens: shown once, stored as SHA-256 only, refused once expired or revoked."""

from __future__ import annotations

import hashlib
import json
from base64 import b64encode
from datetime import UTC, datetime, timedelta

import itsdangerous
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.api.deps import SESSION_USER_KEY
from koltrust.auth import repository
from koltrust.auth.models import ApiToken
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.auth.schemas import TokenCreate
from koltrust.auth.service import actor_for_token, create_token
from koltrust.auth.tokens import TOKEN_PREFIX, new_token, token_digest
from koltrust.config import Settings
from tests.factories import bearer, database_snapshot, make_user, token_for


def _new(session: Session, email: str, days: int | None = None) -> tuple[ApiToken, str]:
    row, token = create_token(
        session, actor=SYSTEM, email=email, data=TokenCreate(name="ci", days=days), default_days=30
    )
    session.commit()
    return row, token


def test_token_is_random_and_prefixed() -> None:
    tokens = {new_token() for _ in range(50)}

    assert len(tokens) == 50
    assert all(t.startswith(TOKEN_PREFIX) and len(t) == len(TOKEN_PREFIX) + 43 for t in tokens)


def test_only_the_sha256_of_a_token_is_stored(session: Session) -> None:
    email = make_user(session, Role.ANALYST, password=None)

    row, token = _new(session, email)

    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() == token_digest(token)
    assert row.prefix == token[:10]
    assert token not in repr(database_snapshot(session))


def test_token_is_shown_once_when_created_over_the_api(
    client: TestClient, session: Session
) -> None:
    email = make_user(session, Role.ANALYST, password=None)
    headers = bearer(token_for(session, email))

    created = client.post("/api/v1/tokens", json={"name": "laptop", "days": 7}, headers=headers)

    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith(TOKEN_PREFIX)
    assert token not in repr(database_snapshot(session))
    assert client.get("/api/v1/me", headers=bearer(token)).json()["email"] == email
    expires = datetime.fromisoformat(created.json()["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)


def test_default_validity_comes_from_settings(session: Session) -> None:
    email = make_user(session, Role.ANALYST, password=None)

    row, _ = _new(session, email)

    assert timedelta(days=29, hours=23) < row.expires_at - row.created_at <= timedelta(days=30)


def test_valid_token_acts_as_its_user_and_records_its_use(session: Session) -> None:
    email = make_user(session, Role.ANALYST, password=None)
    row, token = _new(session, email)
    assert row.last_used_at is None

    actor = actor_for_token(session, token)

    assert actor is not None
    assert (actor.role, actor.label) == (Role.ANALYST, f"user:{email}")
    assert row.last_used_at is not None


def test_expired_token_is_rejected_with_401(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN, password=None)
    row, token = _new(session, email)
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    session.commit()

    response = client.get("/api/v1/users", headers=bearer(token))

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_revoked_token_is_rejected_with_401(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN, password=None)
    row, token = _new(session, email)
    assert client.get("/api/v1/users", headers=bearer(token)).status_code == 200

    revoked = client.delete(f"/api/v1/tokens/{row.id}", headers=bearer(token))
    after = client.get("/api/v1/users", headers=bearer(token))

    assert revoked.status_code == 204
    assert after.status_code == 401
    session.expire_all()
    assert session.get(ApiToken, row.id).revoked_at is not None  # type: ignore[union-attr]


def test_token_of_a_deactivated_user_is_rejected(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN, password=None)
    _, token = _new(session, email)
    user = repository.user_by_email(session, email)
    assert user is not None
    user.active = False
    session.commit()

    assert client.get("/api/v1/users", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    "authorization",
    ["Bearer kt_" + "A" * 43, "Bearer ", "Bearer", "Token abc", "bearer"],
)
def test_unknown_or_malformed_token_is_401_even_on_public_reads(
    client: TestClient, authorization: str
) -> None:
    response = client.get("/api/v1/influencers", headers={"Authorization": authorization})

    assert response.status_code == 401


def test_scheme_name_is_case_insensitive(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN, password=None)
    _, token = _new(session, email)

    assert client.get("/api/v1/users", headers={"Authorization": f"bearer {token}"}).is_success


def test_someone_elses_token_cannot_be_revoked(client: TestClient, session: Session) -> None:
    owner = make_user(session, Role.ANALYST, password=None)
    row, token = _new(session, owner)
    intruder = bearer(token_for(session, make_user(session, Role.ANALYST, password=None)))

    response = client.delete(f"/api/v1/tokens/{row.id}", headers=intruder)

    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=bearer(token)).json()["authenticated"] is True


def test_admin_can_revoke_any_token(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    row, token = _new(session, make_user(session, Role.ANALYST, password=None))

    assert client.delete(f"/api/v1/tokens/{row.id}", headers=admin_headers).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(("role", "status"), [(Role.ADMIN, 201), (Role.ANALYST, 403)])
def test_only_admins_create_tokens_for_other_users(
    client: TestClient, session: Session, role: Role, status: int
) -> None:
    other = make_user(session, Role.BUSINESS, password=None)
    headers = bearer(token_for(session, make_user(session, role, password=None)))

    response = client.post(
        "/api/v1/tokens", json={"name": "for-them", "email": other}, headers=headers
    )

    assert response.status_code == status
    owners = session.scalars(
        select(ApiToken.name).join(ApiToken.user).where(ApiToken.name == "for-them")
    ).all()
    assert len(owners) == (1 if status == 201 else 0)


def _signed_session_cookie(settings: Settings, user_id: int) -> str:
    """What the web sign-in sets: the session dict, base64 JSON, signed with the secret key."""
    signer = itsdangerous.TimestampSigner(settings.secret_key.get_secret_value())
    return signer.sign(b64encode(json.dumps({SESSION_USER_KEY: user_id}).encode())).decode()


def test_a_session_cookie_reads_but_cannot_write_to_the_api(
    client: TestClient, session: Session, settings: Settings
) -> None:
    # API writes need a bearer token, so another site cannot forge them with a cookie
    user = repository.user_by_email(session, make_user(session, Role.ADMIN, password=None))
    assert user is not None
    client.cookies.set("koltrust_session", _signed_session_cookie(settings, user.id))

    read = client.get("/api/v1/users")
    write = client.post(
        "/api/v1/influencers", json={"display_name": "X", "niche": "food", "province": "hue"}
    )

    assert read.status_code == 200
    assert write.status_code == 401


@pytest.mark.parametrize(("length", "status"), [(80, 201), (81, 422)])
def test_token_name_fits_its_column(
    client: TestClient, admin_headers: dict[str, str], length: int, status: int
) -> None:
    response = client.post("/api/v1/tokens", json={"name": "n" * length}, headers=admin_headers)

    assert response.status_code == status, response.text
