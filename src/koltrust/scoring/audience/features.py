"""Numeric features of a follower profile for the fake-follower classifiers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from koltrust.scoring.audience.records import FollowerSample

# Counts are heavy-tailed (a follower count runs from 0 to millions), hence the logs; the
# following/followers ratio is what follow-for-follow bots give away.
FEATURES: tuple[str, ...] = (
    "log_followers",
    "log_following",
    "log_follow_ratio",
    "log_biography_length",
    "log_media_count",
    "has_profile_picture",
    "is_private",
    "username_digits",
    "username_digit_share",
    "username_length",
)


def feature_row(sample: FollowerSample) -> list[float]:
    """The values of ``FEATURES`` for one follower."""
    return [
        float(np.log1p(sample.followers)),
        float(np.log1p(sample.following)),
        float(np.log((sample.following + 1) / (sample.followers + 1))),
        float(np.log1p(sample.biography_length)),
        float(np.log1p(sample.media_count)),
        float(sample.has_profile_picture),
        float(sample.is_private),
        float(sample.username_digits),
        sample.username_digits / sample.username_length if sample.username_length else 0.0,
        float(sample.username_length),
    ]


def feature_matrix(samples: Sequence[FollowerSample]) -> np.ndarray:
    """One row of ``FEATURES`` per sample (shape n x len(FEATURES))."""
    if not samples:
        return np.zeros((0, len(FEATURES)))
    return np.array([feature_row(sample) for sample in samples], dtype=float)
