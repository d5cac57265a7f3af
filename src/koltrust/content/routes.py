"""JSON API of screening."""

from __future__ import annotations

from fastapi import APIRouter, Request

from koltrust.api.deps import ActorDep
from koltrust.auth.permissions import Action, authorize
from koltrust.content import service
from koltrust.content.schemas import PostIn, ScreeningOut
from koltrust.screening.source import RulebookSource

router = APIRouter(tags=["screening"])


def screening_source(request: Request) -> RulebookSource:
    """The rulebook source (and through it the current engine) of the application."""
    source: RulebookSource = request.app.state.screening
    return source


@router.post("/screen")
def screen(body: PostIn, request: Request, actor: ActorDep) -> ScreeningOut:
    """Check a draft post against the rulebook; nothing is stored (open to everyone)."""
    authorize(actor, Action.CHECK_POST)
    return service.check_post(screening_source(request), body)
