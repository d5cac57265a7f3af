"""One explained part of the authenticity estimate, and the data files the parts read."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Part:
    """One signal: ``value`` in 0..1 (1 = nothing suspicious), a stable ``code``, an English
    ``reason`` and the figures behind it in ``details`` (labels in other languages are built
    from ``code`` and ``details``, never parsed from ``reason``)."""

    code: str
    value: float
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


def load_data(name: str) -> dict[str, Any]:
    """A YAML mapping from ``koltrust/scoring/audience/data``."""
    text = resources.files("koltrust.scoring.audience").joinpath("data", name).read_text("utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"audience/data/{name}: expected a mapping at the top level")
    return loaded


def clip01(value: float) -> float:
    """``value`` limited to 0..1."""
    return min(1.0, max(0.0, value))
