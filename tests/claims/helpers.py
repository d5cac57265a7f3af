"""ClaimReview documents and records shared by the claim tests."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.claims.models import StoredFactCheck

LEMON_URL = "https://factcheck.example/en/lemon-water-cancer"
# a Vietnamese post repeating the demo's English "lemon water cures cancer" fact-check
VI_LEMON_POST = (
    "Mỗi sáng uống một cốc nước chanh ấm sẽ chữa khỏi bệnh ung thư, mọi người hãy thử nhé!"
)


def review(claim: str | None, slug: str, rating: Any = "False", **extra: Any) -> dict[str, Any]:
    """One ClaimReview object (``claim=None`` leaves claimReviewed out)."""
    item: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/en/{slug}",
        "author": {"@type": "Organization", "name": "Demo Fact Check"},
        "datePublished": "2025-03-04",
        "inLanguage": "en",
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    if claim is not None:
        item["claimReviewed"] = claim
    return item | extra


def as_bytes(document: Any) -> bytes:
    """``document`` as UTF-8 JSON."""
    return json.dumps(document, ensure_ascii=False).encode()


def demo_document() -> dict[str, Any]:
    """The demo ClaimReview file (11 English and 3 Vietnamese fact-checks)."""
    data = files("koltrust.demo").joinpath("data/fact_checks.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(data)
    return document


def demo_bytes() -> bytes:
    """The demo ClaimReview file as stored in the package."""
    return files("koltrust.demo").joinpath("data/fact_checks.json").read_bytes()


def stored_count(session: Session) -> int:
    """How many fact-checks are stored."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(StoredFactCheck)) or 0
