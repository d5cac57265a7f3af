"""API shapes for users and tokens."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from koltrust.auth.passwords import MIN_PASSWORD_LENGTH
from koltrust.auth.permissions import Role
from koltrust.common_schemas import Name, ReadModel, Slug, StrictModel
from koltrust.text.fold import has_control_characters

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: str) -> str:
    if not _EMAIL_RE.match(value) or has_control_characters(value):
        raise ValueError("not an e-mail address")
    return value.strip().lower()


Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]


class UserCreate(StrictModel):
    email: Email
    # a plain ``= Field(max_length=...)`` would not tighten Name's own 200-character limit
    display_name: Annotated[Name, Field(max_length=120)]
    role: Role
    password: str | None = Field(default=None, min_length=MIN_PASSWORD_LENGTH, max_length=200)
    influencer_slug: Slug | None = None
    organisation_slug: Slug | None = None


class UserOut(ReadModel):
    id: int
    email: str
    display_name: str
    role: Role
    active: bool


class TokenCreate(StrictModel):
    name: Annotated[Name, Field(max_length=80)]
    days: int | None = Field(default=None, ge=1, le=3650)


class TokenOut(ReadModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="Shown once; store it now, it cannot be shown again.")


class LoginIn(StrictModel):
    email: Email
    password: str = Field(max_length=200)
