"""A scratch registry with realistic fact volumes for bench/scores.py, written with bulk Core
inserts a block of influencers at a time (so memory stays flat however many there are).

Per influencer, on average: ~30 posts (log-normal, so a few have thousands and many have a
handful), 15% of them commercial and a quarter of those undisclosed (each influencer with a
propensity of their own), 1.5 accounts, 80% of accounts with 1-3 imported snapshots (a year of
monthly follower history), two thirds with a membership; 4% have cases, most decided as
violations with a sanction and points (a tenth appealed, some overturned), half of those with
reports, some with corrections; a tenth joined campaigns."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, insert

from koltrust.audience.models import AccountSnapshot
from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction
from koltrust.cases.models import Case, CaseReport, Decision
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.registry.models import Account, Influencer, Membership
from koltrust.reports.models import Report
from koltrust.sanctions.models import PointEntry, Sanction

BLOCK = 5_000
PLATFORMS = ("tiktok", "facebook", "youtube", "instagram")
NICHES = ("beauty", "food", "tech", "travel", "finance", "health", "fashion", "parenting")
PROVINCES = ("ha-noi", "ho-chi-minh", "da-nang", "hai-phong", "can-tho", "hue")
LEVELS = (("none", 50), ("phone", 30), ("national_id", 17), ("business_registration", 3))
STATUSES = (("member", 70), ("applicant", 15), ("suspended", 5), ("expelled", 3), ("withdrawn", 7))
SEVERITIES = (("low", 40), ("medium", 40), ("high", 17), ("critical", 3))
SANCTION_OF = {"low": "reminder", "medium": "warning", "high": "public_notice"}
SANCTION_OF["critical"] = "membership_suspension"
POINTS_OF = {"low": 1, "medium": 2, "high": 4, "critical": 6}
DAYS_OF = {"reminder": 30, "warning": 90, "public_notice": 180, "membership_suspension": 90}
CAMPAIGNS = 24
HISTORY_POINTS = 12


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


@dataclass
class _Ids:
    """The next id of each table (explicit ids let a block refer to its own rows)."""

    next: dict[str, int] = field(default_factory=lambda: defaultdict(lambda: 1))

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class _Block:
    """The rows of one block of influencers, by table, in insertion order."""

    rows: dict[Table, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: Any, **values: Any) -> None:
        self.rows[_table(model)].append(values)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


ORDER = [
    _table(m)
    for m in (
        Influencer, Account, Membership, Post, ScreeningRun, StoredFinding, AccountSnapshot,
        Case, Decision, Sanction, PointEntry, Report, CaseReport, Correction,
        CampaignParticipation,
    )
]  # fmt: skip


def populate(connection: Connection, count: int, now: datetime, seed: int = 6) -> dict[str, int]:
    """Fill an empty, migrated database with ``count`` influencers; rows written per table."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not a secret
    ids = _Ids()
    written: dict[str, int] = defaultdict(int)
    connection.execute(
        insert(_table(Campaign)),
        [
            {"id": n, "slug": f"campaign-{n}", "name": f"Campaign {n}", "description": "",
             "starts_on": (now - timedelta(days=30 * n)).date(), "created_at": now,
             "updated_at": now}
            for n in range(1, CAMPAIGNS + 1)
        ],
    )  # fmt: skip
    for start in range(1, count + 1, BLOCK):
        block = _Block()
        for influencer_id in range(start, min(start + BLOCK, count + 1)):
            _influencer(block, ids, rng, influencer_id, now)
        for table in ORDER:
            rows = block.rows.get(table)
            if rows:
                connection.execute(insert(table), rows)
                written[table.name] += len(rows)
    return dict(written)


def _influencer(block: _Block, ids: _Ids, rng: random.Random, i: int, now: datetime) -> None:
    registered = now - timedelta(days=rng.uniform(30, 1500))
    block.add(
        Influencer, id=i, slug=f"bench-{i}", display_name=f"Bench {i}",
        niche=rng.choice(NICHES), province=rng.choice(PROVINCES), languages=["vi"], bio="",
        search_text="", verification_level=_pick(rng, LEVELS), created_at=registered,
        updated_at=registered, version=1,
    )  # fmt: skip
    accounts = _accounts(block, ids, rng, i, registered, now)
    if rng.random() < 2 / 3:
        _membership(block, rng, i, now)
    _posts(block, ids, rng, i, now)
    for account_id, followers in accounts:
        if rng.random() < 0.8:
            _snapshots(block, ids, rng, account_id, followers, now)
    if rng.random() < 0.04:
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            _case(block, ids, rng, i, now)
    if rng.random() < 0.01:
        _correction(block, ids, rng, i, now)
    if rng.random() < 0.1:
        for campaign in rng.sample(range(1, CAMPAIGNS + 1), rng.randint(1, 4)):
            block.add(
                CampaignParticipation, id=ids.take("participation"), campaign_id=campaign,
                influencer_id=i, joined_at=now - timedelta(days=rng.uniform(1, 700)),
                recorded_by="bench", recorded_at=now,
            )  # fmt: skip


