"""Stratified k-fold cross-validation of fake-follower classifiers against a majority baseline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np


class Classifier(Protocol):
    """Anything that gives each row a probability of being fake."""

    def predict_proba(self, x: np.ndarray) -> np.ndarray: ...


Trainer = Callable[[np.ndarray, np.ndarray], Classifier]
METRICS = ("accuracy", "precision", "recall", "f1")


class _Majority:
    def __init__(self, label: int) -> None:
        self.label = label

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.full(len(x), float(self.label))


def majority(x: np.ndarray, y: np.ndarray) -> Classifier:
    """The trivial baseline: always the most frequent training label."""
    del x
    return _Majority(int(y.mean() > 0.5))


def stratified_folds(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """A fold number 0..k-1 per row; each class is shuffled, then dealt round-robin."""
    rng = np.random.default_rng(seed)
    folds = np.empty(len(y), dtype=int)
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        folds[rows] = np.arange(len(rows)) % k
    return folds


def confusion(y: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """[[true negatives, false positives], [false negatives, true positives]]; 1 = fake."""
    matrix = np.zeros((2, 2), dtype=int)
    np.add.at(matrix, (y.astype(int), predicted.astype(int)), 1)
    return matrix


def scores(matrix: np.ndarray) -> dict[str, float]:
    """Accuracy, and precision, recall and F1 of the fake class (0 when undefined)."""
    (tn, fp), (fn, tp) = matrix.tolist()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": (tp + tn) / matrix.sum(),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Per-fold scores and the confusion matrix summed over the folds of one trainer."""

    folds: list[dict[str, float]]
    matrix: np.ndarray

    def summary(self) -> dict[str, Any]:
        """Mean and standard deviation of each metric, and the summed confusion matrix."""
        out: dict[str, Any] = {}
        for metric in METRICS:
            values = np.array([fold[metric] for fold in self.folds])
            out[metric] = {"mean": float(values.mean()), "std": float(values.std(ddof=1))}
        out["confusion"] = self.matrix.tolist()
        return out


def cross_validate(
    x: np.ndarray,
    y: np.ndarray,
    trainer: Trainer,
    *,
    k: int = 10,
    seed: int = 0,
    threshold: float = 0.5,
) -> CrossValidation:
    """Train on k-1 folds and score the held-out fold, k times."""
    folds = stratified_folds(y, k, seed)
    per_fold, total = [], np.zeros((2, 2), dtype=int)
    for fold in range(k):
        test = folds == fold
        model = trainer(x[~test], y[~test])
        predicted = model.predict_proba(x[test]) >= threshold
        matrix = confusion(y[test], predicted)
        per_fold.append(scores(matrix))
        total += matrix
    return CrossValidation(folds=per_fold, matrix=total)


def compare(
    x: np.ndarray, y: np.ndarray, trainers: Mapping[str, Trainer], *, k: int = 10, seed: int = 0
) -> dict[str, dict[str, Any]]:
    """The cross-validation summary of each trainer on the same folds."""
    return {name: cross_validate(x, y, t, k=k, seed=seed).summary() for name, t in trainers.items()}
