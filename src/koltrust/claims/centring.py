"""Per-language mean-centring of embeddings. multilingual-e5 puts texts of one language near
each other whatever they say; subtracting each language's mean vector (and re-normalising)
removes that shared part, so that a Vietnamese post lands near the English claim it repeats.
Queries and passages are centred on their own means, as e5 embeds them with different
prefixes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from koltrust.claims.embedder import Embedder, Vectors

MEANS_FILE = Path(__file__).with_name("data") / "language_means.json"


def variety(text: str, language: str) -> str:
    """The language key a text is centred with: Vietnamese typed without diacritics lands
    elsewhere in the embedding space than accented Vietnamese, so it has a mean of its own."""
    if language == "vi" and text.isascii():
        return "vi-ascii"
    return language


class Centring:
    """Mean vectors per (kind, language); a language without a mean uses the kind's overall
    mean."""

    def __init__(self, means: dict[str, Vectors]) -> None:
        self.means = means

    def apply(self, vectors: Vectors, languages: Sequence[str], *, query: bool) -> Vectors:
        """``vectors`` centred on their languages' means and re-normalised."""
        kind = "query" if query else "passage"
        fallback = self.means.get(f"{kind}:*")
        out = vectors.astype(np.float32, copy=True)
        for n, language in enumerate(languages):
            mean = self.means.get(f"{kind}:{language}", fallback)
            if mean is not None:
                out[n] -= mean
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.maximum(norms, 1e-9), dtype=np.float32)

    def save(self, path: Path) -> None:
        data = {key: [round(float(x), 6) for x in mean] for key, mean in self.means.items()}
        path.write_text(json.dumps(data) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MEANS_FILE) -> Centring:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({key: np.array(mean, dtype=np.float32) for key, mean in data.items()})


def estimate(embedder: Embedder, samples: Mapping[str, Sequence[str]]) -> Centring:
    """Means from sample texts per language, embedded both as queries and as passages."""
    means: dict[str, Vectors] = {}
    for kind, query in (("query", True), ("passage", False)):
        per_language = {lang: embedder.embed(texts, query=query) for lang, texts in samples.items()}
        for language, vectors in per_language.items():
            means[f"{kind}:{language}"] = vectors.mean(axis=0)
        means[f"{kind}:*"] = np.vstack(list(per_language.values())).mean(axis=0)
    return Centring(means)
