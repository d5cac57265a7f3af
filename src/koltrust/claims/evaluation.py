"""Ranking quality on a folder in the common evaluation format (``claims.jsonl``,
``queries.jsonl``, ``qrels.tsv``): MAP@1, MAP@5, recall@k and MRR, as CheckThat! reports
them."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from koltrust.claims.importers import FactCheckFileError, parse
from koltrust.claims.retriever import ClaimIndex


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    language: str | None = None


@dataclass(frozen=True)
class EvalSet:
    """A claim pool, the queries and which claims are relevant to which query."""

    claims: bytes  # the claims.jsonl file as read
    queries: list[Query]
    relevant: dict[str, set[str]]


def read_folder(folder: Path, claims: Path | None = None) -> EvalSet:
    """The three files of ``folder`` (the claims from ``claims`` when given);
    FactCheckFileError says which is missing or wrong."""
    claims = claims or folder / "claims.jsonl"
    names = ("queries.jsonl", "qrels.tsv")
    missing = [name for name in names if not (folder / name).is_file()]
    missing += [] if claims.is_file() else [claims.name]
    if missing:
        raise FactCheckFileError(
            f"{folder} is not an evaluation folder: {', '.join(missing)} missing "
            "(expected claims.jsonl, queries.jsonl and qrels.tsv)"
        )
    queries = [_query(line, n) for n, line in _lines(folder / "queries.jsonl")]
    relevant: dict[str, set[str]] = defaultdict(set)
    for n, line in _lines(folder / "qrels.tsv"):
        parts = line.split("\t")
        if len(parts) < 2:
            raise FactCheckFileError(f"qrels.tsv line {n}: expected query_id<TAB>claim_id")
        relevant[parts[0].strip()].add(parts[1].strip())
    return EvalSet(claims.read_bytes(), queries, dict(relevant))


def _lines(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _query(line: str, n: int) -> Query:
    try:
        record = json.loads(line)
        language = record.get("language")
        return Query(str(record["id"]), str(record["text"]), str(language) if language else None)
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise FactCheckFileError(
            f'queries.jsonl line {n}: expected {{"id": ..., "text": ...}} ({exc})'
        ) from exc


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """AP@k: precision at each relevant hit in the top ``k``, over min(|relevant|, k)."""
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant item, 0 when none is ranked."""
    return next((1.0 / rank for rank, doc in enumerate(ranked, 1) if doc in relevant), 0.0)


def recall(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant items found in the top ``k``."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def scores(evalset: EvalSet, rank: Callable[[Query], list[str]], *, k: int = 5) -> dict[str, float]:
    """MAP@1, MAP@k, recall@k and MRR of ``rank`` (query text → ranked external claim ids)
    over the queries that have a relevant claim."""
    judged = [q for q in evalset.queries if evalset.relevant.get(q.id)]
    if not judged:
        raise FactCheckFileError("no query in queries.jsonl has a relevant claim in qrels.tsv")
    totals: dict[str, float] = defaultdict(float)
    for query in judged:
        ranked, relevant = rank(query), evalset.relevant[query.id]
        totals["map@1"] += average_precision(ranked, relevant, 1)
        totals[f"map@{k}"] += average_precision(ranked, relevant, k)
        totals[f"recall@{k}"] += recall(ranked, relevant, k)
        totals["mrr"] += reciprocal_rank(ranked, relevant)
    result = {name: round(total / len(judged), 4) for name, total in totals.items()}
    return {**result, "n_queries": len(judged)}


@dataclass(frozen=True)
class IndexedPool:
    """An evaluation pool once indexed: how its fact-checks map back to the files' claim ids,
    and each query's relevant claims with duplicates replaced by the claim kept (claims with
    the same text are one fact-check)."""

    external: dict[str, str]  # FactCheck.id -> claim id in claims.jsonl
    relevant: dict[str, set[str]]  # query id -> claim ids
    by_claim: dict[str, str]  # claim id -> FactCheck.id

    def relevant_ids(self, query: Query) -> set[str]:
        """The FactCheck ids relevant to ``query``."""
        return {self.by_claim[c] for c in self.relevant.get(query.id, ()) if c in self.by_claim}


def index_pool(evalset: EvalSet, index: ClaimIndex) -> IndexedPool:
    """Add the pool of ``evalset`` to ``index``."""
    parsed = parse(evalset.claims, "jsonl")
    if not parsed.fact_checks:
        raise FactCheckFileError("claims.jsonl holds no usable claim")
    index.add(parsed.fact_checks)
    canonical = parsed.duplicate_of
    return IndexedPool(
        external={fc.id: fc.external_id for fc in parsed.fact_checks},
        relevant={q: {canonical.get(c, c) for c in cs} for q, cs in evalset.relevant.items()},
        by_claim={fc.external_id: fc.id for fc in parsed.fact_checks},
    )


def run(
    evalset: EvalSet,
    index: ClaimIndex,
    *,
    k: int = 5,
) -> dict[str, float]:
    """Index the pool of ``evalset`` into the fresh ``index``, rank every query and score the
    ranking; ``seconds`` is the wall time of both."""
    started = time.perf_counter()
    pool = index_pool(evalset, index)

    def rank(query: Query) -> list[str]:
        matches = index.search(query.text, k=max(k, 5), language=query.language)
        return [pool.external[m.fact_check.id] for m in matches]

    result = scores(replace(evalset, relevant=pool.relevant), rank, k=k)
    return {**result, "seconds": round(time.perf_counter() - started, 2)}
