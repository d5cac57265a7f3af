"""The case service: every move appends one event and one audit entry, raises the version by
one, needs a reason, and is refused for the wrong person, state or version."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.cases import decisions, service
from koltrust.cases.models import CaseEvent, DecisionOutcome
from koltrust.cases.states import CaseState, Move
from koltrust.db.types import utcnow
from koltrust.errors import Forbidden, InvalidTransition, StaleVersion, ValidationFailed
from koltrust.screening.model import Severity
from tests.cases.helpers import (
    DUE,
    NO_APPEAL_WINDOW,
    RULE_ID,
    make_moves,
    open_case,
    stored_finding,
)
from tests.factories import make_influencer

SLUG = "linh-an"


@pytest.fixture
def influencer_id(session: Session) -> int:
    return make_influencer(session, display_name="Linh An", slug=SLUG).id


def _analyst(label: str = "analyst@example.org") -> Actor:
    return Actor(label=label, role=Role.ANALYST, user_id=2)


def test_opening_a_case_records_the_first_event_and_the_findings(
    session: Session, influencer_id: int
) -> None:
    finding_id = stored_finding(session, influencer_id=influencer_id)

    case = open_case(session, slug=SLUG, finding_ids=[finding_id], actor=_analyst())

    assert (case.state, case.version, case.finding_ids) == (CaseState.OPEN, 1, [finding_id])
    [event] = case.events
    assert (event.seq, event.move, event.from_state, event.to_state) == (
        1,
        "open",
        None,
        CaseState.OPEN,
    )
    assert (event.actor, event.reason) == ("analyst@example.org", "found it")


def test_every_move_appends_one_event_and_raises_the_version(
    session: Session, influencer_id: int
) -> None:
    case = open_case(session, slug=SLUG, finding_ids=[])
    audits_before = session.scalar(select(func.count()).select_from(AuditEvent))

    case = make_moves(session, case, Move.START_REVIEW, Move.DECIDE_VIOLATION, due=NO_APPEAL_WINDOW)
    case = make_moves(session, case, Move.CLOSE)

    assert (case.state, case.version) == (CaseState.CLOSED, 4)
    assert [(e.seq, e.move, e.from_state, e.to_state) for e in case.events] == [
        (1, "open", None, CaseState.OPEN),
        (2, "start_review", CaseState.OPEN, CaseState.IN_REVIEW),
        (3, "decide_violation", CaseState.IN_REVIEW, CaseState.DECIDED_VIOLATION),
        (4, "close", CaseState.DECIDED_VIOLATION, CaseState.CLOSED),
    ]
    assert case.events[3].reason == "because: close"
    audits = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    case_audits = [a.action for a in audits[audits_before or 0 :] if a.action.startswith("case.")]
    assert case_audits == ["case.start_review", "case.decide_violation", "case.close"]
    assert audits[-1].action == "case.close"
    assert audits[-1].data["version"] == 4


def test_a_move_needs_a_reason(session: Session, influencer_id: int) -> None:
    case = open_case(session, slug=SLUG, finding_ids=[])

    with pytest.raises(ValidationFailed, match="reason"):
        service.move_case(
            session,
            actor=SYSTEM,
            case_id=case.id,
            move=Move.START_REVIEW,
            reason="   ",
            expected_version=1,
        )


def test_a_stale_version_is_refused_and_nothing_changes(
    session: Session, influencer_id: int
) -> None:
    case = make_moves(session, open_case(session, slug=SLUG, finding_ids=[]), Move.START_REVIEW)

    with pytest.raises(StaleVersion) as caught:
        decisions.decide(
            session,
            actor=_analyst(),
            case_id=case.id,
            request=decisions.DecisionRequest(
                outcome=DecisionOutcome.VIOLATION,
                rule_ids=[RULE_ID],
                reasoning="late",
                expected_version=1,  # read before the review started
                severity=Severity.HIGH,
            ),
            due=DUE,
            known_rule_ids={RULE_ID},
            now=utcnow(),
        )

    assert caught.value.data["current_version"] == 2
    assert session.scalar(select(func.count()).select_from(CaseEvent)) == 2


def test_a_closed_case_cannot_be_decided(session: Session, influencer_id: int) -> None:
    case = open_case(session, slug=SLUG, finding_ids=[])
    case = make_moves(
        session, case, Move.START_REVIEW, Move.DECIDE_NO_VIOLATION, due=NO_APPEAL_WINDOW
    )
    case = make_moves(session, case, Move.CLOSE)

    with pytest.raises(InvalidTransition, match="cannot be decided"):
        make_moves(session, case, Move.DECIDE_VIOLATION)


def test_only_the_influencer_concerned_may_appeal(session: Session, influencer_id: int) -> None:
    other = make_influencer(session, display_name="Người Khác", slug="nguoi-khac")
    case = open_case(session, slug=SLUG, finding_ids=[])
    case = make_moves(session, case, Move.START_REVIEW, Move.DECIDE_VIOLATION)
    stranger = Actor(label="other", role=Role.INFLUENCER, user_id=5, influencer_id=other.id)
    concerned = Actor(label="self", role=Role.INFLUENCER, user_id=6, influencer_id=influencer_id)

    for refused in (_analyst(), stranger):
        with pytest.raises(Forbidden):
            make_moves(session, case, Move.APPEAL, actor=refused)
    with pytest.raises(Forbidden):
        make_moves(session, case, Move.CLOSE, actor=concerned)
    case = make_moves(session, case, Move.APPEAL, actor=concerned)

    assert (case.state, case.events[-1].actor) == (CaseState.APPEALED, "self")


def test_findings_must_exist_and_be_about_the_influencer(
    session: Session, influencer_id: int
) -> None:
    other = make_influencer(session, display_name="Người Khác", slug="nguoi-khac")
    foreign = stored_finding(session, influencer_id=other.id)

    with pytest.raises(ValidationFailed, match="someone else"):
        open_case(session, slug=SLUG, finding_ids=[foreign])
    with pytest.raises(ValidationFailed, match="No stored finding"):
        open_case(session, slug=SLUG, finding_ids=[foreign + 1000])
