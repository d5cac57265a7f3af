"""Content tests screen against the small rulebook in ``tests/content/rulebook.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from koltrust.api.app import create_app
from koltrust.config import Settings
from koltrust.screening.source import RulebookSource
from tests.content.rulebook import write_rulebook

MAX_CHARS = 2_000


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    """A folder holding the small test rulebook."""
    return write_rulebook(tmp_path / "rules")


@pytest.fixture
def source(rules_dir: Path) -> RulebookSource:
    """A rulebook source over the test rulebook that notices every change at once."""
    return RulebookSource(rules_dir, max_chars=MAX_CHARS, check_every=0)


@pytest.fixture
def app(
    settings: Settings, session_factory: sessionmaker[Session], source: RulebookSource
) -> FastAPI:
    """The application bound to the test transaction, screening with the test rulebook."""
    app = create_app(settings, session_factory=session_factory)
    app.state.screening = source
    return app
