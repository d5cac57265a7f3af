"""Screening posts: behaviour shared by the API, the web page and the CLI."""

from __future__ import annotations

from koltrust.content.schemas import FindingOut, PostIn, ScreeningOut
from koltrust.errors import TextTooLong
from koltrust.screening import engine as screening
from koltrust.screening.findings import Finding, Post
from koltrust.screening.source import RulebookSource


def to_post(data: PostIn, *, post_id: str | None = None) -> Post:
    """The screening input for an API post."""
    return Post(
        text=data.text,
        id=post_id,
        platform=data.platform.value if data.platform else None,
        links=tuple(data.links),
        hashtags=tuple(data.hashtags),
        paid_partnership=data.paid_partnership,
        language=data.language.value if data.language else None,
    )


def check_length(text: str, *, max_chars: int) -> None:
    """Refuse texts longer than screening accepts, before any work is done."""
    if len(text) > max_chars:
        raise TextTooLong(
            f"The text has {len(text)} characters; the limit is {max_chars}", max_chars=max_chars
        )


def check_post(source: RulebookSource, data: PostIn) -> ScreeningOut:
    """Screen a draft without storing anything (the influencer's pre-flight check)."""
    check_length(data.text, max_chars=source.max_chars)
    engine = source.engine()
    result = engine.screen(to_post(data))
    return ScreeningOut(
        language=result.language,
        language_confidence=round(result.language_confidence, 3),
        rulebook_version=engine.rulebook.version,
        findings=[finding_out(engine, finding) for finding in result.findings],
    )


def finding_out(engine: screening.Engine, finding: Finding) -> FindingOut:
    """The API shape of a finding, with its category's labels."""
    data = finding.to_dict()
    data.pop("evidence", None)
    category = engine.rulebook.categories.get(finding.category)
    data["category_label"] = category.labels if category else {}
    return FindingOut.model_validate(data)
