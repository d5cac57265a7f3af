"""The badges' in-process cache: rendered bytes and ETag per (slug, language) for a short time
to live, so that a served badge costs a dictionary lookup. Each process has its own cache, so a
score written by another process (a worker, ``koltrust scores recompute``) shows once the entry
expires; a score written in this process is forgotten as soon as its transaction commits,
through SQLAlchemy session events (no caller has to know that badges are cached)."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from koltrust.registry.models import Influencer
from koltrust.trust.models import TrustScore

Key = tuple[str, str]  # (slug, language)

_WATCHED_TABLES = frozenset({TrustScore.__tablename__, Influencer.__tablename__})
_CHANGED_IDS = "koltrust.badge.changed_ids"
_CHANGED_IN_BULK = "koltrust.badge.changed_in_bulk"


@dataclass(frozen=True, slots=True)
class CachedBadge:
    """A rendered badge: HTTP status (200, 404), SVG bytes, quoted ETag, the influencer it
    shows (None for an unknown slug) and when it expires on the cache's clock."""

    status: int
    body: bytes
    etag: str
    influencer_id: int | None
    expires_at: float


class BadgeCache:
    """Badges by (slug, language) for ``ttl_seconds`` (0 disables caching), at most
    ``max_entries`` of them (the oldest go first). ``clock`` is swappable for tests."""

    def __init__(
        self,
        ttl_seconds: float,
        *,
        max_entries: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[Key, CachedBadge] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Key) -> CachedBadge | None:
        """The cached badge, or None when absent or expired."""
        badge = self._entries.get(key)
        if badge is None or badge.expires_at <= self.clock():
            return None
        return badge

    def put(
        self, key: Key, *, status: int, body: bytes, etag: str, influencer_id: int | None
    ) -> CachedBadge:
        """Keep a freshly rendered badge (when caching is enabled) and return it."""
        badge = CachedBadge(status, body, etag, influencer_id, self.clock() + self.ttl_seconds)
        if not self.enabled:
            return badge
        with self._lock:
            self._entries.pop(key, None)
            while len(self._entries) >= self.max_entries:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = badge
        return badge

    def forget(self, influencer_ids: Iterable[int]) -> None:
        """Drop the badges of these influencers."""
        ids = set(influencer_ids)
        with self._lock:
            stale = [key for key, badge in self._entries.items() if badge.influencer_id in ids]
            for key in stale:
                del self._entries[key]

    def clear(self) -> None:
        """Drop every badge."""
        with self._lock:
            self._entries.clear()


_caches: weakref.WeakSet[BadgeCache] = weakref.WeakSet()
_listening = False
_install_lock = threading.Lock()


def forget_on_commit(cache: BadgeCache) -> None:
    """Have ``cache`` forget an influencer's badges when a transaction that wrote their score
    or profile commits (a bulk statement on those tables clears it)."""
    global _listening
    _caches.add(cache)
    with _install_lock:
        if not _listening:
            event.listen(Session, "after_flush", _note_flushed)
            event.listen(Session, "do_orm_execute", _note_bulk)
            event.listen(Session, "after_commit", _forget_committed)
            event.listen(Session, "after_rollback", _drop_notes)
            _listening = True


def _note_flushed(session: Session, _context: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, TrustScore):
            session.info.setdefault(_CHANGED_IDS, set()).add(obj.influencer_id)
        elif isinstance(obj, Influencer) and obj.id is not None:
            session.info.setdefault(_CHANGED_IDS, set()).add(obj.id)


def _note_bulk(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _WATCHED_TABLES:
        state.session.info[_CHANGED_IN_BULK] = True


def _forget_committed(session: Session) -> None:
    ids: set[int] = session.info.pop(_CHANGED_IDS, set())
    in_bulk = session.info.pop(_CHANGED_IN_BULK, False)
    if not ids and not in_bulk:
        return
    for cache in list(_caches):
        if in_bulk:
            cache.clear()
        else:
            cache.forget(ids)


def _drop_notes(session: Session) -> None:
    session.info.pop(_CHANGED_IDS, None)
    session.info.pop(_CHANGED_IN_BULK, None)
