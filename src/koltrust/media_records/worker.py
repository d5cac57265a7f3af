"""A background thread per server process that processes uploaded media one at a time, so an
upload returns at once and a long video does not hold a request open."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.media_records import processing
from koltrust.screening.engine import Engine

log = logging.getLogger(__name__)


class MediaWorker:
    """Processes the media ids it is given, and at start whatever was left queued."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Settings,
        engine: Callable[[], Engine],
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.engine = engine
        self._ids: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, media_id: int) -> None:
        """Queue ``media_id`` (committed as queued) for processing."""
        self._ensure_started()
        self._ids.put(media_id)

    def start(self) -> None:
        """Start the thread and queue the items left waiting by an earlier process."""
        self._ensure_started()
        for media_id in processing.queued_ids(self.session_factory, utcnow()):
            self._ids.put(media_id)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish after the current item."""
        if self._thread is not None:
            self._ids.put(None)
            self._thread.join(timeout)

    def _ensure_started(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="koltrust-media", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while (media_id := self._ids.get()) is not None:
            try:
                if processing.claim(self.session_factory, media_id, utcnow()):
                    processing.process(self.session_factory, self.settings, self.engine(), media_id)
            except Exception:  # the thread must outlive any one item
                log.exception("media worker: item %s", media_id)
