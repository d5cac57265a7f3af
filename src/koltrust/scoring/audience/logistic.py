"""L2-regularised logistic regression fitted by Newton's method, in numpy.

Ten features and a few thousand rows make the Hessian tiny, so Newton converges in a handful of
exact steps with no learning rate to tune.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from koltrust.scoring.audience.features import FEATURES


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, safe for large magnitudes."""
    return np.asarray(0.5 * (1 + np.tanh(0.5 * z)))


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """P(fake) = sigmoid(intercept + coef . (x - mean) / scale)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row is a fake account."""
        return sigmoid(self.intercept + ((x - self.mean) / self.scale) @ self.coef)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (see ``logistic_from_json``)."""
        return {
            "kind": "logistic",
            "features": list(FEATURES),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }


def logistic_from_json(data: dict[str, Any]) -> LogisticModel:
    """The model a ``to_json`` mapping describes; refuses one made for other features."""
    if list(data.get("features", [])) != list(FEATURES):
        raise ValueError("logistic model: its features differ from koltrust's FEATURES")
    return LogisticModel(
        mean=np.array(data["mean"], dtype=float),
        scale=np.array(data["scale"], dtype=float),
        coef=np.array(data["coef"], dtype=float),
        intercept=float(data["intercept"]),
    )


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 50
) -> LogisticModel:
    """Fit on rows ``x`` and 0/1 labels ``y`` (1 = fake); ``l2`` penalises the coefficients."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    design = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    weights = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = sigmoid(design @ weights)
        gradient = design.T @ (p - y) + penalty * weights
        hessian = (
            (design.T * (p * (1 - p))) @ design + np.diag(penalty) + 1e-9 * np.eye(len(weights))
        )
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return LogisticModel(mean=mean, scale=scale, coef=weights[1:], intercept=float(weights[0]))
