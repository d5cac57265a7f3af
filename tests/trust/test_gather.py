"""Gathering trust facts from the registry: what each fact counts, as of a moment, with
evidence ids that name real rows, in a fixed number of queries per chunk."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from koltrust.audience.models import AccountSnapshot
from koltrust.campaigns.models import Campaign, Correction
from koltrust.cases.models import Case
from koltrust.content.models import Post
from koltrust.reports.models import Report
from koltrust.sanctions.kinds import SanctionKind
from koltrust.sanctions.models import Sanction
from koltrust.scoring.facts import MembershipStatus, check_facts
from koltrust.screening.model import Severity
from koltrust.trust.gather_facts import gather, gather_facts
from koltrust.trust.service import default_terms
from tests.factories import make_influencer
from tests.trust.scoring_world import World, build_world, overturn_on_appeal

POLICY = default_terms().policy
MODELS: dict[str, type[Any]] = {
    "post": Post,
    "case": Case,
    "sanction": Sanction,
    "report": Report,
    "correction": Correction,
    "campaign": Campaign,
    "snapshot": AccountSnapshot,
}


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def test_the_facts_count_what_the_registry_holds(session: Session, world: World) -> None:
    facts = gather_facts(session, [world.influencer.id], world.now, policy=POLICY)[
        world.influencer.id
    ]

    assert (facts.membership, facts.pledged_at is not None) == (MembershipStatus.MEMBER, True)
    assert facts.posts_total == 3
    assert (facts.commercial_posts_disclosed, facts.commercial_posts_undisclosed) == (1, 1)
    assert facts.evidence["commercial_posts_undisclosed"] == (
        f"post:{world.post_ids['undisclosed']}",
    )
    assert facts.evidence["commercial_posts_disclosed"] == (f"post:{world.post_ids['disclosed']}",)
    [violation] = facts.violations
    assert (violation.severity, violation.decided_at) == (Severity.MEDIUM, world.decided_at)
    assert violation.evidence == f"case:{world.case.id}"
    assert facts.penalty_points == POLICY.points.per_severity[Severity.MEDIUM]
    assert [s.kind for s in facts.sanctions] == [SanctionKind.WARNING]
    assert (facts.reports_upheld, facts.corrections_published, facts.campaigns_joined) == (1, 1, 1)
    assert facts.evidence["reports_upheld"] == (f"report:{world.report_id}",)
    # 90,000 followers at 0.9 and 10,000 at 0.5: the latest snapshots, weighted by followers
    assert facts.audience_authenticity == pytest.approx(0.86)
    assert facts.evidence["audience_authenticity"] == tuple(
        f"snapshot:{i}" for i in world.snapshot_ids
    )
    check_facts(facts, world.now)


def test_active_since_is_the_earliest_of_first_post_and_follower_history(
    session: Session, world: World
) -> None:
    facts = gather_facts(session, [world.influencer.id], world.now, policy=POLICY)[
        world.influencer.id
    ]

    # the follower history goes back further than the first post
    assert facts.active_since == datetime.combine(
        world.history_starts.date(), datetime.min.time(), UTC
    )
    assert facts.evidence["active_since"][0].startswith("snapshot:")


def test_without_posts_or_history_the_registration_counts(session: Session) -> None:
    influencer = make_influencer(session, display_name="Lê Văn Tám")
    now = datetime.now(UTC)

    facts = gather_facts(session, [influencer.id], now, policy=POLICY)[influencer.id]

    assert facts.active_since == influencer.created_at
    assert (facts.posts_total, facts.audience_authenticity, facts.membership) == (0, None, None)


def test_every_evidence_id_names_a_row_of_the_influencer(session: Session, world: World) -> None:
    facts = gather_facts(session, [world.influencer.id], world.now, policy=POLICY)[
        world.influencer.id
    ]
    ids = [i for found in facts.evidence.values() for i in found]
    ids += [v.evidence for v in facts.violations] + [s.evidence for s in facts.sanctions]

    assert len(ids) >= 10
    for evidence in ids:
        kind, _, number = evidence.partition(":")
        row = session.get(MODELS[kind], int(number))
        assert row is not None, evidence
        owner = getattr(row, "influencer_id", None)
        if kind == "snapshot":
            owner = row.account.influencer_id
        if kind == "report":
            owner = session.get(Post, row.post_id).influencer_id  # type: ignore[union-attr]
        if kind != "campaign":
            assert owner == world.influencer.id, evidence


def test_a_past_moment_sees_only_what_had_happened_by_then(session: Session, world: World) -> None:
    then = world.now - timedelta(days=25)

    facts = gather_facts(session, [world.influencer.id], then, policy=POLICY)[world.influencer.id]

    # the disclosed post (20 days ago), the decision (10), the correction (8) came later
    assert facts.posts_total == 2
    assert (facts.commercial_posts_disclosed, facts.commercial_posts_undisclosed) == (0, 1)
    assert (facts.violations, facts.sanctions, facts.penalty_points) == ((), (), 0)
    assert (facts.reports_upheld, facts.corrections_published, facts.campaigns_joined) == (0, 0, 1)
    # the older snapshots (40 days ago) were the latest then
    assert facts.audience_authenticity == pytest.approx(0.1)
    # the membership was granted as the world was built, after ``then``
    assert facts.membership is None
    check_facts(facts, then)


def test_a_violation_overturned_on_appeal_no_longer_counts(session: Session, world: World) -> None:
    standing = gather_facts(session, [world.influencer.id], world.now, policy=POLICY)
    undisclosed_while_standing = standing[world.influencer.id].commercial_posts_undisclosed
    overturn_on_appeal(session, world)
    later = world.now + timedelta(seconds=2)

    facts = gather_facts(session, [world.influencer.id], later, policy=POLICY)[world.influencer.id]
    before = gather_facts(session, [world.influencer.id], world.now, policy=POLICY)[
        world.influencer.id
    ]

    assert (facts.violations, facts.sanctions, facts.penalty_points) == ((), (), 0)
    assert facts.reports_upheld == 0
    # the undisclosed-advertising finding the case rested on no longer counts either
    assert undisclosed_while_standing >= 1
    assert facts.commercial_posts_undisclosed == undisclosed_while_standing - 1
    # as of before the appeal, it still stood
    assert len(before.violations) == 1
    assert before.penalty_points > 0


def test_a_post_dated_after_now_is_reported_not_scored(session: Session, world: World) -> None:
    post = session.get(Post, world.post_ids["ordinary"])
    assert post is not None
    post.published_at = world.now + timedelta(days=365)
    session.flush()

    gathered = gather(session, [world.influencer.id], world.now, policy=POLICY)

    assert world.influencer.id not in gathered.facts
    problem = gathered.invalid[world.influencer.id]
    assert problem.field == "posts"
    assert f"post:{post.id}" in str(problem)


@contextmanager
def _statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", count)


def test_a_chunk_costs_the_same_queries_whatever_its_size(session: Session, world: World) -> None:
    others = [make_influencer(session, display_name=f"Người {n}").id for n in range(25)]
    session.flush()

    with _statements(session) as one:
        gather(session, [world.influencer.id], world.now, policy=POLICY)
    with _statements(session) as many:
        found = gather(session, [world.influencer.id, *others], world.now, policy=POLICY)

    assert len(found.facts) == 26
    assert len(many) == len(one) <= 14
