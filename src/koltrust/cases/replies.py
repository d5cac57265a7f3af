"""Right of reply: the influencer concerned answers a case before it is decided."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.cases.models import Case, CaseReply
from koltrust.cases.service import advance_case, case_for, required_reason
from koltrust.cases.states import CaseState
from koltrust.db.versioning import check_version
from koltrust.errors import DeadlinePassed, InvalidTransition

_OPEN_TO_REPLY = frozenset({CaseState.OPEN, CaseState.IN_REVIEW})


def submit_reply(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    text: str,
    evidence_urls: Sequence[str],
    expected_version: int | None,
    now: datetime,
) -> Case:
    """Add the influencer's reply: allowed until the case is decided and the reply window
    ends. The reply moves the case's version, so an analyst who read the case before it gets
    409 stale_version and sees the reply before deciding."""
    case = case_for(session, actor=actor, case_id=case_id)
    authorize(actor, Action.APPEAL_CASES, influencer_id=case.influencer_id)
    text = required_reason(text)
    check_version(case.version, expected_version, f"case {case_id}")
    if case.state not in _OPEN_TO_REPLY:
        raise InvalidTransition(
            f"Case {case_id} is already '{case.state.value.replace('_', ' ')}'; a reply is "
            "possible until the decision (appeal it instead)",
            current_state=case.state.value,
        )
    if case.reply_due_at is not None and now > case.reply_due_at:
        raise DeadlinePassed(
            f"The reply window of case {case_id} ended on {case.reply_due_at:%Y-%m-%d %H:%M} UTC",
            reply_due_at=case.reply_due_at.isoformat(),
        )
    reply = CaseReply(
        user_id=actor.user_id, author=actor.label, text=text, evidence_urls=list(evidence_urls)
    )
    reply.at = now
    case.replies.append(reply)
    session.flush()
    data = {"reply_id": reply.id, "evidence_urls": list(evidence_urls)}
    return advance_case(
        session,
        actor=actor,
        case=case,
        move="reply",
        target=case.state,
        reason=text,
        data=data,
        now=now,
    )
