"""Every query of the registry."""

from __future__ import annotations

from sqlalchemy import Select, Text, cast, exists, func, select
from sqlalchemy.orm import Session

from koltrust.registry.models import (
    Account,
    Influencer,
    Membership,
    MembershipStatus,
    Organisation,
)
from koltrust.registry.reference import Platform
from koltrust.registry.schemas import InfluencerFilters, OrganisationFilters
from koltrust.text.fold import fold


def influencer_by_slug(session: Session, slug: str) -> Influencer | None:
    """The influencer with this slug."""
    return session.scalars(select(Influencer).where(Influencer.slug == slug)).first()


def influencer_by_id(session: Session, influencer_id: int) -> Influencer | None:
    """The influencer with this id."""
    return session.get(Influencer, influencer_id)


def slug_taken(session: Session, model: type[Influencer] | type[Organisation], slug: str) -> bool:
    """True when a row of ``model`` already uses ``slug``."""
    return bool(session.scalar(select(exists().where(model.slug == slug))))


def account_by_handle(session: Session, platform: Platform, handle_key: str) -> Account | None:
    """The account with this platform and case-folded handle."""
    stmt = select(Account).where(Account.platform == platform, Account.handle_key == handle_key)
    return session.scalars(stmt).first()


def organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    """The organisation with this slug."""
    return session.scalars(select(Organisation).where(Organisation.slug == slug)).first()


def organisation_by_tax_code(session: Session, tax_code: str) -> Organisation | None:
    """The organisation with this tax code."""
    stmt = select(Organisation).where(Organisation.tax_code == tax_code)
    return session.scalars(stmt).first()


def _like_pattern(folded: str) -> str:
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _influencer_query(filters: InfluencerFilters) -> Select[Influencer]:
    stmt = select(Influencer)
    if folded := filters.folded_query():
        stmt = stmt.where(Influencer.search_text.like(_like_pattern(folded), escape="\\"))
    if filters.niche:
        stmt = stmt.where(Influencer.niche == filters.niche)
    if filters.province:
        stmt = stmt.where(Influencer.province == filters.province)
    if filters.platform:
        has_platform = exists().where(
            Account.influencer_id == Influencer.id, Account.platform == filters.platform
        )
        stmt = stmt.where(has_platform)
    if filters.language:
        # languages is a short JSON list of two-letter codes: a quoted match is exact
        stmt = stmt.where(cast(Influencer.languages, Text).like(f'%"{filters.language.value}"%'))
    return _with_membership_filter(stmt, filters)


def _with_membership_filter(
    stmt: Select[Influencer], filters: InfluencerFilters
) -> Select[Influencer]:
    if filters.membership:
        member = select(Membership.influencer_id).where(Membership.status == filters.membership)
        stmt = stmt.where(Influencer.id.in_(member))
    if filters.not_member:
        any_membership = select(Membership.influencer_id).where(
            Membership.influencer_id.is_not(None)
        )
        stmt = stmt.where(Influencer.id.not_in(any_membership))
    return stmt


def search_influencers(
    session: Session, filters: InfluencerFilters, *, offset: int, limit: int
) -> tuple[list[Influencer], int]:
    """One page of influencers matching ``filters`` (by name) and the total count."""
    stmt = _influencer_query(filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        # search_text starts with the folded name: "Đặng" sorts among the D's, not after "Z"
        stmt.order_by(Influencer.search_text, Influencer.id).offset(offset).limit(limit)
    )
    return list(rows), total


def search_organisations(
    session: Session, filters: OrganisationFilters, *, offset: int, limit: int
) -> tuple[list[Organisation], int]:
    """One page of organisations matching ``filters`` and the total count."""
    stmt = select(Organisation)
    if filters.q:
        stmt = stmt.where(
            Organisation.search_text.like(_like_pattern(fold(filters.q)), escape="\\")
        )
    if filters.kind:
        stmt = stmt.where(Organisation.kind == filters.kind)
    if filters.membership:
        member = select(Membership.organisation_id).where(Membership.status == filters.membership)
        stmt = stmt.where(Organisation.id.in_(member))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # the id breaks ties between equal names, so that pages neither repeat nor skip rows
    rows = session.scalars(
        stmt.order_by(Organisation.name, Organisation.id).offset(offset).limit(limit)
    )
    return list(rows), total


def registry_counts(session: Session) -> dict[str, int]:
    """How many influencers, current members and organisations are registered."""
    members = select(func.count(Membership.id)).where(Membership.status == MembershipStatus.MEMBER)
    return {
        "influencers": session.scalar(select(func.count(Influencer.id))) or 0,
        "members": session.scalar(members) or 0,
        "organisations": session.scalar(select(func.count(Organisation.id))) or 0,
    }


def search_memberships(
    session: Session, *, status: MembershipStatus | None, kind: str | None, offset: int, limit: int
) -> tuple[list[Membership], int]:
    """One page of memberships (influencers' and organisations') and the total count."""
    stmt = select(Membership)
    if status:
        stmt = stmt.where(Membership.status == status)
    if kind == "influencer":
        stmt = stmt.where(Membership.influencer_id.is_not(None))
    elif kind == "organisation":
        stmt = stmt.where(Membership.organisation_id.is_not(None))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Membership.status_changed_at.desc(), Membership.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def search_accounts(
    session: Session, *, platform: Platform | None, handle: str | None, offset: int, limit: int
) -> tuple[list[Account], int]:
    """One page of accounts, by platform and handle prefix, and the total count."""
    stmt = select(Account)
    if platform:
        stmt = stmt.where(Account.platform == platform)
    if handle:
        prefix = handle.removeprefix("@").casefold()
        stmt = stmt.where(Account.handle_key.like(_like_pattern(prefix)[1:], escape="\\"))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Account.platform, Account.handle_key).offset(offset).limit(limit)
    )
    return list(rows), total
