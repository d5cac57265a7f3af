"""The alliance membership lifecycle: every (state, action) pair, events, audit, pledges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import SYSTEM
from koltrust.errors import InvalidTransition, ValidationFailed
from koltrust.registry.lifecycle import MembershipAction as A
from koltrust.registry.lifecycle import next_status
from koltrust.registry.membership_service import (
    MembershipChange,
    change_influencer_membership,
    change_organisation_membership,
)
from koltrust.registry.models import Membership, MembershipEvent
from koltrust.registry.models import MembershipStatus as S
from tests.factories import make_influencer, make_organisation

COC = "2025.1"
REASON = "Đăng quảng cáo không ghi rõ"

# how to reach each starting state from no membership
PATHS: dict[S | None, list[A]] = {
    None: [],
    S.APPLICANT: [A.APPLY],
    S.MEMBER: [A.ADMIT],
    S.SUSPENDED: [A.ADMIT, A.SUSPEND],
    S.EXPELLED: [A.ADMIT, A.EXPEL],
    S.WITHDRAWN: [A.APPLY, A.WITHDRAW],
}

# state -> action -> the state it leads to, or None when the move is refused
LIFECYCLE: dict[S | None, dict[A, S | None]] = {
    None: {
        A.APPLY: S.APPLICANT,
        A.ADMIT: S.MEMBER,
        A.SUSPEND: None,
        A.REINSTATE: None,
        A.EXPEL: None,
        A.WITHDRAW: None,
    },
    S.APPLICANT: {
        A.APPLY: None,
        A.ADMIT: S.MEMBER,
        A.SUSPEND: None,
        A.REINSTATE: None,
        A.EXPEL: None,
        A.WITHDRAW: S.WITHDRAWN,
    },
    S.MEMBER: {
        A.APPLY: None,
        A.ADMIT: None,
        A.SUSPEND: S.SUSPENDED,
        A.REINSTATE: None,
        A.EXPEL: S.EXPELLED,
        A.WITHDRAW: S.WITHDRAWN,
    },
    S.SUSPENDED: {
        A.APPLY: None,
        A.ADMIT: None,
        A.SUSPEND: None,
        A.REINSTATE: S.MEMBER,
        A.EXPEL: S.EXPELLED,
        A.WITHDRAW: S.WITHDRAWN,
    },
    S.EXPELLED: {
        A.APPLY: None,
        A.ADMIT: None,
        A.SUSPEND: None,
        A.REINSTATE: S.MEMBER,
        A.EXPEL: None,
        A.WITHDRAW: None,
    },
    S.WITHDRAWN: {
        A.APPLY: S.APPLICANT,
        A.ADMIT: S.MEMBER,
        A.SUSPEND: None,
        A.REINSTATE: None,
        A.EXPEL: None,
        A.WITHDRAW: None,
    },
}
PAIRS = [(state, action) for state, row in LIFECYCLE.items() for action in row]


def _move(session: Session, slug: str, action: A, reason: str = REASON) -> Membership:
    return change_influencer_membership(
        session,
        actor=SYSTEM,
        slug=slug,
        change=MembershipChange(action=action, reason=reason),
        current_coc=COC,
    )


def _counts(session: Session) -> tuple[int, int]:
    events = session.scalar(select(func.count()).select_from(MembershipEvent)) or 0
    audits = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("membership.%"))
    )
    return events, audits or 0


def test_table_lists_every_state_and_action() -> None:
    assert set(LIFECYCLE) == {None, *S}
    assert all(set(row) == set(A) for row in LIFECYCLE.values())


@pytest.mark.parametrize(
    ("state", "action"), PAIRS, ids=[f"{s.value if s else 'none'}-{a.value}" for s, a in PAIRS]
)
def test_pure_transition_table(state: S | None, action: A) -> None:
    target = LIFECYCLE[state][action]
    if target is None:
        with pytest.raises(InvalidTransition):
            next_status(state, action)
    else:
        assert next_status(state, action) is target


@pytest.mark.parametrize(
    ("state", "action"), PAIRS, ids=[f"{s.value if s else 'none'}-{a.value}" for s, a in PAIRS]
)
def test_each_move_reaches_its_state_or_is_refused(
    session: Session, state: S | None, action: A
) -> None:
    make_influencer(session, slug="linh")
    for step in PATHS[state]:
        _move(session, "linh", step)
    events_before, audits_before = _counts(session)
    target = LIFECYCLE[state][action]

    if target is None:
        with pytest.raises(InvalidTransition) as caught:
            _move(session, "linh", action)
        allowed = sorted(a.value for a, to in LIFECYCLE[state].items() if to is not None)
        assert caught.value.data["allowed_actions"] == allowed
        assert caught.value.data["current_status"] == (state.value if state else None)
        assert _counts(session) == (events_before, audits_before)
        return

    membership = _move(session, "linh", action)

    assert membership.status is target
    assert _counts(session) == (events_before + 1, audits_before + 1)
    event = membership.events[-1]
    assert (event.action, event.from_status, event.to_status) == (action.value, state, target)
    assert event.actor == SYSTEM.label
    audit = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert audit is not None
    assert audit.action == f"membership.{action.value}"
    assert audit.entity_id == "linh"
    assert audit.data["from"] == (state.value if state else None)
    assert audit.data["to"] == target.value


@pytest.mark.parametrize("action", [A.SUSPEND, A.EXPEL])
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_taking_membership_away_needs_a_reason(session: Session, action: A, reason: str) -> None:
    make_influencer(session, slug="linh")
    _move(session, "linh", A.ADMIT)
    counts = _counts(session)

    with pytest.raises(ValidationFailed) as caught:
        _move(session, "linh", action, reason=reason)

    assert caught.value.data == {"field": "reason"}
    assert _counts(session) == counts


def test_suspend_without_reason_over_the_api_is_a_422(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, slug="linh")
    _move(session, "linh", A.ADMIT)
    session.commit()

    response = client.post("/api/v1/influencers/linh/membership/suspend", headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert client.get("/api/v1/influencers/linh").json()["membership"]["status"] == "member"


@pytest.mark.parametrize("action", [A.APPLY, A.ADMIT])
def test_joining_records_the_code_of_conduct_pledge(session: Session, action: A) -> None:
    make_influencer(session, slug="linh")
    before = datetime.now(UTC)

    membership = _move(session, "linh", action)

    assert membership.code_of_conduct_version == COC
    assert membership.pledged_at is not None
    assert before - timedelta(seconds=1) <= membership.pledged_at <= datetime.now(UTC)
    assert membership.events[-1].code_of_conduct_version == COC


def test_pledge_to_an_explicit_version_is_kept(session: Session) -> None:
    make_influencer(session, slug="linh")

    membership = change_influencer_membership(
        session,
        actor=SYSTEM,
        slug="linh",
        change=MembershipChange(action=A.APPLY, code_of_conduct_version="2024.3"),
        current_coc=COC,
    )

    assert membership.code_of_conduct_version == "2024.3"


def test_non_joining_moves_keep_the_earlier_pledge(session: Session) -> None:
    make_influencer(session, slug="linh")
    joined = _move(session, "linh", A.ADMIT)
    pledged_at = joined.pledged_at

    suspended = _move(session, "linh", A.SUSPEND)

    assert suspended.code_of_conduct_version == COC
    assert suspended.pledged_at == pledged_at
    assert suspended.events[-1].code_of_conduct_version is None


def test_apply_over_the_api_pledges_to_the_configured_version(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, slug="linh")

    response = client.post("/api/v1/influencers/linh/membership/apply", headers=admin_headers)

    assert response.status_code == 200
    assert response.json()["status"] == "applicant"
    assert response.json()["code_of_conduct_version"] == COC
    assert response.json()["pledged_at"] is not None


def test_history_lists_every_move_in_order(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_influencer(session, slug="linh")
    for action in (A.APPLY, A.ADMIT, A.SUSPEND, A.REINSTATE, A.WITHDRAW):
        _move(session, "linh", action)
    session.commit()

    events = client.get("/api/v1/influencers/linh/membership/events", headers=admin_headers).json()

    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("apply", None, "applicant"),
        ("admit", "applicant", "member"),
        ("suspend", "member", "suspended"),
        ("reinstate", "suspended", "member"),
        ("withdraw", "member", "withdrawn"),
    ]
    assert events[2]["reason"] == REASON


def test_organisation_membership_follows_the_same_lifecycle(session: Session) -> None:
    make_organisation(session, slug="sen-viet")

    def move(action: A) -> Membership:
        return change_organisation_membership(
            session,
            actor=SYSTEM,
            slug="sen-viet",
            change=MembershipChange(action=action, reason=REASON),
            current_coc=COC,
        )

    assert move(A.APPLY).status is S.APPLICANT
    assert move(A.ADMIT).status is S.MEMBER
    membership = move(A.EXPEL)
    assert membership.status is S.EXPELLED
    assert membership.organisation_id is not None
    assert membership.influencer_id is None
    with pytest.raises(InvalidTransition):
        move(A.APPLY)
    audits = session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_type == "organisation")
    ).all()
    assert audits[-3:] == ["membership.apply", "membership.admit", "membership.expel"]
