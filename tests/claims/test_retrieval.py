"""Retrieval end to end with the real embedder, on the regression set of this repository
(vi, fr, id posts and Vietnamese without diacritics against English fact-checks, and the
other way round) and, when the shared data is there, on CheckThat! 2022 dev (BM25 only:
embedding its 14,000 claims takes minutes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from koltrust.claims.embedder import head
from koltrust.claims.evaluation import read_folder, run
from koltrust.claims.importers import parse
from koltrust.claims.model import FactCheck
from koltrust.claims.retriever import ClaimIndex, QueryTooLong, Thresholds
from tests.claims.embedding import CountingEmbedder

REGRESSION = Path(__file__).parents[1] / "data" / "claims-regression"
SHARED = Path(__file__).parents[3] / "shared" / "data" / "claims"


def test_hybrid_matching_across_languages_beats_bm25_on_the_regression_set() -> None:
    evalset = read_folder(REGRESSION)
    hybrid = run(evalset, ClaimIndex(embedder=CountingEmbedder()))
    lexical = run(evalset, ClaimIndex(embedder=None))
    # measured 0.85 / 0.92 when written; BM25 alone 0.21 / 0.37
    assert hybrid["map@1"] >= 0.75
    assert hybrid["map@5"] >= 0.85
    assert hybrid["recall@5"] >= 0.95
    assert lexical["map@5"] < hybrid["map@5"] - 0.3


def test_a_vietnamese_post_confirms_the_english_fact_check_it_repeats() -> None:
    index = ClaimIndex(embedder=CountingEmbedder(), thresholds=Thresholds(0.5, 0.8))
    index.add(parse(read_folder(REGRESSION).claims, "jsonl").fact_checks)
    post = "Các trạm phát sóng 5G đang lây lan virus corona, chia sẻ ngay!"
    best = index.search(post, k=3)[0]
    assert best.fact_check.claim == "5G mobile network towers spread the coronavirus."
    assert best.decision == "confirmed"
    unrelated = index.search("Hôm nay mình đi chợ mua rau và cá cho cả nhà.", k=1)[0]
    assert unrelated.decision == "none"


def test_only_new_fact_checks_are_embedded_and_the_index_persists(tmp_path: Path) -> None:
    first = [
        FactCheck("Mosquito bites can transmit COVID-19.", language="en"),
        FactCheck("Sunscreen causes skin cancer.", language="en"),
    ]
    embedder = CountingEmbedder()
    index = ClaimIndex(embedder=embedder, folder=tmp_path)
    index.add(first)
    assert len(embedder.texts) == 2
    again = CountingEmbedder()
    reopened = ClaimIndex(embedder=again, folder=tmp_path)
    added, removed = reopened.sync([first[1], FactCheck("Vaccines cause autism.", language="en")])
    assert (added, removed) == (2, 1)
    assert again.texts == ["Vaccines cause autism."]  # the sunscreen claim was on disk
    found = {m.fact_check.claim for m in reopened.search("mosquitoes spread covid", k=5)}
    assert "Mosquito bites can transmit COVID-19." not in found


def test_empty_and_oversized_queries() -> None:
    index = ClaimIndex(embedder=None)
    index.add([FactCheck("Sunscreen causes skin cancer.")])
    assert index.search("   ") == []
    with pytest.raises(QueryTooLong, match="at most 20000"):
        index.search("a" * 20_001)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/claims is not on this machine")
def test_bm25_baseline_on_checkthat_2022_dev() -> None:
    result = run(read_folder(SHARED / "checkthat2022-dev"), ClaimIndex(embedder=None))
    assert result["n_queries"] == 199
    assert result["map@5"] >= 0.88  # measured 0.907; the organisers' BM25 reached 0.82


def test_long_texts_are_embedded_by_their_head() -> None:
    text = "Uống nước chanh ấm chữa khỏi ung thư. " * 300
    assert len(head(text)) <= 1_000
    assert text.startswith(head(text))
    assert head("ngắn") == "ngắn"


def test_a_claim_deep_inside_a_long_caption_is_found() -> None:
    index = ClaimIndex(embedder=CountingEmbedder())
    index.add(parse(read_folder(REGRESSION).claims, "jsonl").fact_checks)
    filler = "Hôm nay cả nhà mình đi chơi công viên, trời đẹp và mát mẻ lắm. " * 40
    post = filler + "Các trạm phát sóng 5G đang lây lan virus corona, hãy cẩn thận! " + filler
    assert len(post) > 5_000
    assert post.index("5G") > 2_000
    best = index.search(post, k=1)[0]
    assert best.fact_check.claim == "5G mobile network towers spread the coronavirus."
