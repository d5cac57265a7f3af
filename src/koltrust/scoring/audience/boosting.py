"""Gradient-boosted shallow trees for log-loss (a small XGBoost-like learner in numpy).

Each feature is cut at up to ``bins`` quantiles once; every round fits a depth-``depth`` tree to
the gradient and Hessian of the log-loss with Newton leaf values, shrunk by ``rate``. Trees
split on thresholds, so the features need no scaling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from koltrust.scoring.audience.features import FEATURES
from koltrust.scoring.audience.logistic import sigmoid

# A node is a leaf value or (feature index, threshold, left node, right node); left is x <= t.
Node = float | tuple[int, float, Any, Any]


@dataclass(frozen=True, slots=True)
class BoostSettings:
    """Hyper-parameters, fixed beforehand rather than tuned on the evaluation folds."""

    rounds: int = 150
    rate: float = 0.1
    depth: int = 2
    bins: int = 32
    l2: float = 1.0
    min_hessian: float = 1.0


@dataclass(frozen=True, slots=True)
class BoostedModel:
    """A sum of trees on the log-odds of being fake."""

    base: float
    trees: tuple[Node, ...]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row is a fake account."""
        margin = np.full(len(x), self.base)
        for tree in self.trees:
            margin += _predict(tree, x)
        return sigmoid(margin)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (trees as nested lists)."""
        return {
            "kind": "boosted",
            "features": list(FEATURES),
            "base": self.base,
            "trees": list(self.trees),
        }


def boosted_from_json(data: dict[str, Any]) -> BoostedModel:
    """The model a ``to_json`` mapping describes."""
    if list(data.get("features", [])) != list(FEATURES):
        raise ValueError("boosted model: its features differ from koltrust's FEATURES")
    return BoostedModel(base=float(data["base"]), trees=tuple(_node(t) for t in data["trees"]))


def _node(data: Any) -> Node:
    if isinstance(data, int | float):
        return float(data)
    feature, threshold, left, right = data
    return (int(feature), float(threshold), _node(left), _node(right))


def _predict(node: Node, x: np.ndarray) -> np.ndarray:
    if isinstance(node, float):
        return np.full(len(x), node)
    feature, threshold, left, right = node
    goes_left = x[:, feature] <= threshold
    out = np.empty(len(x))
    out[goes_left] = _predict(left, x[goes_left])
    out[~goes_left] = _predict(right, x[~goes_left])
    return out


def _cuts(x: np.ndarray, bins: int) -> list[np.ndarray]:
    quantiles = np.linspace(0, 1, bins + 1)[1:-1]
    return [np.unique(np.quantile(column, quantiles)) for column in x.T]


def _best_split(
    binned: np.ndarray, cuts: list[np.ndarray], g: np.ndarray, h: np.ndarray, s: BoostSettings
) -> tuple[float, int, int]:
    """(gain, feature, cut index) of the best split of these rows; gain 0 when none helps."""
    total = g.sum() ** 2 / (h.sum() + s.l2)
    best = (0.0, -1, -1)
    for feature, thresholds in enumerate(cuts):
        if len(thresholds) == 0:
            continue
        size = len(thresholds) + 1
        g_left = np.cumsum(np.bincount(binned[:, feature], g, size))[:-1]
        h_left = np.cumsum(np.bincount(binned[:, feature], h, size))[:-1]
        h_right = h.sum() - h_left
        gains = g_left**2 / (h_left + s.l2) + (g.sum() - g_left) ** 2 / (h_right + s.l2) - total
        gains[(h_left < s.min_hessian) | (h_right < s.min_hessian)] = 0.0
        cut = int(np.argmax(gains))
        if gains[cut] > best[0]:
            best = (float(gains[cut]), feature, cut)
    return best


def _grow(
    binned: np.ndarray,
    cuts: list[np.ndarray],
    g: np.ndarray,
    h: np.ndarray,
    depth: int,
    s: BoostSettings,
) -> Node:
    leaf = s.rate * float(g.sum() / (h.sum() + s.l2))
    if depth == 0 or len(g) < 2:
        return leaf
    gain, feature, cut = _best_split(binned, cuts, g, h, s)
    if gain <= 0:
        return leaf
    left = binned[:, feature] <= cut
    return (
        feature,
        float(cuts[feature][cut]),
        _grow(binned[left], cuts, g[left], h[left], depth - 1, s),
        _grow(binned[~left], cuts, g[~left], h[~left], depth - 1, s),
    )


def fit_boosted(
    x: np.ndarray, y: np.ndarray, settings: BoostSettings | None = None
) -> BoostedModel:
    """Fit on rows ``x`` and 0/1 labels ``y`` (1 = fake)."""
    s = settings or BoostSettings()
    cuts = _cuts(x, s.bins)
    # bin b holds values in (cut[b-1], cut[b]], so "bin <= b" is "x <= cut[b]"
    binned = np.stack(
        [np.searchsorted(c, col, side="left") for c, col in zip(cuts, x.T, strict=True)], 1
    )
    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    base = float(np.log(prior / (1 - prior)))
    margin = np.full(len(y), base)
    trees: list[Node] = []
    for _ in range(s.rounds):
        p = sigmoid(margin)
        tree = _grow(binned, cuts, y - p, np.maximum(p * (1 - p), 1e-12), s.depth, s)
        trees.append(tree)
        margin += _predict(tree, x)
    return BoostedModel(base=base, trees=tuple(trees))
