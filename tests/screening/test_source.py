"""RulebookSource: edits to the rulebook folder take effect without a restart, and an edit that
breaks the rulebook keeps the last valid engine serving."""

from __future__ import annotations

from pathlib import Path

import pytest

from koltrust.screening.engine import Engine
from koltrust.screening.findings import Post
from koltrust.screening.problems import RulebookError
from koltrust.screening.source import RulebookSource
from tests.screening.rulebooks import rule, write_rulebook


def fired(engine: Engine, text: str) -> list[str]:
    """The rule ids found in a Vietnamese post."""
    return [f.rule_id for f in engine.screen(Post(text, language="vi")).findings]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A rulebook folder with one rule looking for "chữa khỏi"."""
    return write_rulebook(tmp_path, [rule("vi.health.cure", {"phrases": ["chữa khỏi"]})])


def test_an_edited_rule_is_picked_up_on_the_next_call(folder: Path) -> None:
    source = RulebookSource(folder, max_chars=1_000, check_every=0)
    before = source.engine()
    assert fired(before, "trị dứt điểm") == []

    write_rulebook(folder, [rule("vi.health.cure", {"phrases": ["chữa khỏi", "trị dứt điểm"]})])
    after = source.engine()

    assert after is not before
    assert fired(after, "trị dứt điểm") == ["vi.health.cure"]
    assert after.max_chars == 1_000


def test_an_unchanged_folder_keeps_the_same_engine(folder: Path) -> None:
    source = RulebookSource(folder, max_chars=1_000, check_every=0)

    assert source.engine() is source.engine()


def test_a_broken_edit_keeps_the_last_valid_engine(folder: Path) -> None:
    source = RulebookSource(folder, max_chars=1_000, check_every=0)
    valid = source.engine()

    (folder / "rules" / "main.yaml").write_text("- id: [broken\n", encoding="utf-8")

    assert source.engine() is valid
    assert fired(source.engine(), "chữa khỏi") == ["vi.health.cure"]

    write_rulebook(folder, [rule("vi.health.cured", {"phrases": ["chữa khỏi"]})])
    assert fired(source.engine(), "chữa khỏi") == ["vi.health.cured"]


def test_an_edited_list_is_picked_up(tmp_path: Path) -> None:
    folder = write_rulebook(tmp_path, [rule("vi.health.domain", {"list": "flagged_domains"})])
    source = RulebookSource(folder, max_chars=1_000, check_every=0)
    assert fired(source.engine(), "vào new-scam.top ngay") == []

    with (folder / "lists" / "domains.csv").open("a", encoding="utf-8") as handle:
        handle.write("new-scam.top,phishing,NCSC,2026-11-20\n")

    assert fired(source.engine(), "vào new-scam.top ngay") == ["vi.health.domain"]


def test_edits_are_looked_for_at_most_every_check_interval(folder: Path) -> None:
    source = RulebookSource(folder, max_chars=1_000, check_every=3_600)
    first = source.engine()

    write_rulebook(folder, [rule("vi.health.other", {"phrases": ["trị dứt điểm"]})])

    assert source.engine() is first


def test_a_rulebook_invalid_from_the_start_raises(folder: Path) -> None:
    (folder / "taxonomy.yaml").write_text("- code: [x]\n", encoding="utf-8")

    with pytest.raises(RulebookError):
        RulebookSource(folder, max_chars=1_000, check_every=0).engine()


def test_a_broken_edit_is_reported_once_until_the_files_change_again(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = RulebookSource(folder, max_chars=1_000, check_every=0)
    source.engine()
    broken = folder / "rules" / "main.yaml"

    broken.write_text("- id: [broken\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="koltrust.screening.source"):
        for _ in range(3):
            source.engine()
    assert len(caplog.records) == 1
    assert "is invalid; still screening with version" in caplog.records[0].getMessage()

    broken.write_text("- id: [still broken, longer\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="koltrust.screening.source"):
        source.engine()
    assert len(caplog.records) == 2
