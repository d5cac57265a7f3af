"""``koltrust campaigns add|list|join`` and ``koltrust corrections add|list``."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from koltrust.db.types import utcnow
from tests.cli.conftest import RunCli, db_url, migrated, run  # noqa: F401 - fixtures

TODAY = utcnow().date()


@pytest.fixture
def cli(migrated: RunCli) -> RunCli:  # noqa: F811 - the fixture above
    added = migrated(
        "influencers", "add", "--name", "Linh An", "--niche", "food", "--province", "hue"
    )
    assert added.exit_code == 0, added.output
    return migrated


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def test_a_campaign_is_created_joined_and_listed(cli: RunCli) -> None:
    created = cli("campaigns", "add", "--name", "Mua sắm an toàn", "--starts-on", _day(10))
    joined = cli(
        "campaigns",
        "join",
        "mua-sam-an-toan",
        "linh-an",
        "--joined-at",
        _day(2),
        "--evidence-url",
        "https://www.tiktok.com/@linh.an/video/9",
    )
    again = cli("campaigns", "join", "mua-sam-an-toan", "linh-an", "--joined-at", _day(1))
    listed = cli("campaigns", "list", "--json")

    assert created.exit_code == 0, created.output
    assert "as 'mua-sam-an-toan'" in created.stdout
    assert joined.exit_code == 0, joined.output
    assert again.exit_code == 1
    assert "duplicate" in again.stderr
    [item] = json.loads(listed.stdout)["items"]
    assert (item["slug"], item["participants"]) == ("mua-sam-an-toan", 1)


def test_joining_in_the_future_is_refused(cli: RunCli) -> None:
    cli("campaigns", "add", "--name", "Chiến dịch", "--starts-on", _day(10))

    result = cli("campaigns", "join", "chien-dich", "linh-an", "--joined-at", _day(-1))

    assert result.exit_code == 1
    assert "in the future" in result.stderr


def test_a_correction_is_recorded_and_listed(cli: RunCli) -> None:
    url = "https://www.facebook.com/linh.an/posts/dinh-chinh"

    added = cli("corrections", "add", "linh-an", "--url", url, "--published-at", _day(1))
    listed = cli("corrections", "list", "linh-an", "--json")

    assert added.exit_code == 0, added.output
    assert [c["url"] for c in json.loads(listed.stdout)] == [url]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "ftp://x.example/a", "--published-at", _day(1)], "starting with http://"),
        (["--url", "https://x.example/a", "--published-at", _day(-3)], "in the future"),
        (["--url", "https://x.example/a", "--published-at", _day(1), "--case", "7"], "case 7"),
    ],
)
def test_a_bad_correction_is_refused_with_a_clear_message(
    cli: RunCli, args: list[str], message: str
) -> None:
    result = cli("corrections", "add", "linh-an", *args)

    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
