from __future__ import annotations

from pathlib import Path

import pytest

from koltrust.claims.evaluation import (
    EvalSet,
    Query,
    average_precision,
    read_folder,
    recall,
    reciprocal_rank,
    scores,
)
from koltrust.claims.importers import FactCheckFileError


def test_metrics_on_a_hand_worked_ranking() -> None:
    ranked = ["x", "a", "y", "b"]
    assert average_precision(ranked, {"a"}, 5) == 0.5
    assert average_precision(ranked, {"a", "b"}, 5) == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert average_precision(ranked, {"a"}, 1) == 0.0
    assert reciprocal_rank(ranked, {"y"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, {"z"}) == 0.0
    assert recall(ranked, {"a", "z"}, 2) == 0.5


def test_scores_average_over_judged_queries_only() -> None:
    evalset = EvalSet(
        b"", [Query("1", "one"), Query("2", "two"), Query("3", "x")], {"1": {"a"}, "2": {"b"}}
    )
    result = scores(evalset, lambda query: ["a", "b"], k=5)
    assert result == {"map@1": 0.5, "map@5": 0.75, "recall@5": 1.0, "mrr": 0.75, "n_queries": 2}


def test_read_folder_names_what_is_missing_or_malformed(tmp_path: Path) -> None:
    (tmp_path / "claims.jsonl").write_text("{}\n")
    (tmp_path / "queries.jsonl").write_text('{"id": "1", "text": "t"}\n')
    with pytest.raises(FactCheckFileError, match=r"qrels\.tsv missing"):
        read_folder(tmp_path)
    (tmp_path / "qrels.tsv").write_text("1\n")
    with pytest.raises(FactCheckFileError, match=r"qrels\.tsv line 1"):
        read_folder(tmp_path)
    (tmp_path / "qrels.tsv").write_text("1\tc\n")
    (tmp_path / "queries.jsonl").write_text('{"text": "no id"}\n')
    with pytest.raises(FactCheckFileError, match=r"queries\.jsonl line 1"):
        read_folder(tmp_path)
