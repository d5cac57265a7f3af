"""``koltrust audience import|show`` against a fresh SQLite file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.audience.helpers import bought_record, jsonl, record
from tests.cli.conftest import RunCli, db_url, migrated, run  # noqa: F401 - fixtures


@pytest.fixture
def cli(migrated: RunCli) -> RunCli:  # noqa: F811 - the fixture above
    added = migrated(
        "influencers",
        "add",
        "--name",
        "Linh An",
        "--niche",
        "food",
        "--province",
        "hue",
        "--account",
        "tiktok:linh.an:50000",
        "--account",
        "youtube:LinhAnBep:9000",
    )
    assert added.exit_code == 0, added.output
    return migrated


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _stored(cli: RunCli) -> dict[str, object]:
    shown = cli("audience", "show", "linh-an", "--json")
    assert shown.exit_code == 0, shown.output
    accounts = json.loads(shown.stdout)["accounts"]
    return {a["platform"]: a["latest"] for a in accounts}


def test_import_stores_good_lines_and_lists_bad_ones_with_line_and_field(
    cli: RunCli, tmp_path: Path
) -> None:
    bad = record(handle="LinhAnBep", platform="youtube", followers=-4)
    path = _file(tmp_path, "stats.jsonl", jsonl(record(), bad))

    result = cli("audience", "import", path)

    assert result.exit_code == 1
    assert "1 snapshot(s) added, 0 already stored, 1 record(s) rejected" in result.stdout
    assert "followers" in result.stderr
    assert "greater than or equal to 0" in result.stderr
    stored = _stored(cli)
    assert stored["youtube"] is None
    assert stored["tiktok"] is not None


def test_strict_import_stores_nothing_when_a_line_is_bad(cli: RunCli, tmp_path: Path) -> None:
    bad = record(handle="no.such.account")
    path = _file(tmp_path, "stats.jsonl", jsonl(record(), bad))

    result = cli("audience", "import", path, "--strict")

    assert result.exit_code == 1
    assert "nothing stored" in result.stderr
    assert "no tiktok account 'no.such.account'" in result.stderr
    assert _stored(cli) == {"tiktok": None, "youtube": None}


def test_show_prints_each_part_in_vietnamese_and_english(cli: RunCli, tmp_path: Path) -> None:
    path = _file(tmp_path, "stats.jsonl", jsonl(bought_record()))
    assert cli("audience", "import", path).exit_code == 0

    result = cli("audience", "show", "linh-an")

    assert result.exit_code == 0, result.output
    assert "authenticity 0." in result.stdout
    # the table wraps its cells: compare without spaces and borders
    text = re.sub(r"[\s│]+", "", result.stdout)
    for words in ("Tăng người theo dõi", "Follower-growth spikes", "bản sao", "tài khoản giả"):
        assert words.replace(" ", "") in text
    assert "youtube @LinhAnBep" in result.stdout
    assert "no statistics imported" in result.stdout


def test_a_file_of_unknown_format_is_refused(cli: RunCli, tmp_path: Path) -> None:
    path = _file(tmp_path, "stats.xlsx", b"x")

    result = cli("audience", "import", path)

    assert result.exit_code == 1
    assert "account_stats_invalid" in result.stderr


def test_import_as_an_unknown_user_is_refused(cli: RunCli, tmp_path: Path) -> None:
    path = _file(tmp_path, "stats.jsonl", jsonl(record()))

    result = cli("audience", "import", path, "--as", "nobody@example.org")

    assert result.exit_code == 1
    assert "not_found" in result.stderr
