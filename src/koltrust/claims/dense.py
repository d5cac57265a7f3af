"""The dense stage: fact-checks embedded once (as passages), centred on their language's mean
(see centring.py) so that texts in different languages compare by what they say, and kept in
a vector index. Centring costs about a point of MAP@5 on English-only data and is what makes
cross-language matching work at all, so every comparison uses it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from koltrust.claims.centring import Centring, variety
from koltrust.claims.embedder import Embedder, Vectors
from koltrust.claims.model import FactCheck
from koltrust.claims.vectors import VectorIndex


class DenseStage:
    """Centred vectors of the indexed fact-checks."""

    def __init__(
        self, embedder: Embedder, centring: Centring, *, exact_limit: int, folder: Path | None
    ) -> None:
        self.embedder = embedder
        self.centring = centring
        self.path = folder / "vectors.npy" if folder else None
        self.vectors = (
            VectorIndex.load(self.path, embedder.dim, exact_limit=exact_limit)
            if self.path
            else VectorIndex(embedder.dim, exact_limit=exact_limit)
        )

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.vectors

    def ids(self) -> set[str]:
        return set(self.vectors.ids)

    def add(self, fact_checks: Sequence[FactCheck]) -> None:
        """Embed and index ``fact_checks``."""
        if not fact_checks:
            return
        raw = self.embedder.embed([fc.searchable_text() for fc in fact_checks], query=False)
        languages = [variety(fc.searchable_text(), fc.language) for fc in fact_checks]
        self.vectors.add(
            [fc.id for fc in fact_checks], self.centring.apply(raw, languages, query=False)
        )
        self.save()

    def remove(self, ids: set[str]) -> None:
        self.vectors.remove(ids)
        self.save()

    def save(self) -> None:
        if self.path is not None:
            self.vectors.save(self.path)

    def query(self, text: str, language: str) -> Vectors:
        """``text`` embedded as a query and centred."""
        vector = self.embedder.embed([text], query=True)
        centred: Vectors = self.centring.apply(vector, [variety(text, language)], query=True)[0]
        return centred

    def search(self, query: Vectors, depth: int) -> list[str]:
        """The ``depth`` nearest ids."""
        return [doc_id for doc_id, _ in self.vectors.search(query, depth)]

    def similarity(self, query: Vectors, ids: list[str]) -> list[float]:
        """The cosine of ``query`` with each id's vector."""
        return self.vectors.similarity(query, ids)
