"""schema.org ClaimReview (JSON-LD) → FactCheck: single objects, arrays and ``@graph``;
``claimReviewed``, ``reviewRating`` (``alternateName``, or a value on its scale), ``author``,
``url``, ``datePublished``, ``inLanguage``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from koltrust.claims.model import FactCheck
from koltrust.claims.ratings import verdict_from_name, verdict_from_value
from koltrust.claims.records import RecordError, fact_check


def claim_reviews(document: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in a JSON-LD document, wherever it is nested."""
    if isinstance(document, list):
        for item in document:
            yield from claim_reviews(item)
    elif isinstance(document, dict):
        if _is_claim_review(document):
            yield document
        elif "@graph" in document:
            yield from claim_reviews(document["@graph"])


def from_claim_review(review: dict[str, Any]) -> FactCheck:
    """A FactCheck from one ClaimReview object."""
    claim = review.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        raise RecordError("claimReviewed is missing or not a text")
    rating, verdict = _rating(review.get("reviewRating"))
    return fact_check(
        claim=claim,
        rating=rating,
        verdict=verdict,
        title=_text(review.get("headline") or review.get("name")),
        publisher=_name(review.get("author")) or _name(review.get("publisher")),
        url=_text(review.get("url")),
        date=_text(review.get("datePublished")),
        language=_language(review.get("inLanguage")),
        external_id=_text(review.get("@id")),
    )


def _is_claim_review(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds or "schema:ClaimReview" in kinds


def _rating(rating: Any) -> tuple[str, str]:
    """The rating as published and its verdict. A named rating wins over its number, since
    the name is what readers see; an unknown name stays ``unrated``."""
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return "", "unrated"
    name = _text(rating.get("alternateName") or rating.get("name"))
    if name:
        return name, verdict_from_name(name)
    if rating.get("ratingValue") in (None, ""):
        return "", "unrated"
    try:
        value = float(rating["ratingValue"])
        best = float(rating.get("bestRating", 5))
        worst = float(rating.get("worstRating", 1))
        return str(rating["ratingValue"]), verdict_from_value(value, best=best, worst=worst)
    except (TypeError, ValueError) as exc:
        raise RecordError(f"reviewRating cannot be read: {exc}") from exc


def _name(value: Any) -> str:
    if isinstance(value, list):
        return next((name for name in map(_name, value) if name), "")
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("alternateName") or value.get("url"))
    return _text(value)


def _language(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("alternateName") or value.get("name"))
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip() if isinstance(value, str | int | float) else ""
