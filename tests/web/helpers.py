"""Helpers for driving the web pages through a TestClient."""

from __future__ import annotations

import re
from collections.abc import Mapping

from fastapi.testclient import TestClient
from httpx import Response

_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct-horse-42"


def csrf_from(html: str) -> str:
    """The CSRF token embedded in a page's forms."""
    match = _CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, read from the page at ``path``."""
    return csrf_from(client.get(path).text)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    """Sign in through the login form; returns the (redirect) response."""
    response: Response = client.post(
        "/login",
        data={"email": email, "password": password, "next": "/", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    return response


def post_form(client: TestClient, path: str, data: Mapping[str, object], *, page: str) -> Response:
    """Post ``data`` to ``path`` with the CSRF token read from ``page``."""
    response: Response = client.post(
        path, data={**data, "csrf_token": csrf_of(client, page)}, follow_redirects=False
    )
    return response
