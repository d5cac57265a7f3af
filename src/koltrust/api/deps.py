"""Request-scoped dependencies: settings, the transaction, the acting user, pagination."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from koltrust.api.problems import validation_error
from koltrust.auth.models import User
from koltrust.auth.permissions import ANONYMOUS, Actor
from koltrust.auth.service import actor_for, actor_for_token
from koltrust.common_schemas import ItemT, Page
from koltrust.config import Settings
from koltrust.db.session import transaction
from koltrust.errors import Unauthenticated, ValidationFailed

SESSION_USER_KEY = "user_id"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    """The settings the application was built with."""
    settings: Settings = request.app.state.settings
    return settings


def db_session(request: Request) -> Iterator[Session]:
    """A session whose transaction commits after the handler succeeds, before the response is
    sent, and rolls back if it raises."""
    with transaction(request.app.state.session_factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(db_session, scope="function")]


def current_actor(request: Request, session: SessionDep) -> Actor:
    """The bearer token's user, else the signed-in web user, else anonymous."""
    authorization = request.headers.get("authorization")
    if authorization:
        return _actor_from_bearer(session, authorization)
    if not _cookie_may_authenticate(request):
        return ANONYMOUS
    user_id = request.session.get(SESSION_USER_KEY)
    if user_id is not None:
        user = session.get(User, user_id)
        if user is not None and user.active:
            return actor_for(user)
    return ANONYMOUS


def _cookie_may_authenticate(request: Request) -> bool:
    # API writes need a bearer token: a cookie alone would let other sites forge requests
    if "session" not in request.scope:
        return False
    is_api_write = request.url.path.startswith("/api/") and request.method not in _SAFE_METHODS
    return not is_api_write


def _actor_from_bearer(session: Session, authorization: str) -> Actor:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use the header 'Authorization: Bearer <token>'")
    actor = actor_for_token(session, token.strip())
    if actor is None:
        raise Unauthenticated("The API token is unknown, revoked or expired")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list to return."""

    page: int
    per_page: int

    def pages(self, total: int) -> int:
        """How many pages ``total`` items fill."""
        return max(1, -(-total // self.per_page))

    def page_of(self, items: list[ItemT], total: int) -> Page[ItemT]:
        """This page of a list: ``items`` and the ``total`` across all pages."""
        return Page(
            items=items,
            total=total,
            page=self.page,
            per_page=self.per_page,
            pages=self.pages(total),
        )


def page_request(
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int | None, Query(ge=1)] = None,
) -> PageRequest:
    """Pagination parameters, bounded by the configured maximum page size."""
    size = per_page or settings.page_size_default
    if size > settings.page_size_max:
        raise ValidationFailed(
            f"per_page must be at most {settings.page_size_max}", field="per_page"
        )
    return PageRequest(page=page, per_page=size)


PageDep = Annotated[PageRequest, Depends(page_request)]

ModelT = TypeVar("ModelT", bound=BaseModel)


def parse(model: type[ModelT], data: dict[str, Any]) -> ModelT:
    """Validate ``data`` into ``model``; raise our ValidationFailed on bad input."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(list(exc.errors())) from exc