def _accounts(
    block: _Block, ids: _Ids, rng: random.Random, i: int, registered: datetime, now: datetime
) -> list[tuple[int, int]]:
    made = []
    for platform in rng.sample(PLATFORMS, rng.choices((1, 2, 3), (60, 30, 10))[0]):
        account_id = ids.take("account")
        followers = int(rng.lognormvariate(9, 1.5))
        block.add(
            Account, id=account_id, influencer_id=i, platform=platform,
            handle=f"b{account_id}", handle_key=f"b{account_id}", url=None,
            followers=followers, created_at=registered, updated_at=registered,
        )  # fmt: skip
        made.append((account_id, followers))
    return made


def _membership(block: _Block, rng: random.Random, i: int, now: datetime) -> None:
    status = _pick(rng, STATUSES)
    changed = now - timedelta(days=rng.uniform(1, 700))
    pledged = changed if status in ("member", "suspended", "expelled") else None
    block.add(
        Membership, influencer_id=i, status=status, code_of_conduct_version="2025.1",
        pledged_at=pledged, status_changed_at=changed, version=1,
    )  # fmt: skip


def _posts(block: _Block, ids: _Ids, rng: random.Random, i: int, now: datetime) -> None:
    # log-normal with a mean of ~30 posts: exp(mu + sigma^2 / 2) = 30
    count = min(3_000, int(rng.lognormvariate(2.68, 1.2)))
    careless = rng.betavariate(1, 3)  # this influencer's share of undisclosed adverts
    for _ in range(count):
        post_id = ids.take("post")
        published = now - timedelta(days=rng.uniform(0, 730))
        commercial = rng.random() < 0.15
        undisclosed = commercial and rng.random() < careless
        block.add(
            Post, id=post_id, influencer_id=i, account_id=None, platform=None,
            external_id=None, text="bench post", text_sha256="0" * 64, language="vi",
            language_confidence=1.0, links=[], hashtags=[], paid_partnership=False,
            published_at=published, created_at=published, updated_at=published,
        )  # fmt: skip
        block.add(
            ScreeningRun, id=post_id, post_id=post_id, rulebook_version="bench",
            text_sha256="0" * 64, text=None, screened_at=published,
            finding_count=int(undisclosed), shadow_count=0,
            highest_severity="medium" if undisclosed else None, commercial=commercial,
        )  # fmt: skip
        if undisclosed:
            block.add(
                StoredFinding, id=ids.take("finding"), run_id=post_id, post_id=post_id,
                rule_id="vi.ads.undisclosed", rule_version=1, rulebook_version="bench",
                category="undisclosed_advertising", severity="medium", confidence=0.8,
                spans=[], excerpt="", explanation={}, remedy={}, legal_basis={},
                shadow=False, source="rules", dsa_category=None, evidence={},
            )  # fmt: skip


def _snapshots(
    block: _Block, ids: _Ids, rng: random.Random, account_id: int, followers: int, now: datetime
) -> None:
    for months in sorted(rng.sample(range(0, 12), rng.randint(1, 3)), reverse=True):
        as_of = now - timedelta(days=30 * months + 1)
        history = [
            [(as_of - timedelta(days=30 * (HISTORY_POINTS - n))).date().isoformat(),
             int(followers * (0.7 + 0.3 * n / HISTORY_POINTS))]
            for n in range(HISTORY_POINTS)
        ]  # fmt: skip
        authenticity = None if rng.random() < 0.05 else round(rng.betavariate(8, 2), 3)
        block.add(
            AccountSnapshot, id=ids.take("snapshot"), account_id=account_id, as_of=as_of,
            followers=followers, following=rng.randint(10, 2000), posts=rng.randint(5, 900),
            engagement_per_post=rng.uniform(10, 5000), history=history, comments=[],
            follower_samples=[], authenticity=authenticity, provisional=False, parts=[],
            missing=[], imported_by="bench", imported_at=as_of,
        )  # fmt: skip


