"""PURE audience authenticity: engagement against the tier's band, follower-growth spikes,
duplicate and generic comments, and a fake-follower classifier, combined into an explained
estimate 0..1 (no I/O beyond the package's own data files, no database)."""

from koltrust.scoring.audience.authenticity import Authenticity, Contribution, estimate
from koltrust.scoring.audience.records import (
    AccountStats,
    AudienceDataError,
    FollowerSample,
    HistoryPoint,
)

__all__ = [
    "AccountStats",
    "AudienceDataError",
    "Authenticity",
    "Contribution",
    "FollowerSample",
    "HistoryPoint",
    "estimate",
]
