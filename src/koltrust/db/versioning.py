"""Optimistic locking: a client says which version it read; a mismatch is a 409."""

from __future__ import annotations

from koltrust.errors import StaleVersion


def check_version(current: int, given: int | None, name: str) -> None:
    """Raise StaleVersion when the client read ``given`` but the row is now at ``current``."""
    if given is not None and given != current:
        raise StaleVersion(
            f"'{name}' was changed since you read it (your version {given}, now {current}); "
            "reload and try again",
            current_version=current,
        )
