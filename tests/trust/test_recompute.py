"""Recomputing trust scores: decisions and sanctions trigger it, stored contributions add up
and name real evidence, an unchanged digest skips the write, invalid facts keep the old score,
and the scheduled job recomputes what is older than a day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from koltrust.auth.permissions import SYSTEM
from koltrust.config import Settings
from koltrust.content.models import Post
from koltrust.jobs import run_due_jobs
from koltrust.sanctions import service as sanctions
from koltrust.sanctions.models import Sanction
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import TrustScore
from koltrust.trust.repository import current_score, score_history
from koltrust.trust.service import recompute_all, recompute_for
from tests.factories import make_influencer
from tests.trust.scoring_world import World, build_world, overturn_on_appeal


def _by_criterion(score: TrustScore) -> dict[str, dict[str, object]]:
    return {c["criterion"]: c for c in score.contributions}


def test_a_decision_of_violation_recomputes_the_score(session: Session) -> None:
    world = build_world(session)

    score = current_score(session, world.influencer.id)

    assert score is not None
    assert score.trigger in (ScoreTrigger.DECISION, ScoreTrigger.SANCTION)
    violations = _by_criterion(score)["violation_history"]
    assert f"case:{world.case.id}" in violations["evidence"]  # type: ignore[operator]
    assert violations["points"] < violations["max_points"]  # type: ignore[operator]
    assert score_history(session, world.influencer.id)


def test_the_stored_contributions_add_up_and_name_their_evidence(session: Session) -> None:
    world = build_world(session)
    recompute_for(session, [world.influencer.id], trigger=ScoreTrigger.MANUAL, now=world.now)

    score = current_score(session, world.influencer.id)

    assert score is not None
    assert sum(c["points"] for c in score.contributions) == score.total
    assert score.interval_low <= score.total <= score.interval_high
    evidence = {i for c in score.contributions for i in c["evidence"]}
    assert f"post:{world.post_ids['undisclosed']}" in evidence
    assert f"report:{world.report_id}" in evidence
    assert any(i.startswith("sanction:") for i in evidence)
    assert any(i.startswith("correction:") for i in evidence)


def test_an_unchanged_digest_skips_the_write(session: Session) -> None:
    world = build_world(session)
    first = recompute_for(
        session, [world.influencer.id], trigger=ScoreTrigger.MANUAL, now=world.now
    )
    stored = current_score(session, world.influencer.id)
    assert stored is not None
    digest, points = stored.facts_digest, len(score_history(session, world.influencer.id))

    again = recompute_for(
        session,
        [world.influencer.id],
        trigger=ScoreTrigger.MANUAL,
        now=world.now + timedelta(seconds=1),
    )

    assert (again.computed, again.changed, again.unchanged) == (1, 0, 1)
    assert first.computed == 1
    session.expire_all()
    row = current_score(session, world.influencer.id)
    assert row is not None
    assert row.facts_digest == digest
    assert row.computed_at == world.now + timedelta(seconds=1)  # looked at, not rewritten
    assert len(score_history(session, world.influencer.id)) == points


def test_lifting_a_sanction_recomputes_the_score(session: Session) -> None:
    world = build_world(session)
    sanction = session.scalar(select(Sanction).where(Sanction.case_id == world.case.id))
    assert sanction is not None
    before = current_score(session, world.influencer.id)
    assert before is not None
    assert _by_criterion(before)["sanctions_in_force"]["points"] < 5  # type: ignore[operator]

    sanctions.lift(
        session,
        actor=SYSTEM,
        sanction_id=sanction.id,
        reason="corrected at once",
        expected_version=sanction.version,
        now=world.now + timedelta(minutes=1),
    )

    session.expire_all()
    after = current_score(session, world.influencer.id)
    assert after is not None
    assert after.trigger is ScoreTrigger.SANCTION
    assert _by_criterion(after)["sanctions_in_force"]["points"] == 5


def test_an_appeal_granted_gives_the_points_back_at_once(session: Session) -> None:
    world = build_world(session)
    overturn_on_appeal(session, world)

    session.expire_all()
    score = current_score(session, world.influencer.id)
    assert score is not None
    assert score.computed_at == world.now + timedelta(seconds=1)
    lines = _by_criterion(score)
    for criterion in ("violation_history", "penalty_points", "sanctions_in_force"):
        assert lines[criterion]["points"] == lines[criterion]["max_points"], criterion


def test_invalid_facts_keep_the_old_score_and_are_reported(session: Session) -> None:
    world = build_world(session)
    recompute_for(session, [world.influencer.id], trigger=ScoreTrigger.MANUAL, now=world.now)
    old = current_score(session, world.influencer.id)
    assert old is not None
    kept = (old.total, old.facts_digest, old.computed_at)
    post = session.get(Post, world.post_ids["ordinary"])
    assert post is not None
    post.published_at = world.now + timedelta(days=30)
    session.flush()

    result = recompute_for(
        session,
        [world.influencer.id],
        trigger=ScoreTrigger.MANUAL,
        now=world.now + timedelta(seconds=5),
    )

    assert (result.computed, [f.field for f in result.failed]) == (0, ["posts"])
    assert f"post:{post.id}" in result.failed[0].message
    session.expire_all()
    row = current_score(session, world.influencer.id)
    assert row is not None
    assert (row.total, row.facts_digest, row.computed_at) == kept


def test_an_unknown_influencer_is_reported(session: Session) -> None:
    result = recompute_for(session, [987_654], trigger=ScoreTrigger.MANUAL)

    assert result.computed == 0
    assert [(f.influencer_id, f.field) for f in result.failed] == [(987_654, "influencer")]


def test_recompute_all_goes_chunk_by_chunk_and_reports_progress(session: Session) -> None:
    for n in range(5):
        make_influencer(session, display_name=f"Người thứ {n}")
    total = session.scalar(select(func.count()).select_from(TrustScore)) or 0
    seen: list[tuple[int, int]] = []

    result = recompute_all(
        session,
        trigger=ScoreTrigger.MANUAL,
        chunk=2,
        progress=lambda done, of: seen.append((done, of)),
        commit=True,
    )

    everyone = seen[-1][1]
    assert everyone >= 5
    assert result.computed == everyone
    assert [done for done, _ in seen] == [min(everyone, n) for n in range(2, everyone + 2, 2)]
    assert (session.scalar(select(func.count()).select_from(TrustScore)) or 0) == everyone
    assert total < everyone


def test_the_daily_job_recomputes_scores_older_than_a_day(
    session: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    world: World = build_world(session)
    stale = world.now - timedelta(days=2)
    recompute_for(session, [world.influencer.id], trigger=ScoreTrigger.MANUAL, now=stale)
    fresh = make_influencer(session, display_name="Mới tính hôm nay")
    recompute_for(session, [fresh.id], trigger=ScoreTrigger.MANUAL, now=world.now)
    session.commit()

    report = run_due_jobs(session_factory, settings, world.now)

    session.expire_all()
    old = current_score(session, world.influencer.id)
    new = current_score(session, fresh.id)
    assert old is not None
    assert new is not None
    assert old.computed_at == world.now
    assert new.trigger is ScoreTrigger.MANUAL  # computed today: left alone
    assert report.scores_recomputed >= 1
    # two days on, the violation weighs less: the score was written again, by the schedule
    assert old.trigger is ScoreTrigger.SCHEDULE
