"""Reading the InstaFake data set (Akyon & Kalfaoglu, 2019) for evaluation and training.

The data set is CC BY-NC 4.0: koltrust reads it from a folder the operator supplies and never
ships it (see docs/audience.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from koltrust.scoring.audience.boosting import fit_boosted
from koltrust.scoring.audience.evaluation import Trainer, compare, majority
from koltrust.scoring.audience.fake_followers import prior_model
from koltrust.scoring.audience.features import feature_matrix
from koltrust.scoring.audience.logistic import fit_logistic
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


def read_folder(folder: Path) -> tuple[np.ndarray, np.ndarray, dict[str, str]]:
    """Features, labels and the sha256 of each file of an InstaFake folder."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{folder}: missing {', '.join(missing)}")
    records: list[dict[str, Any]] = []
    digests = {}
    for name in FILES:
        raw = (folder / name).read_bytes()
        digests[name] = hashlib.sha256(raw).hexdigest()
        records.extend(json.loads(raw))
    x, y = dataset(records)
    return x, y, digests


TRAINERS: dict[str, Trainer] = {
    "majority": majority,
    "prior": lambda x, y: prior_model(),
    "logistic": lambda x, y: fit_logistic(x, y),
    "boosted": lambda x, y: fit_boosted(x, y),
}


def evaluate_folder(folder: Path, *, k: int = 10, seed: int = 0) -> dict[str, Any]:
    """Stratified k-fold figures of every model in ``TRAINERS`` on an InstaFake folder."""
    x, y, _ = read_folder(folder)
    models = compare(x, y, TRAINERS, k=k, seed=seed)
    return {"rows": len(y), "fakes": int(y.sum()), "folds": k, "seed": seed, "models": models}
