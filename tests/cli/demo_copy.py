"""A demo database built once per test session and copied for each test that wants one
(``koltrust demo`` takes seconds; a copy takes milliseconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from koltrust.cli.main import app
from tests.cli.conftest import RunCli

SECRET = "cli-test-secret-" + "x" * 32


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo, loaded by the real command."""
    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KOLTRUST_DATABASE_URL", f"sqlite:///{path}")
        patch.setenv("KOLTRUST_SECRET_KEY", SECRET)
        patch.setenv("KOLTRUST_CLAIMS_FOLDER", str(folder / "claims"))
        result = CliRunner().invoke(app, ["demo", "--no-serve"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def demo(demo_template: Path, db_url: str, run: RunCli) -> RunCli:
    """``run`` on a fresh copy of the demo database."""
    target = Path(db_url.removeprefix("sqlite:///"))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_template, target)
    return run
