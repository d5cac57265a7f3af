"""docs/methodology.md is generated from rules/scoring.yaml, and the committed page agrees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from koltrust.scoring.docs import methodology_markdown
from koltrust.scoring.methodology import default_methodology

PAGE = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
REGENERATE = "python -m koltrust.scoring.docs > docs/methodology.md"


def test_the_committed_page_equals_the_generated_one() -> None:
    generated = methodology_markdown(default_methodology())

    assert PAGE.read_text(encoding="utf-8") == generated, f"regenerate it: {REGENERATE}"


def test_the_page_lists_every_criterion_and_band_in_both_languages() -> None:
    methodology = default_methodology()
    page = methodology_markdown(methodology)

    for criterion in methodology.criteria:
        assert page.count(f"(`{criterion.id}`)") == 2
        assert criterion.name.vi in page
        assert criterion.name.en in page
    for band in methodology.bands:
        assert f"{band.min}–{band.max}" in page
    assert "## Tiếng Việt" in page
    assert "## English" in page


def test_the_tool_prints_the_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "koltrust.scoring.docs"],
        capture_output=True,
        check=True,
        timeout=60,
    )

    assert result.stdout.decode("utf-8") == methodology_markdown(default_methodology())
