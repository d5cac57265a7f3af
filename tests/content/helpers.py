"""Request bodies and small checks shared by the content tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.content.models import Post, ScreeningRun
from tests.content.rulebook import KNOWN_DOMAIN

CURE_TEXT = f"Thuốc này chữa khỏi tiểu đường, tốt nhất! Mua ở https://{KNOWN_DOMAIN}/x"
CLEAN_TEXT = "Hôm nay mình đi chợ Bến Thành, trời rất đẹp."


def body(**fields: Any) -> dict[str, Any]:
    """A post to store, with overrides."""
    return {
        "text": CURE_TEXT,
        "platform": "tiktok",
        "external_id": "7300000000000000001",
        "language": "vi",
    } | fields


def send(client: TestClient, headers: dict[str, str], **fields: Any) -> Response:
    """POST one post to /api/v1/posts."""
    response: Response = client.post("/api/v1/posts", json=body(**fields), headers=headers)
    return response


def counts(session: Session) -> tuple[int, int]:
    """How many posts and screening runs are stored."""
    session.expire_all()
    posts = session.scalar(select(func.count()).select_from(Post)) or 0
    runs = session.scalar(select(func.count()).select_from(ScreeningRun)) or 0
    return posts, runs
