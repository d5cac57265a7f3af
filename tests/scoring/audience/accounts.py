"""Hand-made follower profiles and a synthetic labelled set for the classifier tests."""

from __future__ import annotations

import numpy as np

from koltrust.scoring.audience.features import feature_matrix
from koltrust.scoring.audience.records import FollowerSample

BOT = FollowerSample(
    followers=12,
    following=4_800,
    biography_length=0,
    media_count=0,
    has_profile_picture=False,
    is_private=False,
    username_digits=6,
    username_length=14,
)
PERSON = FollowerSample(
    followers=420,
    following=350,
    biography_length=38,
    media_count=85,
    has_profile_picture=True,
    is_private=True,
    username_digits=0,
    username_length=9,
)


def synthetic(n_fake: int = 60, n_real: int = 240, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels drawn around BOT-like and PERSON-like profiles."""
    rng = np.random.default_rng(seed)

    def draw(fake: bool) -> FollowerSample:
        followers = int(rng.lognormal(3 if fake else 6, 1))
        digits = int(rng.integers(2, 7)) if fake else int(rng.integers(0, 2))
        return FollowerSample(
            followers=followers,
            following=int(rng.lognormal(7.5 if fake else 5.8, 0.6)),
            biography_length=0 if fake else int(rng.integers(0, 80)),
            media_count=int(rng.integers(0, 3)) if fake else int(rng.lognormal(3.5, 1)),
            has_profile_picture=bool(rng.random() < (0.5 if fake else 0.98)),
            is_private=bool(rng.random() < (0.3 if fake else 0.7)),
            username_digits=digits,
            username_length=int(rng.integers(8, 16)) + digits,
        )

    samples = [draw(True) for _ in range(n_fake)] + [draw(False) for _ in range(n_real)]
    labels = np.array([1.0] * n_fake + [0.0] * n_real)
    return feature_matrix(samples), labels
