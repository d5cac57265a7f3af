"""The ranker's fitting on synthetic candidates whose relevant one is known."""

from __future__ import annotations

import random

import numpy as np

from koltrust.claims.fitting import fit_model
from koltrust.claims.ranker import (
    DENSE_EVIDENCE,
    DENSE_FEATURES,
    Candidate,
    Model,
    feature_matrix,
    margins,
)


def _query(rng: random.Random, *, relevant_cos: float) -> tuple[list[Candidate], list[bool]]:
    candidates = [Candidate(f"n{k}", rng.uniform(0.1, 0.5), k, 0.0, 30, True) for k in range(1, 10)]
    candidates.append(Candidate("r", relevant_cos + rng.uniform(-0.1, 0.1), 0, 0.0, 30, True))
    return candidates, [c.id == "r" for c in candidates]


def test_fitted_model_ranks_the_relevant_first_and_is_calibrated() -> None:
    rng = random.Random(1)
    queries = [_query(rng, relevant_cos=0.7) for _ in range(200)]
    model = fit_model(queries, DENSE_FEATURES, DENSE_EVIDENCE)
    assert model.weights[0] > 0
    candidates, labels = _query(rng, relevant_cos=0.7)
    probabilities = model.probabilities(feature_matrix(candidates))
    assert labels[int(np.argmax(probabilities))]
    assert probabilities.max() > 0.8
    unmatched = candidates[:-1]  # the relevant claim is not in the pool
    assert model.probabilities(feature_matrix(unmatched)).max() < 0.5


def test_margins_are_distance_to_the_best_other() -> None:
    assert margins(np.array([3.0, 1.0, 2.0])).tolist() == [1.0, -2.0, -1.0]
    assert margins(np.array([5.0])).tolist() == [0.0]


def test_model_round_trips_through_a_dict() -> None:
    model = Model(("cos",), (2.0,), ("margin",), (1.0, 0.5), -1.0)
    assert Model.from_dict(model.to_dict()) == model
