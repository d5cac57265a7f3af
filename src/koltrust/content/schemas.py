"""API shapes for screening."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from koltrust.common_schemas import StrictModel
from koltrust.registry.reference import Language, Platform


class PostIn(StrictModel):
    """A post to check; only ``text`` is required."""

    text: str = Field(max_length=2_000_000)
    platform: Platform | None = None
    links: list[str] = Field(default_factory=list, max_length=200)
    hashtags: list[str] = Field(default_factory=list, max_length=500)
    paid_partnership: bool = False
    language: Language | None = Field(
        default=None, description="Leave out to have it detected (vi, en, fr, id)."
    )


class FindingOut(BaseModel):
    rule_id: str
    rule_version: int
    rulebook_version: str
    category: str
    category_label: dict[str, str]
    severity: Literal["info", "low", "medium", "high", "critical"]
    confidence: float
    spans: list[tuple[int, int]]
    excerpt: str
    explanation: dict[str, str]
    remedy: dict[str, str]
    legal_basis: dict[str, str]
    shadow: bool
    source: str
    dsa_category: str | None


class ScreeningOut(BaseModel):
    language: str
    language_confidence: float
    rulebook_version: str
    findings: list[FindingOut]
