"""JSON API of the registry: influencers, accounts, organisations, memberships."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Actor
from koltrust.common_schemas import Page
from koltrust.registry import membership_service, organisation_service, service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange
from koltrust.registry.models import Influencer, MembershipStatus, OrganisationKind
from koltrust.registry.reference import Language, Platform
from koltrust.registry.schemas import (
    AccountIn,
    AccountOut,
    AccountUpdate,
    IdentityVerificationIn,
    InfluencerCreate,
    InfluencerFilters,
    InfluencerOut,
    InfluencerPrivateOut,
    InfluencerUpdate,
    MembershipActionIn,
    MembershipEventOut,
    MembershipOut,
    OrganisationCreate,
    OrganisationFilters,
    OrganisationOut,
    OrganisationUpdate,
)

router = APIRouter(tags=["registry"])


# the private shape first: a response model of plain InfluencerOut would drop its fields
InfluencerView = InfluencerPrivateOut | InfluencerOut


def influencer_out(influencer: Influencer, actor: Actor) -> InfluencerView:
    """The public shape, or the private one for those allowed to see it."""
    if service.can_read_private(actor, influencer):
        return InfluencerPrivateOut.model_validate(influencer)
    return InfluencerOut.model_validate(influencer)


@router.get("/influencers", response_model=Page[InfluencerOut])
def list_influencers(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    niche: str | None = None,
    province: str | None = None,
    platform: Platform | None = None,
    language: Language | None = None,
    membership: MembershipStatus | None = None,
) -> Page[InfluencerOut]:
    """Search the public directory."""
    filters = parse(
        InfluencerFilters,
        {
            "q": q,
            "niche": niche,
            "province": province,
            "platform": platform,
            "language": language,
            "membership": membership,
        },
    )
    rows, total = service.search_influencers(
        session, actor=actor, filters=filters, page=paging.page, per_page=paging.per_page
    )
    return paging.page_of([InfluencerOut.model_validate(row) for row in rows], total)


@router.post("/influencers", status_code=status.HTTP_201_CREATED)
def create_influencer(
    body: InfluencerCreate, session: SessionDep, actor: ActorDep, response: Response
) -> InfluencerView:
    """Register an influencer (admins)."""
    influencer = service.create_influencer(session, actor=actor, data=body)
    response.headers["Location"] = f"/api/v1/influencers/{influencer.slug}"
    return influencer_out(influencer, actor)


@router.get("/influencers/{slug}")
def get_influencer(slug: str, session: SessionDep, actor: ActorDep) -> InfluencerView:
    """One influencer's public profile (with private fields for those allowed)."""
    return influencer_out(service.get_influencer(session, actor=actor, slug=slug), actor)


@router.patch("/influencers/{slug}")
def update_influencer(
    slug: str, body: InfluencerUpdate, session: SessionDep, actor: ActorDep
) -> InfluencerView:
    """Change a profile (admins, or the influencer themself)."""
    influencer = service.update_influencer(session, actor=actor, slug=slug, changes=body)
    return influencer_out(influencer, actor)


@router.delete("/influencers/{slug}", status_code=status.HTTP_204_NO_CONTENT)
def delete_influencer(slug: str, session: SessionDep, actor: ActorDep) -> None:
    """Remove a profile (admins)."""
    service.delete_influencer(session, actor=actor, slug=slug)


@router.post("/influencers/{slug}/accounts", status_code=status.HTTP_201_CREATED)
def add_account(slug: str, body: AccountIn, session: SessionDep, actor: ActorDep) -> AccountOut:
    """Record a platform account."""
    account = service.add_account(session, actor=actor, slug=slug, data=body)
    return AccountOut.model_validate(account)


@router.patch("/influencers/{slug}/accounts/{account_id}")
def update_account(
    slug: str, account_id: int, body: AccountUpdate, session: SessionDep, actor: ActorDep
) -> AccountOut:
    """Change an account's URL or follower count."""
    account = service.update_account(
        session, actor=actor, slug=slug, account_id=account_id, changes=body
    )
    return AccountOut.model_validate(account)


