"""The fake-follower part: the expected share of fake accounts in a sample of followers."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from koltrust.scoring.audience.boosting import BoostedModel, boosted_from_json
from koltrust.scoring.audience.features import feature_matrix
from koltrust.scoring.audience.logistic import LogisticModel, logistic_from_json
from koltrust.scoring.audience.parts import Part, clip01
from koltrust.scoring.audience.records import FollowerSample

Model = LogisticModel | BoostedModel


def model_from_json(data: Mapping[str, Any]) -> Model:
    """A classifier from the JSON the training tool writes (``kind`` logistic or boosted)."""
    kind = data.get("kind")
    if kind == "logistic":
        return logistic_from_json(dict(data))
    if kind == "boosted":
        return boosted_from_json(dict(data))
    raise ValueError(f"fake-follower model: unknown kind {kind!r} (logistic or boosted)")


@cache
def prior_model() -> Model:
    """The hand-set model shipped with koltrust (``data/prior_model.json``), trained on nothing."""
    path = resources.files("koltrust.scoring.audience").joinpath("data/prior_model.json")
    return model_from_json(json.loads(path.read_text("utf-8")))


def fake_probabilities(samples: Sequence[FollowerSample], model: Model | None = None) -> np.ndarray:
    """P(fake) for each follower sample."""
    return (model or prior_model()).predict_proba(feature_matrix(samples))


def fake_followers_part(
    samples: Sequence[FollowerSample],
    model: Model | None = None,
    *,
    min_samples: int = 20,
    expected_share: float = 0.1,
    share_for_zero: float = 0.5,
) -> Part | None:
    """The share of fake followers the model expects, or None with fewer than ``min_samples``."""
    if len(samples) < min_samples:
        return None
    share = float(fake_probabilities(samples, model).mean())
    value = clip01(1 - (share - expected_share) / (share_for_zero - expected_share))
    reason = (
        f"The classifier expects {share:.0%} of {len(samples)} sampled followers to be fake "
        f"accounts; up to {expected_share:.0%} is common."
    )
    details = {"fake_share": share, "samples": len(samples)}
    return Part(code="fake_followers", value=value, reason=reason, details=details)
