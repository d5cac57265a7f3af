"""Influencers and their accounts: behaviour. Flushes, never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize, is_allowed
from koltrust.db.types import utcnow
from koltrust.db.versioning import check_version
from koltrust.errors import Duplicate, NotFound, ValidationFailed
from koltrust.registry import repository
from koltrust.registry.identity import prove
from koltrust.registry.models import Account, Influencer, VerificationLevel
from koltrust.registry.reference import Platform
from koltrust.registry.schemas import (
    AccountIn,
    AccountUpdate,
    IdentityVerificationIn,
    InfluencerCreate,
    InfluencerFilters,
    InfluencerUpdate,
    handle_key,
)
from koltrust.registry.slugs import unique_slug
from koltrust.text.fold import fold


def get_influencer(session: Session, *, actor: Actor, slug: str) -> Influencer:
    """The influencer with ``slug``; NotFound otherwise."""
    authorize(actor, Action.READ_REGISTRY)
    influencer = repository.influencer_by_slug(session, slug)
    if influencer is None:
        raise NotFound(f"No influencer with slug '{slug}'", slug=slug)
    return influencer


def can_read_private(actor: Actor, influencer: Influencer) -> bool:
    """Whether ``actor`` sees the private fields (identity last digits) of ``influencer``."""
    return is_allowed(actor, Action.READ_PRIVATE, influencer_id=influencer.id)


def registry_counts(session: Session, *, actor: Actor) -> dict[str, int]:
    """Public figures: influencers, current members, organisations."""
    authorize(actor, Action.READ_REGISTRY)
    return repository.registry_counts(session)


def search_influencers(
    session: Session, *, actor: Actor, filters: InfluencerFilters, page: int, per_page: int
) -> tuple[list[Influencer], int]:
    """One page of the public directory and the total number of matches."""
    authorize(actor, Action.READ_REGISTRY)
    return repository.search_influencers(
        session, filters, offset=(page - 1) * per_page, limit=per_page
    )


def create_influencer(session: Session, *, actor: Actor, data: InfluencerCreate) -> Influencer:
    """Register an influencer, with their accounts if given."""
    authorize(actor, Action.CREATE_INFLUENCER)
    slug = data.slug or unique_slug(
        data.display_name, lambda s: repository.slug_taken(session, Influencer, s)
    )
    if data.slug and repository.slug_taken(session, Influencer, slug):
        raise Duplicate(f"An influencer with slug '{slug}' already exists", slug=slug)
    _check_handles_free(session, data.accounts)
    influencer = Influencer(
        slug=slug,
        display_name=data.display_name,
        niche=data.niche,
        province=data.province,
        languages=[lang.value for lang in data.languages],
        bio=data.bio,
        accounts=[_new_account(account) for account in data.accounts],
    )
    _refresh_search_text(influencer)
    session.add(influencer)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="influencer.create",
        entity_type="influencer",
        entity_id=slug,
        data={"display_name": data.display_name},
    )
    return influencer


def update_influencer(
    session: Session, *, actor: Actor, slug: str, changes: InfluencerUpdate
) -> Influencer:
    """Change the given fields of a profile (admins, or the influencer themself)."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    authorize(actor, Action.UPDATE_INFLUENCER, influencer_id=influencer.id)
    check_version(influencer.version, changes.version, slug)
    fields = changes.model_dump(exclude_unset=True, exclude={"version"})
    if "languages" in fields and fields["languages"] is not None:
        fields["languages"] = [str(lang) for lang in dict.fromkeys(fields["languages"])]
    for name, value in fields.items():
        if value is None:
            raise ValidationFailed(f"'{name}' cannot be set to null", field=name)
        setattr(influencer, name, value)
    _refresh_search_text(influencer)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="influencer.update",
        entity_type="influencer",
        entity_id=slug,
        data={"fields": sorted(fields)},
    )
    return influencer


def delete_influencer(session: Session, *, actor: Actor, slug: str) -> None:
    """Remove a profile with its accounts and membership (the audit log keeps the fact)."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    authorize(actor, Action.DELETE_INFLUENCER, influencer_id=influencer.id)
    session.delete(influencer)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="influencer.delete",
        entity_type="influencer",
        entity_id=slug,
        data={},
    )


def add_account(session: Session, *, actor: Actor, slug: str, data: AccountIn) -> Account:
    """Record a platform account for an influencer; a handle belongs to one influencer only."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    authorize(actor, Action.MANAGE_ACCOUNTS, influencer_id=influencer.id)
    _check_handles_free(session, [data])
    account = _new_account(data)
    influencer.accounts.append(account)
    _refresh_search_text(influencer)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="account.add",
        entity_type="influencer",
        entity_id=slug,
        data={"platform": data.platform.value, "handle": data.handle},
    )
    return account