def _case(block: _Block, ids: _Ids, rng: random.Random, i: int, now: datetime) -> None:
    case_id = ids.take("case")
    decided = now - timedelta(days=rng.uniform(5, 900))
    violation = rng.random() < 0.8
    block.add(
        Case, id=case_id, influencer_id=i, category="undisclosed_advertising",
        state="closed", version=5, opened_at=decided - timedelta(days=10), updated_at=decided,
        assigned_to=None, reply_due_at=None, appeal_due_at=decided + timedelta(days=14),
    )  # fmt: skip
    severity = _pick(rng, SEVERITIES)
    kind = SANCTION_OF[severity]
    first_id = ids.take("decision")
    block.add(
        Decision, id=first_id, case_id=case_id, stage="first",
        outcome="violation" if violation else "no_violation", rule_ids=[], reasoning="bench",
        evidence={"sanction_recommendation": {"kind": kind, "points": POINTS_OF[severity],
                                              "severity": severity, "reasons": []}}
        if violation else {},
        decided_by_user_id=None, decided_by="bench", decided_at=decided,
    )  # fmt: skip
    if not violation:
        return
    overturned = rng.random() < 0.1 and rng.random() < 0.4
    if overturned:
        block.add(
            Decision, id=ids.take("decision"), case_id=case_id, stage="appeal",
            outcome="overturned", rule_ids=[], reasoning="bench", evidence={},
            decided_by_user_id=None, decided_by="bench 2",
            decided_at=decided + timedelta(days=10),
        )  # fmt: skip
    _sanction(block, ids, i, case_id, first_id, kind, severity, decided, overturned)
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            _report(block, ids, i, case_id, decided)
    if rng.random() < 0.3:
        _correction(block, ids, rng, i, now)


def _sanction(
    block: _Block, ids: _Ids, i: int, case_id: int, decision_id: int, kind: str,
    severity: str, decided: datetime, overturned: bool,
) -> None:  # fmt: skip
    sanction_id = ids.take("sanction")
    ended = decided + timedelta(days=10)
    block.add(
        Sanction, id=sanction_id, influencer_id=i, case_id=case_id, decision_id=decision_id,
        kind=kind, category="undisclosed_advertising", starts_at=decided,
        ends_at=decided + timedelta(days=DAYS_OF[kind]),
        status="overturned" if overturned else "active", status_reason="",
        status_changed_at=ended if overturned else decided, points=POINTS_OF[severity],
        recommended_kind=kind, version=1, created_at=decided, updated_at=decided,
    )  # fmt: skip
    line_id = ids.take("point")
    block.add(
        PointEntry, id=line_id, influencer_id=i, kind="violation", points=POINTS_OF[severity],
        at=decided, case_id=case_id, sanction_id=sanction_id, refund_of=None, reason="bench",
        actor="bench", created_at=decided, updated_at=decided,
    )  # fmt: skip
    if overturned:
        block.add(
            PointEntry, id=ids.take("point"), influencer_id=i, kind="refund",
            points=POINTS_OF[severity], at=ended, case_id=case_id, sanction_id=sanction_id,
            refund_of=line_id, reason="bench", actor="bench", created_at=ended,
            updated_at=ended,
        )  # fmt: skip


def _report(block: _Block, ids: _Ids, i: int, case_id: int, decided: datetime) -> None:
    report_id = ids.take("report")
    block.add(
        Report, id=report_id, target_kind="influencer", post_id=None, influencer_id=i,
        category="undisclosed_advertising", text="bench", evidence_urls=[], contact=None,
        reporter_user_id=None, reporter_organisation_id=None, trusted_flagger=False,
        client_key_hash="0" * 64, dedupe_key=f"{report_id:064d}",
        created_at=decided - timedelta(days=20), status="received",
    )  # fmt: skip
    block.add(CaseReport, case_id=case_id, report_id=report_id)


def _correction(block: _Block, ids: _Ids, rng: random.Random, i: int, now: datetime) -> None:
    block.add(
        Correction, id=ids.take("correction"), influencer_id=i, case_id=None,
        url="https://example.org/correction", note="", recorded_by="bench", recorded_at=now,
        published_at=now - timedelta(days=rng.uniform(1, 400)),
    )  # fmt: skip
