"""JSON API of an influencer's messages."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import Field

from koltrust.api.deps import ActorDep, SessionDep
from koltrust.auth.permissions import Action, authorize
from koltrust.common_schemas import ReadModel, Slug, StrictModel
from koltrust.errors import ValidationFailed
from koltrust.notifications import service
from koltrust.notifications.models import Notification
from koltrust.registry import repository as registry

router = APIRouter(tags=["notifications"])


class NotificationOut(ReadModel):
    id: int
    kind: str
    case_id: int | None
    data: dict[str, object]
    text: str
    created_at: datetime
    read_at: datetime | None


class NotificationsOut(StrictModel):
    items: list[NotificationOut]
    unread: int


class ReadIn(StrictModel):
    ids: list[int] = Field(min_length=1, max_length=500)


def _out(note: Notification) -> NotificationOut:
    return NotificationOut(
        id=note.id,
        kind=note.kind,
        case_id=note.case_id,
        data=note.data,
        text=service.text_of(note),
        created_at=note.created_at,
        read_at=note.read_at,
    )


def _influencer_id(session: SessionDep, actor: ActorDep, slug: str | None) -> int:
    if slug is None:
        if actor.is_anonymous:
            authorize(actor, Action.READ_CASES)  # 401
        if actor.influencer_id is None:
            raise ValidationFailed("Name the influencer (?influencer=slug)", field="influencer")
        return actor.influencer_id
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise ValidationFailed(f"No influencer with slug '{slug}'", field="influencer")
    return influencer.id


@router.get("/notifications")
def list_notifications(
    session: SessionDep,
    actor: ActorDep,
    influencer: Slug | None = None,
    unread: bool = False,
) -> NotificationsOut:
    """The signed-in influencer's messages, newest first (staff: any influencer's)."""
    influencer_id = _influencer_id(session, actor, influencer)
    notes, unread_count = service.notifications_for(
        session, actor=actor, influencer_id=influencer_id, unread_only=unread, limit=200
    )
    return NotificationsOut(items=[_out(note) for note in notes], unread=unread_count)


@router.post("/notifications/read")
def mark_read(body: ReadIn, session: SessionDep, actor: ActorDep) -> dict[str, int]:
    """Mark the signed-in influencer's messages read (only they may)."""
    if actor.influencer_id is None:
        authorize(actor, Action.APPEAL_CASES)  # 401 anonymous, 403 anyone else
    influencer_id = _influencer_id(session, actor, None)
    changed = service.mark_read(session, actor=actor, influencer_id=influencer_id, ids=body.ids)
    return {"marked_read": changed}
