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

# word statistics relative to the other candidates: strong where the pool has plenty of
# texts in the post's language, misleading where it has few (any shared word then stands out)
RELATIVE_FEATURES = ("cos", "cos_z", "dense_rank", "bm25_share", "bm25_z", "bm25_rank", "overlap")
ABSOLUTE_FEATURES = ("cos", "cos_z", "dense_rank", "bm25_log", "overlap")
DENSE_FEATURES = ("cos", "cos_z", "dense_rank")
# fact-checks a language needs in the pool before relative word statistics are trusted
RELATIVE_MIN_DOCUMENTS = 2_000
# what the probability is fitted on besides the order score: absolute evidence, since the
# best candidate of a post that repeats no fact-checked claim still comes first
WORD_EVIDENCE = ("margin", "cos", "overlap")
DENSE_EVIDENCE = ("margin", "cos")
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
    overlap: float = 0.0  # share of the claim's words that the text has


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
        "bm25_log": np.log1p(bm25),
        "overlap": np.array([c.overlap for c in candidates], dtype=np.float64),
    }


def _z(values: Matrix) -> Matrix:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 1e-9 else values * 0.0


@dataclass(frozen=True)
class Model:
    """Order score = weights · features; probability = sigmoid(evidence weights · (order
    score, evidence features) + bias), where ``margin`` is how far the order score is ahead
    of the best other candidate."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    evidence: tuple[str, ...] = ()
    evidence_weights: tuple[float, ...] = (1.0,)
    bias: float = 0.0

    def order_scores(self, features: dict[str, Matrix]) -> Matrix:
        return np.asarray(
            sum(w * features[name] for name, w in zip(self.names, self.weights, strict=True)),
            dtype=np.float64,
        )

    def evidence_matrix(self, features: dict[str, Matrix]) -> Matrix:
        """Columns: the order score, then each evidence feature."""
        order = self.order_scores(features)
        extra = {**features, "margin": margins(order)}
        return np.column_stack([order, *(extra[name] for name in self.evidence)])

    def probabilities(self, features: dict[str, Matrix]) -> Matrix:
        z = self.evidence_matrix(features) @ np.array(self.evidence_weights) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60, 60))), dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "weights": [round(w, 6) for w in self.weights],
            "evidence": list(self.evidence),
            "evidence_weights": [round(w, 6) for w in self.evidence_weights],
            "bias": round(self.bias, 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        return cls(
            tuple(data["names"]),
            tuple(float(w) for w in data["weights"]),
            tuple(data["evidence"]),
            tuple(float(w) for w in data["evidence_weights"]),
            float(data["bias"]),
        )


def margins(order: Matrix) -> Matrix:
    """Each score minus the best score among the others."""
    if len(order) < 2:
        return np.zeros_like(order)
    top = np.argsort(-order)[:2]
    best_other = np.where(np.arange(len(order)) == top[0], order[top[1]], order[top[0]])
    return np.asarray(order - best_other, dtype=np.float64)


@dataclass(frozen=True)
class Ranker:
    """A model for pairs in the same language (relative or absolute word statistics, by how
    much of the pool is in the post's language), one for pairs across languages."""

    relative: Model
    absolute: Model
    cross_language: Model

    def probabilities(
        self, candidates: Sequence[Candidate], *, in_language: int = RELATIVE_MIN_DOCUMENTS
    ) -> list[float]:
        """The probability of each candidate, in the order given; ``in_language`` is how many
        fact-checks of the pool are in the post's language."""
        if not candidates:
            return []
        features = feature_matrix(candidates)
        same = self.relative if in_language >= RELATIVE_MIN_DOCUMENTS else self.absolute
        within = same.probabilities(features)
        across = self.cross_language.probabilities(features)
        return [
            float(within[n] if c.same_language else across[n]) for n, c in enumerate(candidates)
        ]

    def save(self, path: Path) -> None:
        data = {name: getattr(self, name).to_dict() for name in MODELS}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Ranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{name: Model.from_dict(data[name]) for name in MODELS})


MODELS = ("relative", "absolute", "cross_language")
