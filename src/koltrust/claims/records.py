"""One fact-check from a flat record (a CSV row or a line of the common ``claims.jsonl``
format), with its fields checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from koltrust.claims.model import FactCheck
from koltrust.claims.ratings import verdict_from_name
from koltrust.text.langid import identify

MAX_CLAIM_CHARS = 5_000
_ALIASES = {
    "claim": ("claim", "claimreviewed", "claim_reviewed"),
    "rating": ("rating", "review_rating", "verdict", "label"),
    "publisher": ("publisher", "author", "fact_checker"),
    "url": ("url", "link"),
    "date": ("date", "date_published", "datepublished"),
    "language": ("language", "lang", "in_language", "inlanguage"),
    "title": ("title", "headline"),
    "external_id": ("id", "external_id"),
}


class RecordError(ValueError):
    """A record that cannot become a fact-check; the message says why."""


def from_record(record: dict[str, Any]) -> FactCheck:
    """A FactCheck from a flat record whose keys may use any of the usual names."""
    fields = {name: _first(record, aliases) for name, aliases in _ALIASES.items()}
    return fact_check(
        claim=fields["claim"],
        rating=fields["rating"],
        verdict=verdict_from_name(fields["rating"]) if fields["rating"] else "unrated",
        title=fields["title"],
        publisher=fields["publisher"],
        url=fields["url"],
        date=fields["date"],
        language=fields["language"],
        external_id=fields["external_id"],
    )


def fact_check(*, claim: str, language: str, date: str, **fields: str) -> FactCheck:
    """A FactCheck with its claim checked, its date made ISO and its language known."""
    claim = " ".join(claim.split())
    if not claim:
        raise RecordError("the claim is missing or empty")
    if len(claim) > MAX_CLAIM_CHARS:
        raise RecordError(f"the claim has {len(claim)} characters; the limit is {MAX_CLAIM_CHARS}")
    return FactCheck(
        claim=claim,
        date=iso_date(date),
        language=language_code(language) or identify(claim).language,
        **{name: value.strip() for name, value in fields.items()},
    )


def iso_date(value: str) -> str | None:
    """``value`` as YYYY-MM-DD when it is an ISO date or datetime or a date like "26 May 2015";
    None when it is empty or cannot be read (a fact-check without a date is still one)."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    for pattern in ("%d %B %Y", "%B %d, %Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def language_code(value: str) -> str | None:
    """The language code from a tag like "vi-VN" or a name like "English"; None when it is
    neither."""
    value = value.strip().lower()
    names = {"vietnamese": "vi", "english": "en", "french": "fr", "indonesian": "id"}
    code = names.get(value, value.replace("_", "-").split("-")[0])
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _first(record: dict[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return ""
