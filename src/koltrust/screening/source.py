"""Keeps an engine built from the rulebook folder, rebuilt when any of its files change, so that
edited rules and imported lists take effect without a restart."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from koltrust.screening.engine import Engine, FindingProducer
from koltrust.screening.loader import index_path, load_rulebook
from koltrust.screening.model import Rulebook

CHECK_EVERY_SECONDS = 2.0
Stamp = tuple[tuple[str, float, int], ...]
# the extra finding producers (claim matching) for a rulebook, made again with each reload
ProducersFor = Callable[[Rulebook], Iterable[FindingProducer]]

log = logging.getLogger(__name__)


class RulebookSource:
    """Thread-safe access to the current engine for one rulebook folder."""

    def __init__(
        self,
        path: Path,
        *,
        max_chars: int,
        check_every: float = CHECK_EVERY_SECONDS,
        producers: ProducersFor | None = None,
    ):
        self.folder = index_path(path).parent
        self.max_chars = max_chars
        self.check_every = check_every
        self.producers = producers
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._stamp: Stamp = ()
        self._rejected: Stamp = ()  # the files as they were when last found invalid
        self._checked_at = 0.0

    def engine(self) -> Engine:
        """The engine for the rulebook as it is on disk now (checked at most every few seconds).
        A rulebook edited into an invalid state keeps the last valid engine serving."""
        now = time.monotonic()
        with self._lock:
            if self._engine is not None and now - self._checked_at < self.check_every:
                return self._engine
            self._checked_at = now
            stamp = self._files_stamp()
            if self._engine is None or stamp not in (self._stamp, self._rejected):
                self._reload(stamp)
            assert self._engine is not None
            return self._engine

    def _reload(self, stamp: Stamp) -> None:
        """Build the engine anew; an invalid rulebook is reported once and not read again
        until its files change."""
        try:
            rulebook = load_rulebook(self.folder)
        except Exception as exc:
            if self._engine is None:
                raise
            self._rejected = stamp
            log.warning(
                "the rulebook in %s is invalid; still screening with version %s: %s",
                self.folder,
                self._engine.rulebook.version,
                exc,
            )
            return
        if self._engine is not None:
            log.info("rulebook reloaded: version %s", rulebook.version)
        extra = self.producers(rulebook) if self.producers else ()
        self._engine = Engine(rulebook, producers=extra, max_chars=self.max_chars)
        self._stamp = stamp

    def _files_stamp(self) -> Stamp:
        files = sorted(p for p in self.folder.rglob("*") if p.suffix in (".yaml", ".yml", ".csv"))
        return tuple((str(p), p.stat().st_mtime, p.stat().st_size) for p in files)
