"""Signing in and out through the web forms."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from koltrust.web.routes_auth import safe_next
from tests.factories import make_user
from tests.web.helpers import csrf_of, sign_in


def test_login_failure_shows_an_error_with_status_401(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN)
    response = sign_in(client, email, password="wrong-password")
    assert response.status_code == 401
    assert "Địa chỉ e-mail hoặc mật khẩu không đúng." in response.text
    assert f'value="{email}"' in response.text


def test_login_success_starts_a_new_session(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN)
    token_before = csrf_of(client)
    response = sign_in(client, email)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    home = client.get("/").text
    assert "Bạn đã đăng nhập." in home
    assert "Đăng xuất" in home
    assert "/influencers/new" in home
    assert csrf_of(client, "/") != token_before


def test_login_returns_to_the_page_asked_for(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN)
    form = {
        "email": email,
        "password": "correct-horse-42",
        "next": "/influencers/new",
        "csrf_token": csrf_of(client, "/login?next=/influencers/new"),
    }
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/influencers/new"


def test_logout_ends_the_session(admin_client: TestClient) -> None:
    response = admin_client.post(
        "/logout", data={"csrf_token": csrf_of(admin_client, "/")}, follow_redirects=False
    )
    assert response.status_code == 303
    home = admin_client.get("/").text
    assert "Bạn đã đăng xuất." in home
    assert "/influencers/new" not in home
    assert admin_client.get("/influencers/new", follow_redirects=False).status_code == 303


def test_logout_without_csrf_token_is_refused(admin_client: TestClient) -> None:
    assert admin_client.post("/logout").status_code == 403


def test_login_without_csrf_token_is_refused(client: TestClient, session: Session) -> None:
    email = make_user(session, Role.ADMIN)
    response = client.post("/login", data={"email": email, "password": "correct-horse-42"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/influencers?q=a", "/influencers?q=a"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_next_only_leads_to_this_site(target: str, expected: str) -> None:
    assert safe_next(target) == expected
