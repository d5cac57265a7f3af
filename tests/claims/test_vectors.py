from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from koltrust.claims.embedder import Vectors
from koltrust.claims.vectors import VectorIndex


def _unit(rows: np.ndarray) -> Vectors:
    unit: Vectors = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    return unit


def _random(n: int, dim: int = 16, seed: int = 7) -> Vectors:
    return _unit(np.random.default_rng(seed).normal(size=(n, dim)))


def test_exact_search_orders_by_cosine() -> None:
    vectors = _random(50)
    index = VectorIndex(16)
    index.add([f"d{n}" for n in range(50)], vectors)
    found = index.search(vectors[17], 3)
    assert found[0][0] == "d17"
    assert abs(found[0][1] - 1.0) < 1e-5
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_add_replaces_and_remove_drops() -> None:
    vectors = _random(3)
    index = VectorIndex(16)
    index.add(["a", "b", "c"], vectors)
    index.add(["a"], vectors[2:3])
    index.remove({"c"})
    assert index.ids == ["a", "b"]
    assert index.search(vectors[2], 1)[0][0] == "a"
    assert index.similarity(vectors[1], ["b", "zz"])[1] == 0.0


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    vectors = _random(10)
    index = VectorIndex(16)
    index.add([f"d{n}" for n in range(10)], vectors)
    index.save(tmp_path / "v.npy")
    loaded = VectorIndex.load(tmp_path / "v.npy", 16)
    assert loaded.ids == index.ids
    assert loaded.search(vectors[4], 1)[0][0] == "d4"
    assert len(VectorIndex.load(tmp_path / "missing.npy", 16)) == 0


def test_past_the_exact_limit_the_hnsw_index_finds_the_same_nearest() -> None:
    vectors = _random(400, dim=32, seed=3)
    ids = [f"d{n}" for n in range(400)]
    exact = VectorIndex(32)
    approximate = VectorIndex(32, exact_limit=100)
    exact.add(ids, vectors)
    approximate.add(ids, vectors)
    queries = _unit(vectors[:40] + 0.05 * _random(40, dim=32, seed=5))
    agree = sum(exact.search(q, 1)[0][0] == approximate.search(q, 1)[0][0] for q in queries)
    assert agree >= 38
    assert abs(approximate.search(vectors[9], 1)[0][1] - 1.0) < 0.01


def test_an_id_twice_in_one_batch_keeps_its_last_vector() -> None:
    vectors = _random(3)
    index = VectorIndex(16)
    index.add(["a", "b", "a"], vectors)
    assert index.ids == ["a", "b"]
    ((found, cosine),) = index.search(vectors[2], 1)
    assert found == "a"
    assert cosine == pytest.approx(1.0, abs=1e-5)


def test_the_hnsw_index_follows_additions_and_replacements() -> None:
    vectors = _random(300, dim=32, seed=4)
    index = VectorIndex(32, exact_limit=100)
    index.add([f"d{n}" for n in range(250)], vectors[:250])
    assert index.search(vectors[10], 1)[0][0] == "d10"  # builds the HNSW index
    index.add(["new", "d10"], np.stack([vectors[260], vectors[270]]))
    assert index.search(vectors[260], 1)[0][0] == "new"
    assert index.search(vectors[270], 1)[0][0] == "d10"
    assert len(index) == 251
