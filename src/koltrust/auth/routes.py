"""JSON API for users, the current identity and API tokens."""

from __future__ import annotations

from fastapi import APIRouter, status

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep
from koltrust.auth import repository, service
from koltrust.auth.models import User
from koltrust.auth.permissions import Action, authorize
from koltrust.auth.schemas import NewTokenOut, TokenCreate, TokenOut, UserCreate, UserOut
from koltrust.common_schemas import StrictModel
from koltrust.errors import Unauthenticated

router = APIRouter(tags=["auth"])


class MeOut(StrictModel):
    authenticated: bool
    label: str
    role: str | None
    email: str | None = None


class TokenRequest(TokenCreate):
    email: str | None = None


@router.get("/me")
def me(session: SessionDep, actor: ActorDep) -> MeOut:
    """Who the request is acting as."""
    user = session.get(User, actor.user_id) if actor.user_id else None
    return MeOut(
        authenticated=not actor.is_anonymous,
        label=actor.label,
        role=actor.role.value if actor.role else None,
        email=user.email if user else None,
    )


@router.get("/users")
def list_users(session: SessionDep, actor: ActorDep) -> list[UserOut]:
    """All users (admins)."""
    authorize(actor, Action.MANAGE_USERS)
    return [UserOut.model_validate(user) for user in repository.list_users(session)]


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, session: SessionDep, actor: ActorDep) -> UserOut:
    """Create a user (admins)."""
    return UserOut.model_validate(service.create_user(session, actor=actor, data=body))


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(
    body: TokenRequest, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> NewTokenOut:
    """A new API token for yourself (or, for admins, for ``email``). Shown once."""
    if actor.is_anonymous:
        raise Unauthenticated("Sign in or send an API token to create a token")
    row, token = service.create_token(
        session,
        actor=actor,
        email=body.email,
        data=TokenCreate(name=body.name, days=body.days),
        default_days=settings.token_default_days,
    )
    return NewTokenOut(**TokenOut.model_validate(row).model_dump(), token=token)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, session: SessionDep, actor: ActorDep) -> None:
    """Revoke one of your tokens (admins: any token)."""
    if actor.is_anonymous:
        raise Unauthenticated("Sign in or send an API token to revoke a token")
    service.revoke_token(session, actor=actor, token_id=token_id)
