"""The badges' cache: entries live for the time to live, a committed score write in this
process replaces the badge at once (single saves and bulk recomputes), a rolled-back one does
not, writes from elsewhere show once the entry expires, and the cache stays bounded."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from koltrust.scoring.compute import compute
from koltrust.scoring.methodology import default_methodology
from koltrust.trust.badge_cache import BadgeCache
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.repository import save_score
from koltrust.trust.score_writes import NewScore, stored_scores, write_scores
from tests.factories import make_influencer
from tests.scoring.facts import NOW
from tests.trust.scored import SCENARIOS, give_score


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _cache(app: FastAPI) -> BadgeCache:
    cache: BadgeCache = app.state.badge_cache
    return cache


def _badge(client: TestClient, slug: str) -> str:
    response = client.get(f"/badge/{slug}.svg")
    assert response.status_code == 200
    return str(response.text)


def test_entries_expire_after_the_time_to_live() -> None:
    clock = FakeClock()
    cache = BadgeCache(60, clock=clock)
    cache.put(("a", "vi"), status=200, body=b"<svg/>", etag='"1"', influencer_id=1)

    fresh = cache.get(("a", "vi"))
    clock.now += 59.9
    still = cache.get(("a", "vi"))
    clock.now += 0.2
    expired = cache.get(("a", "vi"))

    assert fresh is not None
    assert still is fresh
    assert expired is None


def test_a_full_cache_drops_its_oldest_entries() -> None:
    cache = BadgeCache(60, max_entries=3)
    for n in range(5):
        cache.put((f"s{n}", "vi"), status=200, body=b"", etag='"x"', influencer_id=n)

    assert len(cache) == 3
    assert cache.get(("s0", "vi")) is None
    assert cache.get(("s4", "vi")) is not None


def test_a_time_to_live_of_zero_caches_nothing() -> None:
    cache = BadgeCache(0)
    badge = cache.put(("a", "vi"), status=200, body=b"<svg/>", etag='"1"', influencer_id=1)

    assert badge.body == b"<svg/>"
    assert cache.get(("a", "vi")) is None
    assert len(cache) == 0


def test_a_saved_score_replaces_the_badge_when_it_commits(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    other = make_influencer(session, display_name="Trần Khác")
    give_score(session, influencer, SCENARIOS["caution"])
    give_score(session, other, SCENARIOS["caution"])
    before = _badge(client, influencer.slug)
    _badge(client, other.slug)
    cached = len(_cache(app))

    score = compute(SCENARIOS["trusted"], NOW, default_methodology())
    save_score(session, influencer.id, score, "new", ScoreTrigger.DECISION)
    during = _badge(client, influencer.slug)  # flushed, not committed: others still see the old
    session.commit()
    after = _badge(client, influencer.slug)

    assert cached == 2
    assert during == before
    assert "Cần thận trọng" in before
    assert "Đáng tin cậy" in after
    assert _cache(app).get((other.slug, "vi")) is not None, "other badges stay cached"


def test_a_rolled_back_score_leaves_the_badge_cached(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["caution"])
    _badge(client, influencer.slug)
    cached = _cache(app).get((influencer.slug, "vi"))

    score = compute(SCENARIOS["trusted"], NOW, default_methodology())
    save_score(session, influencer.id, score, "new", ScoreTrigger.DECISION)
    session.rollback()

    assert cached is not None
    assert _cache(app).get((influencer.slug, "vi")) is cached


def test_a_bulk_recompute_clears_the_badges(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["caution"])
    assert "Cần thận trọng" in _badge(client, influencer.slug)

    score = compute(SCENARIOS["high_risk"], NOW + timedelta(hours=1), default_methodology())
    stored = stored_scores(session, [influencer.id])
    write_scores(session, [NewScore(influencer.id, score, "bulk")], stored, ScoreTrigger.SCHEDULE)
    session.commit()

    assert len(_cache(app)) == 0
    assert "Rủi ro cao" in _badge(client, influencer.slug)


def test_a_renamed_influencer_gets_a_new_badge(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    influencer = make_influencer(session, display_name="Tên Cũ")
    assert "Tên Cũ" in _badge(client, influencer.slug)

    influencer.display_name = "Tên Mới"
    session.commit()

    assert "Tên Mới" in _badge(client, influencer.slug)


def test_a_write_from_another_process_shows_once_the_entry_expires(
    app: FastAPI, client: TestClient, session: Session, connection: Connection
) -> None:
    clock = FakeClock()
    _cache(app).clock = clock
    influencer = make_influencer(session)
    give_score(session, influencer, SCENARIOS["caution"])
    before = _badge(client, influencer.slug)

    # a plain SQL write, as another worker or the CLI would make: no event reaches this cache
    connection.execute(
        text("UPDATE trust_scores SET total = 12, band = 'high_risk' WHERE influencer_id = :id"),
        {"id": influencer.id},
    )
    clock.now += 30
    within_ttl = _badge(client, influencer.slug)
    clock.now += 31
    after_ttl = _badge(client, influencer.slug)

    assert within_ttl == before
    assert "Rủi ro cao" in after_ttl
    assert ">12 · tạm tính<" in after_ttl
