"""Batched embedding ahead of screening: the same findings, and one batch instead of one
embedding per post."""

from __future__ import annotations

from pathlib import Path

from koltrust.claims.embedder import CachedEmbedder
from koltrust.claims.evaluation import read_folder
from koltrust.claims.importers import parse
from koltrust.claims.producer import ClaimMatchProducer
from koltrust.claims.retriever import ClaimIndex
from koltrust.screening.engine import Engine
from koltrust.screening.findings import Finding, Post
from koltrust.screening.loader import load_rulebook
from koltrust.screening.prepared import PreparedPost
from koltrust.screening.rulebook_path import default_rulebook_path
from tests.claims.embedding import CountingEmbedder

REGRESSION = Path(__file__).parents[1] / "data" / "claims-regression"
POSTS = [
    Post("Các trạm phát sóng 5G đang lây lan virus corona, chia sẻ ngay!", id="1"),
    Post(
        "Súc miệng bằng nước muối giết chết virus corona trong cổ họng",
        id="2",
        hashtags=("suckhoe",),
    ),
    Post("ngắn quá", id="3"),
]


def _engine(counting: CountingEmbedder) -> tuple[Engine, ClaimMatchProducer]:
    index = ClaimIndex(embedder=CachedEmbedder(counting, None))
    index.add(parse(read_folder(REGRESSION).claims, "jsonl").fact_checks)
    rulebook = load_rulebook(default_rulebook_path())
    producer = ClaimMatchProducer(index, rulebook)
    return Engine(rulebook, producers=[producer]), producer


def test_warming_embeds_the_posts_once_and_changes_no_finding() -> None:
    cold_counter, warm_counter = CountingEmbedder(), CountingEmbedder()
    cold, _ = _engine(cold_counter)
    warm, _ = _engine(warm_counter)
    cold_results = [cold.screen(post) for post in POSTS]
    before = len(warm_counter.texts)
    warm.warm(POSTS)  # the engine passes the posts to the producers that prepare
    assert len(warm_counter.texts) - before == 2  # the two posts long enough to hold a claim
    embedded = len(warm_counter.texts)
    warm_results = [warm.screen(post) for post in POSTS]
    assert len(warm_counter.texts) == embedded  # screening found every embedding cached
    assert warm_results == cold_results
    assert any(f.rule_id == "claims.misinformation_match" for f in warm_results[0].findings)


def test_an_engine_warms_only_the_producers_that_prepare() -> None:
    class Plain:
        name = "plain"

        def produce(self, post: PreparedPost) -> list[Finding]:
            return []

    rulebook = load_rulebook(default_rulebook_path())
    Engine(rulebook, producers=[Plain()]).warm(POSTS)  # nothing to call, nothing fails
