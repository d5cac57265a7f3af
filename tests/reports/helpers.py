"""A stored post to report, and the intake the tests use."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from koltrust.content.models import Post
from koltrust.reports import service

CATEGORY = "prohibited_health_claim"
CATEGORIES = frozenset({CATEGORY, "scam", "undisclosed_advertising"})
INTAKE = service.Intake(categories=CATEGORIES, per_client_per_hour=3, client_hash_key=b"k")


def stored_post(session: Session, *, influencer_id: int | None = None) -> int:
    """A stored post; its id."""
    text = "Thuốc này chữa khỏi tiểu đường"
    post = Post(
        influencer_id=influencer_id,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        language="vi",
        language_confidence=1.0,
    )
    session.add(post)
    session.flush()
    return post.id
