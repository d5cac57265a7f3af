"""Field types and shapes shared by every domain's API schemas."""

from __future__ import annotations

import re
from typing import Annotated, Generic, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from koltrust.text.fold import has_control_characters, nfc

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG_PATTERN)


def clean_text(value: str) -> str:
    """NFC, trimmed, and free of control characters (which PostgreSQL and people reject)."""
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return nfc(value).strip()


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _slug(value: str) -> str:
    if not _SLUG_RE.match(value):
        raise ValueError("use lower-case letters a-z, digits and single hyphens, e.g. 'linh-an'")
    return value


Text = Annotated[str, AfterValidator(clean_text)]
Name = Annotated[
    str, StringConstraints(max_length=200), AfterValidator(clean_text), AfterValidator(_non_empty)
]
Slug = Annotated[str, StringConstraints(min_length=2, max_length=80), AfterValidator(_slug)]


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise ValueError("must be a web address starting with http:// or https://")
    return value


MAX_EVIDENCE_URLS = 10
EvidenceUrl = Annotated[
    str,
    StringConstraints(max_length=2_000),
    AfterValidator(clean_text),
    AfterValidator(_web_address),
]


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)


class ReadModel(BaseModel):
    """Response bodies, built from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    """One page of a list: ``items`` plus the ``total`` across all pages."""

    items: list[ItemT]
    total: int
    page: int
    per_page: int
    pages: int
