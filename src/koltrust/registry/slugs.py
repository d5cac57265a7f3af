"""Slugs made from names (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable

from koltrust.text.fold import fold


def slugify(name: str, *, max_length: int = 60) -> str:
    """An ASCII slug: "Đặng Ngọc Ánh" -> "dang-ngoc-anh"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug[:max_length].rstrip("-") or "x"


def unique_slug(name: str, taken: Callable[[str], bool]) -> str:
    """The slug of ``name``, with -2, -3 ... appended until ``taken`` says it is free."""
    base = slugify(name)
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
