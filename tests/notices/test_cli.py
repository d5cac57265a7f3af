"""``koltrust notices`` and ``koltrust webhooks`` run in-process against a fresh SQLite file:
the export is JSON Lines and nothing else on stdout; webhooks are added, listed, removed and
delivered to a real endpoint."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from koltrust.cli.main import app
from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory
from koltrust.notices import service
from koltrust.notices.models import NoticeEvent
from tests.notices.helpers import DECIDED_AT, http_endpoint, make_sanction

RunCli = Callable[..., Result]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KOLTRUST_DATABASE_URL", url)
    monkeypatch.setenv("KOLTRUST_SECRET_KEY", "cli-test-secret-" + "x" * 32)
    monkeypatch.setenv("KOLTRUST_CLAIMS_FOLDER", str(tmp_path / "claims"))
    return url


@pytest.fixture
def run(db_url: str) -> RunCli:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


@pytest.fixture
def cli_session(run: RunCli, db_url: str) -> Iterator[Session]:
    """A session on the command's database (already migrated)."""
    engine = make_engine(Settings(database_url=db_url))
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _record(session: Session, count: int) -> None:
    sanction = make_sanction(session)
    for day in range(count):
        at = DECIDED_AT + timedelta(days=day)
        service.record_notice(session, sanction, NoticeEvent.ISSUED, now=at)
    session.commit()


def test_export_prints_one_statement_per_line_and_nothing_else(
    run: RunCli, cli_session: Session
) -> None:
    _record(cli_session, 3)

    result = run("notices", "export", "--since", "2025-03-11")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    statements = [json.loads(line) for line in lines]
    assert len(statements) == 2
    assert all(s["puid"].startswith("koltrust-sanction-") for s in statements)
    assert "Exported 2 statement(s)" in result.stderr


def test_export_of_nothing_prints_nothing(run: RunCli) -> None:
    result = run("notices", "export", "--since", "2025-01-01")

    assert (result.exit_code, result.stdout) == (0, "")


def test_export_refuses_a_bad_date(run: RunCli) -> None:
    result = run("notices", "export", "--since", "last tuesday")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "not a date" in result.stderr


def test_webhooks_are_added_listed_and_removed(run: RunCli) -> None:
    added = run("webhooks", "add", "Video", "https://hooks.example.org/k", "--json")
    webhook = json.loads(added.stdout)

    listed = run("webhooks", "list", "--json")
    removed = run("webhooks", "remove", str(webhook["id"]))
    after = run("webhooks", "list", "--json")

    assert added.exit_code == 0, added.output
    assert len(webhook["secret"]) >= 43
    assert [w["id"] for w in json.loads(listed.stdout)] == [webhook["id"]]
    assert removed.exit_code == 0
    assert json.loads(after.stdout) == []


def test_a_webhook_needs_a_web_address_and_a_known_organisation(run: RunCli) -> None:
    bad_url = run("webhooks", "add", "Video", "ftp://x.example")
    unknown = run("webhooks", "add", "Video", "https://x.example", "--organisation", "nobody")

    assert bad_url.exit_code == 1
    assert "http" in bad_url.stderr
    assert unknown.exit_code == 1
    assert "nobody" in unknown.stderr


def test_deliver_sends_what_is_due_and_prints_the_counts(run: RunCli, cli_session: Session) -> None:
    with http_endpoint(200) as endpoint:
        assert run("webhooks", "add", "Video", endpoint.url).exit_code == 0
        _record(cli_session, 1)

        result = run("notices", "deliver")

    assert result.exit_code == 0, result.output
    assert "1 tried: 1 delivered, 0 to retry, 0 failed" in result.stdout
    assert len(endpoint.received) == 1
