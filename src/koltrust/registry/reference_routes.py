"""JSON API for reference data and cross-cutting registry lists (memberships, accounts)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from koltrust.api.deps import ActorDep, PageDep, SessionDep
from koltrust.common_schemas import Page, ReadModel
from koltrust.registry import membership_service, service
from koltrust.registry.models import Membership, MembershipStatus
from koltrust.registry.reference import Platform, niches, provinces
from koltrust.registry.schemas import AccountOut

router = APIRouter(tags=["reference"])


class ProvinceOut(BaseModel):
    slug: str
    name_vi: str
    name_ascii: str
    kind: str
    formed_from: list[str]


class NicheOut(BaseModel):
    code: str
    labels: dict[str, str]


class MembershipListItem(ReadModel):
    subject_kind: Literal["influencer", "organisation"]
    subject_slug: str
    subject_name: str
    status: MembershipStatus
    code_of_conduct_version: str | None
    status_changed_at: datetime


class AccountListItem(AccountOut):
    influencer_slug: str


@router.get("/reference/provinces")
def list_provinces() -> list[ProvinceOut]:
    """Vietnam's 34 provincial-level units (from 1 July 2025) and what they were formed from."""
    return [
        ProvinceOut(
            slug=p.slug,
            name_vi=p.name_vi,
            name_ascii=p.name_ascii,
            kind=p.kind,
            formed_from=list(p.formed_from),
        )
        for p in provinces().values()
    ]


@router.get("/reference/niches")
def list_niches() -> list[NicheOut]:
    """The niche taxonomy with labels in vi, en, fr and id."""
    return [NicheOut(code=n.code, labels=n.labels) for n in niches().values()]


@router.get("/reference/platforms")
def list_platforms() -> list[str]:
    """The platforms accounts can be on."""
    return [platform.value for platform in Platform]


@router.get("/memberships", response_model=Page[MembershipListItem])
def list_memberships(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    status: MembershipStatus | None = None,
    kind: Literal["influencer", "organisation"] | None = None,
) -> Page[MembershipListItem]:
    """Alliance memberships of influencers and organisations, newest change first."""
    rows, total = membership_service.search_memberships(
        session,
        actor=actor,
        status=status,
        kind=kind,
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([_membership_item(row) for row in rows], total)


def _membership_item(membership: Membership) -> MembershipListItem:
    if membership.influencer is not None:
        influencer = membership.influencer
        kind, slug, name = "influencer", influencer.slug, influencer.display_name
    else:
        assert membership.organisation is not None
        organisation = membership.organisation
        kind, slug, name = "organisation", organisation.slug, organisation.name
    return MembershipListItem(
        subject_kind=kind,
        subject_slug=slug,
        subject_name=name,
        status=membership.status,
        code_of_conduct_version=membership.code_of_conduct_version,
        status_changed_at=membership.status_changed_at,
    )


@router.get("/accounts", response_model=Page[AccountListItem])
def list_accounts(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    platform: Platform | None = None,
    handle: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[AccountListItem]:
    """Platform accounts, by platform and handle prefix."""
    rows, total = service.search_accounts(
        session,
        actor=actor,
        platform=platform,
        handle=handle,
        page=paging.page,
        per_page=paging.per_page,
    )
    items = [
        AccountListItem(
            **AccountOut.model_validate(row).model_dump(), influencer_slug=row.influencer.slug
        )
        for row in rows
    ]
    return paging.page_of(items, total)
