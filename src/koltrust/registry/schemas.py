"""API shapes of the registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, HttpUrl, field_validator

from koltrust.common_schemas import Name, ReadModel, Slug, StrictModel, Text
from koltrust.registry.models import MembershipStatus, OrganisationKind, VerificationLevel
from koltrust.registry.reference import Language, Platform, niches, resolve_province
from koltrust.text.fold import fold

_TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")
_HANDLE_RE = re.compile(r"^[\w.\-]{1,100}$")


def _known_niche(value: str) -> str:
    if value not in niches():
        raise ValueError(f"unknown niche; use one of: {', '.join(niches())}")
    return value


def _known_province(value: str) -> str:
    slug = resolve_province(value)
    if slug is None:
        raise ValueError(
            "unknown province; give the slug (e.g. 'ha-noi') or a current or pre-2025 name"
        )
    return slug


def _tax_code(value: str) -> str:
    if not _TAX_CODE_RE.match(value):
        raise ValueError("a Vietnamese tax code is 10 digits, or 10 digits '-' 3 for a branch")
    return value


def _handle(value: str) -> str:
    handle = value.removeprefix("@")
    if not _HANDLE_RE.match(handle):
        raise ValueError("a handle is 1-100 letters, digits, '.', '_' or '-', without spaces")
    return handle


NicheCode = Annotated[str, AfterValidator(_known_niche)]
ProvinceSlug = Annotated[str, AfterValidator(_known_province)]
TaxCode = Annotated[str, AfterValidator(_tax_code)]


def _url_fits(max_length: int) -> Callable[[HttpUrl], HttpUrl]:
    # checks the normalised URL (punycode, percent-escapes), which is what gets stored
    def check(url: HttpUrl) -> HttpUrl:
        if len(str(url)) > max_length:
            raise ValueError(f"a URL of at most {max_length} characters")
        return url

    return check


Handle = Annotated[Text, AfterValidator(_handle)]
Bio = Annotated[Text, Field(max_length=2000)]
# the column lengths and the range of a 32-bit INTEGER, so that PostgreSQL never refuses them
DisplayName = Annotated[Name, Field(max_length=120)]
AccountUrl = Annotated[HttpUrl, AfterValidator(_url_fits(500))]
WebsiteUrl = Annotated[HttpUrl, AfterValidator(_url_fits(300))]
Followers = Annotated[int, Field(ge=0, le=2_147_483_647)]


def handle_key(handle: str) -> str:
    """The form handles are compared in: case-folded, without '@'."""
    return handle.removeprefix("@").casefold()


class AccountIn(StrictModel):
    platform: Platform
    handle: Handle
    url: AccountUrl | None = None
    followers: Followers = 0

    @field_validator("platform", mode="before")
    @classmethod
    def _platform_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class AccountUpdate(StrictModel):
    url: AccountUrl | None = None
    followers: Followers | None = None


class AccountOut(ReadModel):
    id: int
    platform: Platform
    handle: str
    url: str | None
    followers: int


class InfluencerCreate(StrictModel):
    display_name: DisplayName
    slug: Slug | None = None
    niche: NicheCode
    province: ProvinceSlug
    languages: list[Language] = Field(default_factory=lambda: [Language.VI], min_length=1)
    bio: Bio = ""
    accounts: list[AccountIn] = Field(default_factory=list, max_length=20)

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[Language]) -> list[Language]:
        return list(dict.fromkeys(value))


class InfluencerUpdate(StrictModel):
    display_name: DisplayName | None = None
    niche: NicheCode | None = None
    province: ProvinceSlug | None = None
    languages: list[Language] | None = Field(default=None, min_length=1)
    bio: Bio | None = None
    version: int | None = Field(
        default=None, description="The version you read; a mismatch is a 409 stale_version."
    )


class IdentityVerificationIn(StrictModel):
    level: VerificationLevel
    id_number: Text | None = Field(
        default=None,
        max_length=20,
        description="Phone, national ID or tax code. Never stored: only a keyed hash and the "
        "last 4 digits are kept.",
    )


class MembershipOut(ReadModel):
    status: MembershipStatus
    code_of_conduct_version: str | None
    pledged_at: datetime | None
    status_changed_at: datetime


class MembershipEventOut(ReadModel):
    action: str
    from_status: MembershipStatus | None
    to_status: MembershipStatus
    code_of_conduct_version: str | None
    reason: str
    actor: str
    at: datetime


class MembershipActionIn(StrictModel):
    reason: Text = Field(default="", max_length=2000)
    code_of_conduct_version: Text | None = Field(default=None, max_length=20)


class InfluencerOut(ReadModel):
    slug: str
    display_name: str
    niche: str
    province: str
    languages: list[str]
    bio: str
    verification_level: VerificationLevel
    accounts: list[AccountOut]
    membership: MembershipOut | None
    total_followers: int
    version: int
    created_at: datetime
    updated_at: datetime


class InfluencerPrivateOut(InfluencerOut):
    """What admins, analysts and the influencer themself see in addition."""

    verified_id_last4: str | None
    verified_at: datetime | None


class OrganisationCreate(StrictModel):
    name: Name
    slug: Slug | None = None
    kind: OrganisationKind
    tax_code: TaxCode
    website: WebsiteUrl | None = None
    province: ProvinceSlug | None = None


class OrganisationUpdate(StrictModel):
    name: Name | None = None
    kind: OrganisationKind | None = None
    website: WebsiteUrl | None = None
    province: ProvinceSlug | None = None
    # reports from a trusted flagger's users go first in the analysts' list (DSA Art. 22)
    trusted_flagger: bool | None = None
    version: int | None = None


class OrganisationOut(ReadModel):
    slug: str
    name: str
    kind: OrganisationKind
    tax_code: str
    website: str | None
    province: str | None
    trusted_flagger: bool
    membership: MembershipOut | None
    version: int
    created_at: datetime


class InfluencerFilters(StrictModel):
    """Search filters shared by the API, the web directory and the CLI."""

    q: Text | None = Field(default=None, max_length=200)
    niche: NicheCode | None = None
    province: ProvinceSlug | None = None
    platform: Platform | None = None
    language: Language | None = None
    membership: MembershipStatus | None = None
    not_member: bool = False

    def folded_query(self) -> str | None:
        """The text query folded like the stored search text."""
        return fold(self.q) if self.q else None


class OrganisationFilters(StrictModel):
    q: Text | None = Field(default=None, max_length=200)
    kind: OrganisationKind | None = None
    membership: MembershipStatus | None = None
