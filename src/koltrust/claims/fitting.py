"""Fitting the ranker's models: pairwise logistic regression for the order, then Platt scaling
for the probability. Plain Newton steps with an L2 penalty; the problems are tiny."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from koltrust.claims.ranker import Candidate, Matrix, Model, feature_matrix

Judged = tuple[Sequence[Candidate], Sequence[bool]]  # one query's candidates and labels


def fit_model(
    queries: Sequence[Judged],
    names: tuple[str, ...],
    evidence: tuple[str, ...],
    unmatched: Sequence[Sequence[Candidate]] = (),
) -> Model:
    """Order weights from every (relevant, irrelevant) pair of each query; then the
    probability from every candidate, over each query as it is, once more without its
    relevant claims (as for a post whose claim nobody has fact-checked), and over the
    candidates of ``unmatched`` posts that repeat no claim at all."""
    rows = [(_columns(candidates, names), np.array(labels)) for candidates, labels in queries]
    pairs = [x[p] - x[n] for x, y in rows for p in np.flatnonzero(y) for n in np.flatnonzero(~y)]
    if not pairs:
        raise ValueError("no query has both a relevant and an irrelevant candidate")
    differences = np.array(pairs)
    weights = _logistic(
        np.vstack([differences, -differences]),
        np.r_[np.ones(len(pairs)), np.zeros(len(pairs))],
        bias=False,
    )
    order = Model(names, tuple(float(w) for w in weights), evidence)
    x, y = _evidence_rows(order, [*queries, *((c, [False] * len(c)) for c in unmatched)])
    fitted = _logistic(x, y, bias=True)
    return replace(
        order, evidence_weights=tuple(float(w) for w in fitted[:-1]), bias=float(fitted[-1])
    )


def _evidence_rows(model: Model, queries: Sequence[Judged]) -> tuple[Matrix, Matrix]:
    blocks, labels = [], []
    for candidates, judged in queries:
        unmatched = [c for c, relevant in zip(candidates, judged, strict=True) if not relevant]
        for found, truth in ((candidates, list(judged)), (unmatched, [False] * len(unmatched))):
            if len(found) >= 2:
                blocks.append(model.evidence_matrix(feature_matrix(found)))
                labels.extend(truth)
    return np.vstack(blocks), np.array(labels, dtype=np.float64)


def _columns(candidates: Sequence[Candidate], names: tuple[str, ...]) -> Matrix:
    features = feature_matrix(candidates)
    return np.column_stack([features[name] for name in names])


def _logistic(x: Matrix, y: Matrix, *, bias: bool, l2: float = 1.0) -> Matrix:
    if bias:
        x = np.column_stack([x, np.ones(len(x))])
    beta = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    if bias:
        penalty[-1, -1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -60, 60)))
        gradient = x.T @ (p - y) + penalty @ beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return np.asarray(beta, dtype=np.float64)
