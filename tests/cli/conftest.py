"""CLI tests run the real command in-process against a fresh SQLite file per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from koltrust.cli.main import app

RunCli = Callable[..., Result]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point KOLTRUST_DATABASE_URL at a new SQLite file, as a user would."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KOLTRUST_DATABASE_URL", url)
    monkeypatch.setenv("KOLTRUST_SECRET_KEY", "cli-test-secret-" + "x" * 32)
    monkeypatch.setenv("KOLTRUST_CLAIMS_FOLDER", str(tmp_path / "claims"))
    return url


@pytest.fixture
def run(db_url: str) -> RunCli:
    """Invoke ``koltrust ARGS...``; returns the result (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def migrated(run: RunCli) -> RunCli:
    """``run`` on a database already at the latest schema."""
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    return run
