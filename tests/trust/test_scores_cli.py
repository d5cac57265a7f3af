"""`koltrust scores recompute|show` on the demo database (scored by the demo load) and on an
empty one."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from tests.cli.conftest import RunCli, db_url, migrated, run
from tests.cli.demo_copy import demo, demo_template

__all__ = ["db_url", "demo", "demo_template", "migrated", "run"]

SLUG = "le-hai-yen"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _score(run: RunCli, slug: str = SLUG) -> dict[str, Any]:
    result = run("scores", "show", slug, "--json")
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.stdout)
    return shown


def test_show_lists_contributions_that_add_up_to_the_total(
    demo: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a table as wide as its criteria's names
    score = _score(demo)
    vi = demo("scores", "show", SLUG)
    en = demo("scores", "show", SLUG, "--language", "en")

    assert sum(c["points"] for c in score["contributions"]) == score["total"]
    assert score["interval"][0] <= score["total"] <= score["interval"][1]
    assert all(c["reason"] for c in score["contributions"])
    assert vi.exit_code == en.exit_code == 0
    assert f"{SLUG}: {score['total']}/100" in vi.stdout
    assert "Công khai quảng cáo" in vi.stdout
    assert "Advertising disclosed" in en.stdout
    assert "Công khai quảng cáo" not in en.stdout


def test_show_refuses_an_unknown_slug(demo: RunCli) -> None:
    result = demo("scores", "show", "nobody-here")

    assert result.exit_code == 1
    assert "No influencer with slug 'nobody-here'" in _flat(result.stderr)


def test_show_says_when_there_is_no_score_yet(migrated: RunCli) -> None:
    added = migrated(
        "influencers", "add", "--name", "Nguyễn Thu Hà", "--niche", "beauty",
        "--province", "ha-noi",
    )  # fmt: skip
    assert added.exit_code == 0, added.output

    result = migrated("scores", "show", "nguyen-thu-ha")

    assert result.exit_code == 1
    assert "no trust score yet" in _flat(result.stderr)
    assert migrated("scores", "recompute", "nguyen-thu-ha").exit_code == 0
    assert _score(migrated, "nguyen-thu-ha")["trigger"] == "manual"


def test_an_unknown_slug_stops_the_recompute_before_anything_is_written(demo: RunCli) -> None:
    before = _score(demo)["computed_at"]

    result = demo("scores", "recompute", SLUG, "nobody-here")

    assert result.exit_code == 1
    assert "No influencer with slug 'nobody-here'; nothing was recomputed" in _flat(result.stderr)
    assert _score(demo)["computed_at"] == before


def test_recompute_all_counts_everyone_and_skips_unchanged_scores(demo: RunCli) -> None:
    result = demo("scores", "recompute", "--all", "--json")

    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    listed = demo("influencers", "list", "--json", "--per-page", "200")
    assert counts["computed"] == json.loads(listed.stdout)["total"]
    # the demo load scored everyone a moment ago: nothing it reads has changed since
    assert (counts["changed"], counts["failed"]) == (0, [])
    assert "unchanged (not rewritten)" in _flat(demo("scores", "recompute", SLUG).stdout)


def test_neither_slugs_nor_all_is_a_usage_error(demo: RunCli) -> None:
    assert demo("scores", "recompute").exit_code == 2
    assert demo("scores", "recompute", SLUG, "--all").exit_code == 2


def test_invalid_facts_are_listed_and_keep_the_old_score(demo: RunCli, db_url: str) -> None:
    before = _score(demo)
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute(
            "UPDATE posts SET published_at = '2999-01-01 00:00:00.000000' WHERE influencer_id = "
            "(SELECT id FROM influencers WHERE slug = ?)",
            (SLUG,),
        )

    result = demo("scores", "recompute", SLUG)

    assert result.exit_code == 1
    assert "1 failed" in _flat(result.stdout)
    assert f"Failed: {SLUG}: posts: post:" in _flat(result.stderr)
    assert "2999-01-01" in result.stderr
    assert _score(demo) == before