def update_account(
    session: Session, *, actor: Actor, slug: str, account_id: int, changes: AccountUpdate
) -> Account:
    """Change an account's URL or follower count."""
    influencer, account = _owned_account(session, actor=actor, slug=slug, account_id=account_id)
    authorize(actor, Action.MANAGE_ACCOUNTS, influencer_id=influencer.id)
    fields = changes.model_dump(exclude_unset=True)
    if "url" in fields:
        account.url = str(changes.url) if changes.url else None
    if changes.followers is not None:
        account.followers = changes.followers
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="account.update",
        entity_type="influencer",
        entity_id=slug,
        data={"account_id": account_id, "fields": sorted(fields)},
    )
    return account


def remove_account(session: Session, *, actor: Actor, slug: str, account_id: int) -> None:
    """Delete one of an influencer's accounts."""
    influencer, account = _owned_account(session, actor=actor, slug=slug, account_id=account_id)
    authorize(actor, Action.MANAGE_ACCOUNTS, influencer_id=influencer.id)
    influencer.accounts.remove(account)
    _refresh_search_text(influencer)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="account.remove",
        entity_type="influencer",
        entity_id=slug,
        data={"platform": account.platform.value, "handle": account.handle},
    )


def verify_identity(
    session: Session, *, actor: Actor, slug: str, data: IdentityVerificationIn, key: bytes
) -> Influencer:
    """Record the identity-verification level; keep only a keyed hash and 4 digits."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    authorize(actor, Action.VERIFY_IDENTITY, influencer_id=influencer.id)
    if data.level is VerificationLevel.NONE:
        influencer.verified_id_hash = influencer.verified_id_last4 = None
        influencer.verified_at = None
    else:
        if not data.id_number:
            raise ValidationFailed("id_number is required for this level", field="id_number")
        proof = prove(data.level, data.id_number, key=key)
        influencer.verified_id_hash, influencer.verified_id_last4 = proof.digest, proof.last4
        influencer.verified_at = utcnow()
    influencer.verification_level = data.level
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="influencer.verify_identity",
        entity_type="influencer",
        entity_id=slug,
        data={"level": data.level.value},
    )
    return influencer


def _owned_account(
    session: Session, *, actor: Actor, slug: str, account_id: int
) -> tuple[Influencer, Account]:
    influencer = get_influencer(session, actor=actor, slug=slug)
    for account in influencer.accounts:
        if account.id == account_id:
            return influencer, account
    raise NotFound(f"Influencer '{slug}' has no account {account_id}", account_id=account_id)


def _check_handles_free(session: Session, accounts: list[AccountIn]) -> None:
    seen: set[tuple[str, str]] = set()
    for account in accounts:
        key = (account.platform.value, handle_key(account.handle))
        owner = repository.account_by_handle(session, account.platform, key[1])
        if owner is not None or key in seen:
            raise Duplicate(
                f"The {account.platform.value} handle '{account.handle}' is already registered",
                platform=account.platform.value,
                handle=account.handle,
                owner=owner.influencer.slug if owner else None,
            )
        seen.add(key)


def _new_account(data: AccountIn) -> Account:
    return Account(
        platform=data.platform,
        handle=data.handle,
        handle_key=handle_key(data.handle),
        url=str(data.url) if data.url else None,
        followers=data.followers,
    )


def _refresh_search_text(influencer: Influencer) -> None:
    parts: list[Any] = [influencer.display_name, influencer.slug, influencer.bio]
    parts += [account.handle for account in influencer.accounts]
    influencer.search_text = fold(" ".join(str(part) for part in parts))


def search_accounts(
    session: Session,
    *,
    actor: Actor,
    platform: Platform | None,
    handle: str | None,
    page: int,
    per_page: int,
) -> tuple[list[Account], int]:
    """One page of platform accounts by platform and handle prefix."""
    authorize(actor, Action.READ_REGISTRY)
    return repository.search_accounts(
        session, platform=platform, handle=handle, offset=(page - 1) * per_page, limit=per_page
    )
