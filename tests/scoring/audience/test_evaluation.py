"""Cross-validation and the majority baseline, on a synthetic set and (when present) InstaFake."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from koltrust.scoring.audience.evaluation import (
    compare,
    confusion,
    cross_validate,
    majority,
    scores,
    stratified_folds,
)
from koltrust.scoring.audience.instafake import FILES, dataset
from koltrust.scoring.audience.logistic import fit_logistic
from tests.scoring.audience.accounts import synthetic

INSTAFAKE = Path(__file__).resolve().parents[4] / "shared" / "data" / "accounts"


def test_stratified_folds_keep_the_class_balance_and_are_seeded() -> None:
    y = np.array([1.0] * 20 + [0.0] * 80)

    folds = stratified_folds(y, 10, seed=7)

    for fold in range(10):
        assert (y[folds == fold] == 1).sum() == 2
        assert (folds == fold).sum() == 10
    assert np.array_equal(folds, stratified_folds(y, 10, seed=7))
    assert not np.array_equal(folds, stratified_folds(y, 10, seed=8))


def test_scores_come_from_the_confusion_matrix_with_fake_as_positive() -> None:
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    predicted = np.array([1, 1, 0, 1, 0, 0, 0, 0])

    matrix = confusion(y, predicted)

    assert matrix.tolist() == [[4, 1], [1, 2]]
    assert scores(matrix) == pytest.approx(
        {"accuracy": 6 / 8, "precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    )


def test_the_majority_baseline_never_finds_a_fake() -> None:
    x, y = synthetic()

    result = cross_validate(x, y, majority, k=5).summary()

    assert result["accuracy"]["mean"] == pytest.approx(0.8)
    assert result["recall"]["mean"] == 0.0
    assert result["precision"]["mean"] == 0.0
    assert result["confusion"] == [[240, 0], [60, 0]]


def test_a_fitted_model_beats_the_baseline_on_the_same_folds() -> None:
    x, y = synthetic()

    results = compare(x, y, {"majority": majority, "logistic": fit_logistic}, k=5, seed=1)

    assert results["logistic"]["accuracy"]["mean"] > results["majority"]["accuracy"]["mean"] + 0.1
    assert results["logistic"]["f1"]["mean"] > 0.85
    assert sum(map(sum, results["logistic"]["confusion"])) == len(y)


@pytest.mark.skipif(
    not all((INSTAFAKE / name).is_file() for name in FILES),
    reason=f"InstaFake is not in {INSTAFAKE} (evaluation data, never bundled)",
)
def test_logistic_regression_on_instafake_is_close_to_the_published_accuracy() -> None:
    records = [r for name in FILES for r in json.loads((INSTAFAKE / name).read_text("utf-8"))]
    x, y = dataset(records)

    result = cross_validate(x, y, fit_logistic, k=10, seed=0).summary()

    assert (len(y), int(y.sum())) == (1194, 200)
    assert result["accuracy"]["mean"] > 0.93
