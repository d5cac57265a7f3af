"""The terms of due process a service call works under: reply and appeal windows from the
settings, points and sanctions from the rulebook folder's sanctions.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from koltrust.config import Settings
from koltrust.sanctions.policy import POLICY_FILE, SanctionPolicy, load_policy
from koltrust.screening.rulebook_path import default_rulebook_path


@dataclass(frozen=True)
class DueProcess:
    """How long an influencer has to reply and to appeal, and the sanction policy."""

    policy: SanctionPolicy
    reply_window: timedelta
    appeal_window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> DueProcess:
        """The terms configured in ``settings`` (the policy file is read once per change)."""
        path = settings.rulebook_folder() / POLICY_FILE
        if not path.exists():  # a rulebook of one's own may keep the shipped sanctions
            path = default_rulebook_path() / POLICY_FILE
        mtime = path.stat().st_mtime_ns if path.exists() else 0
        return cls(
            policy=_policy(path, mtime),
            reply_window=timedelta(days=settings.case_reply_window_days),
            appeal_window=timedelta(days=settings.case_appeal_window_days),
        )


@lru_cache(maxsize=4)
def _policy(path: Path, mtime: int) -> SanctionPolicy:
    del mtime  # part of the cache key only: an edited file is read again
    return load_policy(path)
