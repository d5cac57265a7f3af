"""The scheduled job: ended sanctions recorded expired and decided cases closed by time alone,
each case in its own transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.cases import decisions, replies
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.states import CaseState, Move
from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.jobs import CLOSE_REASON, run_due_jobs
from koltrust.notices.models import Notice
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.models import Sanction
from tests.cases.helpers import DUE, RULE_ID, make_moves, open_case, stored_finding
from tests.factories import make_influencer


def _decided(
    session: Session, name: str, *, at: datetime, outcome: DecisionOutcome, days: int = 10
) -> Case:
    """A case about a new influencer, replied to and decided at ``at`` (a sanction of
    ``days`` days for a violation)."""
    influencer = make_influencer(session, display_name=name)
    finding = stored_finding(session, influencer_id=influencer.id)
    case = open_case(session, slug=influencer.slug, finding_ids=[finding])
    case = make_moves(session, case, Move.START_REVIEW)
    own = Actor(label=influencer.slug, role=Role.INFLUENCER, influencer_id=influencer.id)
    replies.submit_reply(
        session,
        actor=own,
        case_id=case.id,
        text="my answer",
        evidence_urls=[],
        expected_version=case.version,
        now=at - timedelta(hours=1),
    )
    violation = outcome is DecisionOutcome.VIOLATION
    return decisions.decide(
        session,
        actor=SYSTEM,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=outcome,
            rule_ids=[RULE_ID] if violation else [],
            reasoning="decided",
            expected_version=case.version,
            sanction=SanctionKind.REMINDER if violation else None,
            duration_days=days if violation else None,
        ),
        due=DUE,
        known_rule_ids={RULE_ID},
        now=at,
    )


def _sanction(session: Session, case: Case) -> Sanction:
    session.expire_all()
    found = [s for s in session.query(Sanction).all() if s.case_id == case.id]
    assert len(found) == 1
    return found[0]


def test_an_ended_sanction_is_recorded_expired_with_its_notice(
    session: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    now = utcnow()
    ended = _decided(session, "Trần Văn Hết", at=now - timedelta(days=30), outcome=_V)
    running = _decided(session, "Lê Thị Còn", at=now - timedelta(days=2), outcome=_V, days=30)
    session.commit()

    report = run_due_jobs(session_factory, settings, now)

    assert report.ok, report.failures
    assert report.expired_sanction_ids == [_sanction(session, ended).id]
    assert _sanction(session, ended).status is SanctionStatus.EXPIRED
    assert _sanction(session, running).status is SanctionStatus.ACTIVE
    sanction_id = _sanction(session, ended).id
    events = {n.event.value for n in session.query(Notice).all() if n.sanction_id == sanction_id}
    assert events == {"issued", "expired"}


def test_a_decided_case_closes_once_its_appeal_window_has_passed(
    session: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    now = utcnow()
    old = _decided(session, "Phạm Cũ", at=now - timedelta(days=20), outcome=_NV)
    recent = _decided(session, "Phạm Mới", at=now - timedelta(days=1), outcome=_NV)
    session.commit()

    report = run_due_jobs(session_factory, settings, now)

    session.expire_all()
    assert report.closed_case_ids == [old.id]
    assert session.get(Case, old.id).state is CaseState.CLOSED  # type: ignore[union-attr]
    assert session.get(Case, old.id).events[-1].reason == CLOSE_REASON  # type: ignore[union-attr]
    assert session.get(Case, old.id).events[-1].actor == "system"  # type: ignore[union-attr]
    assert session.get(Case, recent.id).state is CaseState.DECIDED_NO_VIOLATION  # type: ignore[union-attr]


def test_a_decided_appeal_closes_at_once(
    session: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    now = utcnow()
    case = _decided(session, "Đỗ Kháng", at=now - timedelta(days=1), outcome=_V, days=30)
    own = Actor(label="influencer", role=Role.INFLUENCER, influencer_id=case.influencer_id)
    case = decisions.appeal(
        session, actor=own, case_id=case.id, reason="no", expected_version=case.version, now=now
    )
    analyst = Actor(label="user:other@example.org", role=Role.ANALYST)
    decisions.decide_appeal(
        session,
        actor=analyst,
        case_id=case.id,
        outcome=DecisionOutcome.UPHELD,
        reasoning="stands",
        expected_version=case.version,
        now=now,
    )
    session.commit()

    report = run_due_jobs(session_factory, settings, now)

    session.expire_all()
    assert report.closed_case_ids == [case.id]
    assert session.get(Case, case.id).state is CaseState.CLOSED  # type: ignore[union-attr]


def test_a_case_that_cannot_close_is_reported_and_the_others_still_close(
    session: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    now = utcnow()
    # run "a month ahead": the job's clock says both windows passed, but the case service
    # (which reads the real clock) still refuses to close the recent one
    recent = _decided(session, "Vũ Chưa", at=now - timedelta(days=1), outcome=_NV)
    old = _decided(session, "Vũ Rồi", at=now - timedelta(days=20), outcome=_NV)
    session.commit()

    report = run_due_jobs(session_factory, settings, now + timedelta(days=30))

    session.expire_all()
    assert report.closed_case_ids == [old.id]
    assert len(report.failures) == 1
    assert f"case {recent.id}" in report.failures[0]
    assert not report.ok
    assert session.get(Case, old.id).state is CaseState.CLOSED  # type: ignore[union-attr]
    assert session.get(Case, recent.id).state is CaseState.DECIDED_NO_VIOLATION  # type: ignore[union-attr]


def test_nothing_due_does_nothing(
    session: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    report = run_due_jobs(session_factory, settings, utcnow())

    assert report.ok
    assert report.expired_sanction_ids == report.closed_case_ids == []
    assert report.deliveries_attempted == 0


_V, _NV = DecisionOutcome.VIOLATION, DecisionOutcome.NO_VIOLATION
