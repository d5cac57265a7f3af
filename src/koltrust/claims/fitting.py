"""Fitting the ranker's models: pairwise logistic regression for the order, then Platt scaling
for the probability. Plain Newton steps with an L2 penalty; the problems are tiny."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from koltrust.claims.ranker import Candidate, Matrix, Model, feature_matrix

Judged = tuple[Sequence[Candidate], Sequence[bool]]  # one query's candidates and labels


def fit_model(queries: Sequence[Judged], names: tuple[str, ...]) -> Model:
    """Order weights from every (relevant, irrelevant) pair of each query, then the
    probability curve from every candidate's order score."""
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
    scores = np.concatenate([x @ weights for x, _ in rows])
    labels = np.concatenate([y for _, y in rows]).astype(np.float64)
    scale, shift = _logistic(scores[:, None], labels, bias=True)
    return Model(names, tuple(float(w) for w in weights), float(scale), float(shift))


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
