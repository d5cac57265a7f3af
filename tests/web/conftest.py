"""Fixtures of the web tests: a client signed in as an admin."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Role
from tests.factories import make_user
from tests.web.helpers import sign_in


@pytest.fixture
def admin_client(client: TestClient, session: Session) -> TestClient:
    """The test client, signed in through the form as an administrator."""
    response = sign_in(client, make_user(session, Role.ADMIN))
    assert response.status_code == 303
    return client
