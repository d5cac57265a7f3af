"""Telling an influencer what happens in their cases, and reading those messages back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.db.types import utcnow
from koltrust.errors import ValidationFailed
from koltrust.notifications.models import Notification

# what each kind of message says; the web UI renders the same kinds in the user's language
KINDS = {
    "case_opened": "A case about your posts was opened; you may reply until {reply_due_at}.",
    "case_decided": "Case {case_id} was decided: {outcome}.",
    "sanction_issued": "A sanction was issued: {kind}, until {ends_at}.",
    "appeal_received": "Your appeal of case {case_id} was received.",
    "appeal_decided": "Your appeal of case {case_id} was decided: {outcome}.",
    "sanction_ended": "Your sanction {sanction_id} ({kind}) is {status}.",
}


def notify(
    session: Session,
    *,
    influencer_id: int,
    kind: str,
    case_id: int | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Notification:
    """Queue a message for the influencer, in the caller's transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    note = Notification(
        influencer_id=influencer_id,
        case_id=case_id,
        kind=kind,
        data=data or {},
        created_at=at or utcnow(),
    )
    session.add(note)
    return note


def text_of(note: Notification) -> str:
    """The message in English (the web UI translates by kind)."""
    values = {"case_id": note.case_id, **note.data}
    try:
        return KINDS[note.kind].format(**values)
    except (KeyError, IndexError):
        return note.kind.replace("_", " ")


def notifications_for(
    session: Session, *, actor: Actor, influencer_id: int, unread_only: bool, limit: int
) -> tuple[list[Notification], int]:
    """The influencer's messages, newest first, and how many are unread (their own, or staff)."""
    authorize(actor, Action.READ_CASES, influencer_id=influencer_id)
    stmt = select(Notification).where(Notification.influencer_id == influencer_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    notes = list(session.scalars(stmt.order_by(Notification.id.desc()).limit(limit)))
    unread = session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.influencer_id == influencer_id, Notification.read_at.is_(None))
    )
    return notes, unread or 0


def mark_read(session: Session, *, actor: Actor, influencer_id: int, ids: list[int]) -> int:
    """Mark the influencer's own messages read; how many changed."""
    if actor.influencer_id != influencer_id:
        raise ValidationFailed("Only the influencer marks their messages read", field="ids")
    stmt = (
        update(Notification)
        .where(
            Notification.influencer_id == influencer_id,
            Notification.id.in_(ids),
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(session.execute(stmt), "rowcount", 0) or 0)
