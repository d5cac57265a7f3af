"""Fusion of the lexical and dense stages. A linear model, fitted on pairs (the right claim
against a wrong one for the same post), orders the candidates; a logistic curve fitted on its
scores (Platt scaling) turns the order score into a probability that the candidate is the claim
the post repeats, so the ``suggest`` and ``confirm`` thresholds mean the same whatever the pool.
Pairs in different languages are scored by a model that sees only the dense features, since
word overlap says nothing across languages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FEATURES = ("cos", "cos_z", "dense_rank", "bm25_share", "bm25_z", "bm25_rank")
LEXICAL_FEATURES = FEATURES
DENSE_FEATURES = ("cos", "cos_z", "dense_rank")
WEIGHTS_FILE = Path(__file__).with_name("data") / "ranker_weights.json"

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Candidate:
    """What the two stages said about one fact-check for one query."""

    id: str
    dense: float  # cosine after centring
    dense_rank: int  # 0-based; the search depth when the dense stage did not retrieve it
    bm25: float  # 0 when the lexical stage did not retrieve it
    bm25_rank: int
    same_language: bool


def feature_matrix(candidates: Sequence[Candidate]) -> dict[str, Matrix]:
    """Every feature of every candidate of one query (z-scores are within the query)."""
    cos = np.array([c.dense for c in candidates], dtype=np.float64)
    bm25 = np.array([c.bm25 for c in candidates], dtype=np.float64)
    retrieved = bm25 > 0
    return {
        "cos": cos,
        "cos_z": _z(cos),
        "dense_rank": np.array([1.0 / (1 + c.dense_rank) for c in candidates]),
        "bm25_share": bm25 / bm25.max() if bm25.max() > 0 else bm25,
        "bm25_z": _z(bm25),
        "bm25_rank": np.array([1.0 / (1 + c.bm25_rank) for c in candidates]) * retrieved,
    }


def _z(values: Matrix) -> Matrix:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 1e-9 else values * 0.0


@dataclass(frozen=True)
class Model:
    """Order score = weights · features; probability = sigmoid(scale · score + shift)."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    scale: float = 1.0
    shift: float = 0.0

    def order_scores(self, features: dict[str, Matrix]) -> Matrix:
        return np.asarray(
            sum(w * features[name] for name, w in zip(self.names, self.weights, strict=True)),
            dtype=np.float64,
        )

    def probabilities(self, features: dict[str, Matrix]) -> Matrix:
        z = self.scale * self.order_scores(features) + self.shift
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))), dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "weights": [round(w, 6) for w in self.weights],
            "scale": round(self.scale, 6),
            "shift": round(self.shift, 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        return cls(
            tuple(data["names"]),
            tuple(float(w) for w in data["weights"]),
            float(data["scale"]),
            float(data["shift"]),
        )


@dataclass(frozen=True)
class Ranker:
    """One model for pairs in the same language, one for pairs across languages."""

    same_language: Model
    cross_language: Model

    def probabilities(self, candidates: Sequence[Candidate]) -> list[float]:
        """The probability of each candidate, in the order given."""
        if not candidates:
            return []
        features = feature_matrix(candidates)
        same = self.same_language.probabilities(features)
        cross = self.cross_language.probabilities(features)
        return [float(same[n] if c.same_language else cross[n]) for n, c in enumerate(candidates)]

    def save(self, path: Path) -> None:
        data = {
            "same_language": self.same_language.to_dict(),
            "cross_language": self.cross_language.to_dict(),
        }
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Ranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(Model.from_dict(data["same_language"]), Model.from_dict(data["cross_language"]))