@router.delete("/influencers/{slug}/accounts/{account_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_account(slug: str, account_id: int, session: SessionDep, actor: ActorDep) -> None:
    """Delete an account."""
    service.remove_account(session, actor=actor, slug=slug, account_id=account_id)


@router.put("/influencers/{slug}/verification")
def verify_identity(
    slug: str,
    body: IdentityVerificationIn,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> InfluencerView:
    """Record the identity-verification level (admins); the number itself is not stored."""
    influencer = service.verify_identity(
        session, actor=actor, slug=slug, data=body, key=settings.identity_hash_key()
    )
    return influencer_out(influencer, actor)


@router.get("/influencers/{slug}/membership/events")
def influencer_membership_events(
    slug: str, session: SessionDep, actor: ActorDep
) -> list[MembershipEventOut]:
    """The membership history (admins, analysts, the influencer)."""
    influencer = service.get_influencer(session, actor=actor, slug=slug)
    events = membership_service.history(session, actor=actor, subject=influencer)
    return [MembershipEventOut.model_validate(event) for event in events]


@router.post("/influencers/{slug}/membership/{action}")
def change_influencer_membership(
    slug: str,
    action: MembershipAction,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    body: MembershipActionIn | None = None,
) -> MembershipOut:
    """Apply, admit, suspend, reinstate, expel or withdraw; 409 when the move is invalid."""
    change = _change(action, body)
    membership = membership_service.change_influencer_membership(
        session,
        actor=actor,
        slug=slug,
        change=change,
        current_coc=settings.code_of_conduct_version,
    )
    return MembershipOut.model_validate(membership)


def _change(action: MembershipAction, body: MembershipActionIn | None) -> MembershipChange:
    body = body or MembershipActionIn()
    return MembershipChange(
        action=action, reason=body.reason, code_of_conduct_version=body.code_of_conduct_version
    )


@router.get("/organisations", response_model=Page[OrganisationOut])
def list_organisations(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: OrganisationKind | None = None,
    membership: MembershipStatus | None = None,
) -> Page[OrganisationOut]:
    """Search organisations."""
    filters = parse(OrganisationFilters, {"q": q, "kind": kind, "membership": membership})
    rows, total = organisation_service.search_organisations(
        session, actor=actor, filters=filters, page=paging.page, per_page=paging.per_page
    )
    return paging.page_of([OrganisationOut.model_validate(row) for row in rows], total)


@router.post("/organisations", status_code=status.HTTP_201_CREATED)
def create_organisation(
    body: OrganisationCreate, session: SessionDep, actor: ActorDep, response: Response
) -> OrganisationOut:
    """Register an organisation (admins)."""
    organisation = organisation_service.create_organisation(session, actor=actor, data=body)
    response.headers["Location"] = f"/api/v1/organisations/{organisation.slug}"
    return OrganisationOut.model_validate(organisation)


@router.get("/organisations/{slug}")
def get_organisation(slug: str, session: SessionDep, actor: ActorDep) -> OrganisationOut:
    """One organisation."""
    organisation = organisation_service.get_organisation(session, actor=actor, slug=slug)
    return OrganisationOut.model_validate(organisation)


@router.patch("/organisations/{slug}")
def update_organisation(
    slug: str, body: OrganisationUpdate, session: SessionDep, actor: ActorDep
) -> OrganisationOut:
    """Change an organisation (admins)."""
    organisation = organisation_service.update_organisation(
        session, actor=actor, slug=slug, changes=body
    )
    return OrganisationOut.model_validate(organisation)


@router.delete("/organisations/{slug}", status_code=status.HTTP_204_NO_CONTENT)
def delete_organisation(slug: str, session: SessionDep, actor: ActorDep) -> None:
    """Remove an organisation (admins)."""
    organisation_service.delete_organisation(session, actor=actor, slug=slug)


@router.post("/organisations/{slug}/membership/{action}")
def change_organisation_membership(
    slug: str,
    action: MembershipAction,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    body: MembershipActionIn | None = None,
) -> MembershipOut:
    """Move an organisation's membership; 409 when the move is invalid."""
    membership = membership_service.change_organisation_membership(
        session,
        actor=actor,
        slug=slug,
        change=_change(action, body),
        current_coc=settings.code_of_conduct_version,
    )
    return MembershipOut.model_validate(membership)
