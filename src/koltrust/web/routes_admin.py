"""Forms that change the registry: new influencers and organisations, accounts, membership."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.errors import Duplicate, InvalidTransition, ValidationFailed
from koltrust.registry import membership_service, organisation_service, service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange
from koltrust.registry.schemas import (
    AccountIn,
    InfluencerCreate,
    MembershipActionIn,
    OrganisationCreate,
)
from koltrust.web import forms
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.routes_public import profile_context, reference_context
from koltrust.web.routes_trust import trust_context
from koltrust.web.templating import render, set_flash

router = APIRouter()

INFLUENCER_CREATED = N_("The influencer has been registered.")
ORGANISATION_CREATED = N_("The organisation has been registered.")
ACCOUNT_ADDED = N_("The account has been added.")
MEMBERSHIP_CHANGED = N_("The membership has been updated.")
TRANSITION_REFUSED = N_("This change is not possible from the current membership status.")
NEW_INFLUENCER_DEFAULTS: dict[str, Any] = {"languages": ["vi"]}


def _form_page(
    request: Request,
    template: str,
    actor: Actor,
    *,
    values: dict[str, Any],
    errors: forms.FieldErrors | None = None,
    status_code: int = 200,
) -> Response:
    context = {"values": values, "errors": errors or {}, **reference_context()}
    return render(request, template, context, actor=actor, status_code=status_code)


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


@router.get("/influencers/new")
def new_influencer_form(request: Request, actor: ActorDep) -> Response:
    """The form to register an influencer (admins)."""
    authorize(actor, Action.CREATE_INFLUENCER)
    return _form_page(request, "influencer_form.html", actor, values=NEW_INFLUENCER_DEFAULTS)


@router.post("/influencers/new")
def create_influencer(
    request: Request, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Register an influencer; re-show the form with the problems when refused."""
    try:
        data = parse(InfluencerCreate, forms.influencer_data(form))
        influencer = service.create_influencer(session, actor=actor, data=data)
    except (ValidationFailed, Duplicate) as error:
        return _form_again(request, session, "influencer_form.html", actor, form, error)
    set_flash(request, INFLUENCER_CREATED)
    return _redirect(f"/influencers/{influencer.slug}")


@router.get("/organisations/new")
def new_organisation_form(request: Request, actor: ActorDep) -> Response:
    """The form to register an organisation (admins)."""
    authorize(actor, Action.MANAGE_ORGANISATIONS)
    return _form_page(request, "organisation_form.html", actor, values={})


@router.post("/organisations/new")
def create_organisation(
    request: Request, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Register an organisation; re-show the form with the problems when refused."""
    try:
        data = parse(OrganisationCreate, forms.organisation_data(form))
        organisation = organisation_service.create_organisation(session, actor=actor, data=data)
    except (ValidationFailed, Duplicate) as error:
        return _form_again(request, session, "organisation_form.html", actor, form, error)
    set_flash(request, ORGANISATION_CREATED)
    return _redirect(f"/organisations?q={organisation.slug}")


def _form_again(
    request: Request,
    session: Session,
    template: str,
    actor: Actor,
    form: FormData,
    error: ValidationFailed | Duplicate,
) -> Response:
    # the request commits when the handler returns: undo anything flushed so far
    session.rollback()
    return _form_page(
        request,
        template,
        actor,
        values=forms.values(form),
        errors=forms.field_errors(error),
        status_code=error.status,
    )


def _profile_again(
    request: Request,
    session: Session,
    actor: Actor,
    slug: str,
    status_code: int,
    **extra: Any,
) -> Response:
    session.rollback()
    context = profile_context(session, actor=actor, settings=request.app.state.settings, slug=slug)
    context |= trust_context(request, session, context["influencer"])
    context.update(extra)
    return render(request, "profile.html", context, actor=actor, status_code=status_code)


@router.post("/influencers/{slug}/accounts")
def add_account(
    request: Request, slug: str, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Record a platform account for the influencer."""
    try:
        data = parse(AccountIn, forms.account_data(form))
        service.add_account(session, actor=actor, slug=slug, data=data)
    except (ValidationFailed, Duplicate) as error:
        return _profile_again(
            request,
            session,
            actor,
            slug,
            error.status,
            account_errors=forms.field_errors(error, field_prefix="account_"),
            account_values=forms.values(form),
        )
    set_flash(request, ACCOUNT_ADDED)
    return _redirect(f"/influencers/{slug}#accounts")


@router.post("/influencers/{slug}/membership")
def change_membership(
    request: Request,
    slug: str,
    form: FormDep,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> Response:
    """Move the influencer's membership (admit, suspend, expel...)."""
    action = forms.text(form, "action")
    try:
        if action not in set(MembershipAction):
            raise ValidationFailed(f"Unknown membership action '{action}'", field="action")
        body = parse(MembershipActionIn, {"reason": forms.text(form, "reason")})
        change = MembershipChange(action=MembershipAction(action), reason=body.reason)
        membership_service.change_influencer_membership(
            session,
            actor=actor,
            slug=slug,
            change=change,
            current_coc=settings.code_of_conduct_version,
        )
    except (ValidationFailed, InvalidTransition) as error:
        errors = (
            {"": TRANSITION_REFUSED}
            if isinstance(error, InvalidTransition)
            else forms.field_errors(error)
        )
        return _profile_again(
            request,
            session,
            actor,
            slug,
            error.status,
            membership_errors=errors,
            membership_action=action,
        )
    set_flash(request, MEMBERSHIP_CHANGED)
    return _redirect(f"/influencers/{slug}#membership")
