"""Pages anyone may read: home, the influencer directory and profiles, organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from koltrust.api.deps import ActorDep, PageDep, PageRequest, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Action, Actor, is_allowed
from koltrust.config import Settings
from koltrust.registry import membership_service, organisation_service, service
from koltrust.registry.lifecycle import REASONED_ACTIONS, TRANSITIONS, MembershipAction
from koltrust.registry.models import Influencer, MembershipStatus, OrganisationKind
from koltrust.registry.reference import Language, Platform, niches, provinces
from koltrust.registry.schemas import InfluencerFilters, OrganisationFilters
from koltrust.web import routes_trust
from koltrust.web.labels import NO_MEMBERSHIP
from koltrust.web.templating import query_url, render

router = APIRouter()

DIRECTORY_FILTERS = ("q", "niche", "province", "platform", "language", "membership")
ORGANISATION_FILTERS = ("q", "kind")


def reference_context() -> dict[str, Any]:
    """The choices offered by filters and forms."""
    return {
        "niches": list(niches().values()),
        "provinces": list(provinces().values()),
        "platforms": list(Platform),
        "languages_all": list(Language),
        "statuses": [*MembershipStatus, NO_MEMBERSHIP],
        "organisation_kinds": list(OrganisationKind),
    }


def _pagination(request: Request, paging: PageRequest, total: int) -> dict[str, Any]:
    params = dict(request.query_params)
    params.pop("partial", None)
    pages = paging.pages(total)

    def link(page: int) -> str | None:
        if page < 1 or page > pages or page == paging.page:
            return None
        return query_url(request.url.path, params | {"page": page})

    return {
        "page": paging.page,
        "pages": pages,
        "total": total,
        "prev_url": link(paging.page - 1),
        "next_url": link(paging.page + 1),
    }


def _query_values(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in names}


@router.get("/")
def home(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """What koltrust is, a few figures, and a search box."""
    counts = service.registry_counts(session, actor=actor)
    return render(request, "home.html", {"counts": counts}, actor=actor)


def _influencer_filters(chosen: dict[str, str]) -> InfluencerFilters:
    data: dict[str, Any] = {key: value or None for key, value in chosen.items()}
    if data.get("membership") == NO_MEMBERSHIP:
        data["membership"], data["not_member"] = None, True
    return parse(InfluencerFilters, data)


def wants_partial(request: Request) -> bool:
    """True when only the results fragment was asked for (by app.js or HTMX)."""
    return request.query_params.get("partial") == "1" or "hx-request" in request.headers


@router.get("/influencers")
def directory(request: Request, session: SessionDep, actor: ActorDep, paging: PageDep) -> Response:
    """The searchable directory of influencers."""
    chosen = _query_values(request, DIRECTORY_FILTERS)
    rows, total = service.search_influencers(
        session,
        actor=actor,
        filters=_influencer_filters(chosen),
        page=paging.page,
        per_page=paging.per_page,
    )
    context = {
        "influencers": rows,
        "chosen": chosen,
        "pagination": _pagination(request, paging, total),
        **reference_context(),
    }
    if wants_partial(request):
        return render(request, "_results.html", context, actor=actor, flash=False)
    return render(request, "influencers.html", context, actor=actor)


def allowed_actions(actor: Actor, influencer: Influencer) -> list[MembershipAction]:
    """The membership moves ``actor`` may make from the influencer's current state."""
    current = influencer.membership.status if influencer.membership else None
    return [
        action
        for action, (sources, _) in TRANSITIONS.items()
        if current in sources
        and is_allowed(
            actor,
            membership_service.permission_for(action),
            influencer_id=influencer.id,
        )
    ]


def profile_context(
    session: Session, *, actor: Actor, settings: Settings, slug: str
) -> dict[str, Any]:
    """Everything the profile page shows ``actor`` about the influencer ``slug``."""
    influencer = service.get_influencer(session, actor=actor, slug=slug)
    private = service.can_read_private(actor, influencer)
    history = (
        membership_service.history(session, actor=actor, subject=influencer) if private else []
    )
    return {
        "influencer": influencer,
        "private": private,
        "history": history,
        "actions": allowed_actions(actor, influencer),
        "reasoned_actions": REASONED_ACTIONS,
        "can_manage_accounts": is_allowed(
            actor, Action.MANAGE_ACCOUNTS, influencer_id=influencer.id
        ),
        "code_of_conduct_version": settings.code_of_conduct_version,
        "platforms": list(Platform),
        "account_errors": {},
        "account_values": {},
        "membership_errors": {},
        "membership_action": None,
    }


@router.get("/influencers/{slug}")
def profile(
    request: Request, slug: str, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> Response:
    """One influencer's public profile (with admin tools for those allowed)."""
    context = profile_context(session, actor=actor, settings=settings, slug=slug)
    context |= routes_trust.trust_context(request, session, context["influencer"])
    return render(request, "profile.html", context, actor=actor)


@router.get("/organisations")
def organisations(
    request: Request, session: SessionDep, actor: ActorDep, paging: PageDep
) -> Response:
    """Businesses, media outlets, platforms and agencies, filtered by kind and name."""
    chosen = _query_values(request, ORGANISATION_FILTERS)
    filters = parse(OrganisationFilters, {key: value or None for key, value in chosen.items()})
    rows, total = organisation_service.search_organisations(
        session, actor=actor, filters=filters, page=paging.page, per_page=paging.per_page
    )
    context = {
        "organisations": rows,
        "chosen": chosen,
        "pagination": _pagination(request, paging, total),
        **reference_context(),
    }
    return render(request, "organisations.html", context, actor=actor)
