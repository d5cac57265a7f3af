"""Where the shipped rulebook is."""

from __future__ import annotations

from pathlib import Path

import koltrust


def default_rulebook_path() -> Path:
    """The ``rules/`` folder shipped with koltrust (in a checkout, beside ``src/``)."""
    package = Path(koltrust.__file__).resolve().parent
    bundled = package / "rules"
    return bundled if bundled.exists() else package.parent.parent / "rules"
