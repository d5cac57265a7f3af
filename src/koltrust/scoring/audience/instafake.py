"""Reading the InstaFake data set (Akyon & Kalfaoglu, 2019) for evaluation and training.

The data set is CC BY-NC 4.0: koltrust reads it from a folder the operator supplies and never
ships it (see docs/audience.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from koltrust.scoring.audience.features import feature_matrix
from koltrust.scoring.audience.records import FollowerSample

FILES = ("fakeAccountData.json", "realAccountData.json")


def sample_from_record(record: Mapping[str, Any]) -> FollowerSample:
    """A follower sample from one InstaFake record."""
    return FollowerSample(
        followers=int(record["userFollowerCount"]),
        following=int(record["userFollowingCount"]),
        biography_length=int(record["userBiographyLength"]),
        media_count=int(record["userMediaCount"]),
        has_profile_picture=bool(record["userHasProfilPic"]),
        is_private=bool(record["userIsPrivate"]),
        username_digits=int(record["usernameDigitCount"]),
        username_length=int(record["usernameLength"]),
    )


def dataset(records: Iterable[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and 0/1 labels (1 = fake) of InstaFake records."""
    rows = list(records)
    x = feature_matrix([sample_from_record(r) for r in rows])
    y = np.array([int(r["isFake"]) for r in rows], dtype=float)
    return x, y
