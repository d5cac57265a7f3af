"""A scratch registry for bench/score_lookups.py: influencers with one or two accounts and a
stored score each (95% of them; the rest not scored yet) with 1-3 history points, written with
bulk Core inserts a block at a time. Scores come from the real ``compute`` over varied facts, so
the stored contributions, reasons and evidence look like production's."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, insert

from koltrust.registry.models import Account, Influencer
from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.compute import Score, compute
from koltrust.scoring.facts import Facts, MembershipStatus, Sanction, VerificationLevel, Violation
from koltrust.scoring.methodology import default_methodology
from koltrust.screening.model import Severity
from koltrust.text.fold import fold
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import ScoreHistory, TrustScore
from koltrust.trust.stored import score_values

BLOCK = 5_000
SCORED_SHARE = 0.95
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Thị", "Văn", "Minh", "Thu", "Ngọc", "Quang", "Hải", "Thanh", "Bảo", "Gia")
GIVEN = ("An", "Hà", "Hương", "Linh", "Tú", "Sơn", "Mai", "Phương", "Long", "Khánh", "Vy")
NICHES = ("beauty", "food", "tech", "travel", "finance", "health", "fashion", "parenting")
PROVINCES = ("ha-noi", "ho-chi-minh", "da-nang", "hai-phong", "can-tho", "hue")
PLATFORMS = ("tiktok", "facebook", "youtube", "instagram")


def slug_of(n: int) -> str:
    """The slug of the n-th bench influencer (1-based)."""
    return f"kol-{n:06d}"


def _facts(rng: random.Random, now: datetime) -> Facts:
    posts = int(rng.lognormvariate(3.2, 1.2))
    commercial = int(posts * rng.uniform(0.0, 0.3))
    undisclosed = int(commercial * rng.betavariate(1.2, 4))
    violations = tuple(
        Violation(
            rng.choice((Severity.LOW, Severity.MEDIUM, Severity.HIGH)),
            now - timedelta(days=rng.uniform(1, 900)),
            f"case:{rng.randint(1, 99_999)}",
        )
        for _ in range(rng.choice((0, 0, 0, 0, 0, 0, 1, 2)))
    )
    suspended = rng.random() < 0.01
    return Facts(
        verification_level=rng.choice(list(VerificationLevel)),
        membership=rng.choice((None, MembershipStatus.MEMBER, MembershipStatus.APPLICANT)),
        active_since=now - timedelta(days=rng.uniform(10, 2500)),
        posts_total=posts,
        commercial_posts_disclosed=commercial - undisclosed,
        commercial_posts_undisclosed=undisclosed,
        violations=violations,
        penalty_points=2 * len(violations),
        sanctions=(
            (Sanction(SanctionKind.MEMBERSHIP_SUSPENSION, None, "sanction:1"),) if suspended else ()
        ),
        audience_authenticity=rng.choice((None, rng.uniform(0.3, 1.0))),
        campaigns_joined=rng.choice((0, 0, 1, 3)),
    )


def _influencer_row(n: int, rng: random.Random, now: datetime) -> dict[str, Any]:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {n}"
    slug = slug_of(n)
    return {
        "id": n,
        "slug": slug,
        "display_name": name,
        "niche": rng.choice(NICHES),
        "province": rng.choice(PROVINCES),
        "languages": ["vi"],
        "bio": "",
        "search_text": fold(f"{name} {slug}"),
        "verification_level": "none",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _score_rows(
    n: int, score: Score, history_points: int, now: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    current = score_values(score)
    current.update(influencer_id=n, facts_digest=f"{n:064d}", trigger=ScoreTrigger.SCHEDULE)
    history = [
        {
            "influencer_id": n,
            "total": max(0, score.total - 3 * (history_points - k)),
            "band": score.band,
            "provisional": score.provisional,
            "methodology_version": score.methodology_version,
            "computed_at": now - timedelta(days=30 * (history_points - k)),
            "trigger": ScoreTrigger.SCHEDULE,
        }
        for k in range(history_points)
    ]
    return current, history


def populate(connection: Connection, count: int, now: datetime, seed: int = 6) -> dict[str, int]:
    """Fill an empty, migrated database with ``count`` influencers; rows written per table."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not a secret
    methodology = default_methodology()
    written = {"influencers": 0, "accounts": 0, "trust_scores": 0, "score_history": 0}
    account_id = 0
    for start in range(1, count + 1, BLOCK):
        people, accounts, scores, history = [], [], [], []
        for n in range(start, min(start + BLOCK, count + 1)):
            people.append(_influencer_row(n, rng, now))
            for platform in rng.sample(PLATFORMS, rng.choice((1, 1, 2))):
                account_id += 1
                accounts.append(_account_row(account_id, n, platform, rng, now))
            if rng.random() < SCORED_SHARE:
                score = compute(_facts(rng, now), now, methodology)
                current, points = _score_rows(n, score, rng.randint(1, 3), now)
                scores.append(current)
                history.extend(points)
        for model, rows in (
            (Influencer, people),
            (Account, accounts),
            (TrustScore, scores),
            (ScoreHistory, history),
        ):
            table = cast(Table, model.__table__)
            connection.execute(insert(table), rows)
            written[table.name] += len(rows)
    return written


def _account_row(
    account_id: int, n: int, platform: str, rng: random.Random, now: datetime
) -> dict[str, Any]:
    handle = f"kol{n}.{platform[:2]}"
    return {
        "id": account_id,
        "influencer_id": n,
        "platform": platform,
        "handle": handle,
        "handle_key": handle,
        "url": None,
        "followers": int(rng.lognormvariate(9, 2)),
        "created_at": now,
        "updated_at": now,
    }
