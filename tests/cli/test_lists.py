"""``koltrust lists import`` and ``show``: checked rows merged into the rulebook's list files,
rejects with reasons, a rulebook never left broken, and a running engine that notices."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import Result

from koltrust.cli.lists import date_problem, domain_problem
from koltrust.screening.findings import Post
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from koltrust.screening.source import RulebookSource
from tests.cli.conftest import RunCli
from tests.content.rulebook import DOMAIN_RULE, KNOWN_DOMAIN, write_rulebook

HEADER = "domain,reason,source,added\n"
NEW_DOMAIN = "qua-tang-mien-phi.xyz"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the small test rulebook."""
    return write_rulebook(tmp_path / "rules")


def _csv(tmp_path: Path, text: str, name: str = "new.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _domains(rules: Path) -> dict[str, dict[str, str]]:
    with (rules / "lists" / "flagged_domains.csv").open(encoding="utf-8", newline="") as handle:
        return {row["domain"]: row for row in csv.DictReader(handle)}


def _import(
    run: RunCli, path: Path, rules: Path, *extra: str, name: str = "flagged_domains"
) -> Result:
    return run("lists", "import", str(path), "--list", name, "--rulebook", str(rules), *extra)


def test_import_merges_the_rows_and_prints_the_counts(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        HEADER
        + f"{NEW_DOMAIN},fake prize page,NCSC,2026-11-01\n"
        + "Shop-Gia.TOP.,fake shop,Bộ Công Thương,2026-11-02\n"
        + f"{KNOWN_DOMAIN},scam shop (confirmed),NCSC,2026-11-03\n",
    )

    result = _import(run, path, rules)

    assert result.exit_code == 0, result.output
    assert "2 added, 1 updated" in result.output
    assert "now 3 entries" in result.output
    domains = _domains(rules)
    assert set(domains) == {KNOWN_DOMAIN, NEW_DOMAIN, "shop-gia.top"}
    assert domains[KNOWN_DOMAIN]["added"] == "2026-11-03"
    assert domains["shop-gia.top"]["source"] == "Bộ Công Thương"


def test_rejected_rows_go_to_a_file_with_reasons_and_the_rest_is_merged(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        HEADER
        + f"{NEW_DOMAIN},ok,NCSC,2026-11-01\n"
        + "https://bad.example.com/x,scheme,NCSC,2026-11-01\n"
        + "no-dot,one label,NCSC,2026-11-01\n"
        + "fine.com,no source,,2026-11-01\n"
        + "fine.org,bad date,NCSC,01/11/2026\n"
        + "fine.net,no such day,NCSC,2026-02-30\n"
        + ",empty domain,NCSC,2026-11-01\n",
    )

    result = _import(run, path, rules)

    assert result.exit_code == 1
    assert "6 row(s) rejected" in result.output
    assert NEW_DOMAIN in _domains(rules)
    with (tmp_path / "new.rejects.csv").open(encoding="utf-8", newline="") as handle:
        rejects = {row["line"]: row["reason"] for row in csv.DictReader(handle)}
    assert set(rejects) == {"3", "4", "5", "6", "7", "8"}
    assert "without scheme" in rejects["3"]
    assert "not a valid domain" in rejects["4"]
    assert "source is empty" in rejects["5"]
    assert "YYYY-MM-DD" in rejects["6"]
    assert "not a real date" in rejects["7"]
    assert "domain is empty" in rejects["8"]


def test_a_file_without_the_needed_columns_changes_nothing(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    before = (rules / "lists" / "flagged_domains.csv").read_bytes()
    path = _csv(tmp_path, "domain,reason\nabc.com,scam\n")

    result = _import(run, path, rules)

    assert result.exit_code == 1
    assert "missing columns source, added" in result.output
    assert (rules / "lists" / "flagged_domains.csv").read_bytes() == before


def test_an_unknown_list_is_an_error_naming_the_lists(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    result = _import(run, _csv(tmp_path, HEADER), rules, name="flagged_domain")

    assert result.exit_code == 1
    assert "flagged_domains, flagged_products" in result.output


def test_products_need_a_name_and_may_leave_out_the_brand(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "name,brand,reason,source,added\n"
        "Kem trộn Bạch Ngọc,,corticoids,Cục Quản lý Dược,2026-10-01\n"
        ",Ghost Brand,no name,NCSC,2026-10-01\n",
    )

    result = _import(run, path, rules, name="flagged_products")

    assert result.exit_code == 1
    entries = load_rulebook(rules).lists["flagged_products"].entries
    assert [(e.value, e.brand) for e in entries] == [("Kem trộn Bạch Ngọc", "")]


def test_a_list_is_restored_when_the_rulebook_would_not_load(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    before = (rules / "lists" / "flagged_domains.csv").read_bytes()
    (rules / "rules" / "broken.yaml").write_text("- id: Not Valid\n", encoding="utf-8")

    result = _import(run, _csv(tmp_path, HEADER + f"{NEW_DOMAIN},x,NCSC,2026-11-01\n"), rules)

    assert result.exit_code == 1
    assert "restored" in result.output
    assert (rules / "lists" / "flagged_domains.csv").read_bytes() == before
    assert not list((rules / "lists").glob("*.tmp")) + list((rules / "lists").glob("*.restore"))


def test_a_list_file_that_did_not_exist_is_created_by_an_import(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    (rules / "lists" / "flagged_domains.csv").unlink()

    result = _import(run, _csv(tmp_path, HEADER + f"{NEW_DOMAIN},x,NCSC,2026-11-01\n"), rules)

    assert result.exit_code == 0, result.output
    assert set(_domains(rules)) == {NEW_DOMAIN}


def test_dry_run_checks_the_rows_and_changes_nothing(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    before = (rules / "lists" / "flagged_domains.csv").read_bytes()
    path = _csv(tmp_path, HEADER + f"{NEW_DOMAIN},x,NCSC,2026-11-01\nbad,x,NCSC,2026-11-01\n")

    result = _import(run, path, rules, "--dry-run")

    assert result.exit_code == 1
    assert "1 valid, 1 rejected" in result.output
    assert (rules / "lists" / "flagged_domains.csv").read_bytes() == before


def test_a_running_engine_flags_an_imported_domain_without_a_restart(
    run: RunCli, rules: Path, tmp_path: Path
) -> None:
    source = RulebookSource(rules, max_chars=10_000, check_every=0)
    post = Post(text=f"Nhận quà tại https://{NEW_DOMAIN}/qua", language="vi")
    before = [f.rule_id for f in source.engine().screen(post).findings]

    _import(run, _csv(tmp_path, HEADER + f"{NEW_DOMAIN},fake prize,NCSC,2026-11-01\n"), rules)
    after = [f.rule_id for f in source.engine().screen(post).findings]

    assert DOMAIN_RULE not in before
    assert DOMAIN_RULE in after


PROBE_RULE = """\
- id: test.lists.reload_probe
  version: 1
  category: {category}
  severity: high
  languages: [all]
  reviewed: 2026-11-23
  legal_basis: {{citation: test, url: "https://example.org/"}}
  explanation: {{vi: thử, en: probe}}
  remedy: {{vi: thử, en: probe}}
  when: {{list: flagged_domains}}
  examples:
    positive: [{{text: "https://{domain}/", language: vi}}]
    negative: [{{text: "https://example.org/", language: vi}}]
"""


def test_the_shipped_rulebook_takes_an_import_and_reloads_it(run: RunCli, tmp_path: Path) -> None:
    shipped = shutil.copytree(default_rulebook_path(), tmp_path / "shipped")
    category = next(iter(load_rulebook(shipped).categories))
    domains = load_rulebook(shipped).lists["flagged_domains"].entries
    probe = PROBE_RULE.format(category=category, domain=domains[0].value)
    (shipped / "rules" / "zz_reload_probe.yaml").write_text(probe, encoding="utf-8")
    source = RulebookSource(shipped, max_chars=10_000, check_every=0)
    post = Post(text=f"Nhận quà tại https://{NEW_DOMAIN}/qua", language="vi")
    before = [f.rule_id for f in source.engine().screen(post).findings]

    result = _import(run, _csv(tmp_path, HEADER + f"{NEW_DOMAIN},x,NCSC,2026-11-01\n"), shipped)
    after = [f.rule_id for f in source.engine().screen(post).findings]

    assert result.exit_code == 0, result.output
    assert "test.lists.reload_probe" not in before
    assert "test.lists.reload_probe" in after


def test_show_prints_the_entries_as_json(run: RunCli, rules: Path) -> None:
    result = run("lists", "show", "flagged_domains", "--rulebook", str(rules), "--json")

    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["name"], out["kind"]) == ("flagged_domains", "domains")
    assert out["entries"] == [
        {"domain": KNOWN_DOMAIN, "reason": "scam shop", "source": "NCSC", "added": "2026-10-01"}
    ]


def test_show_prints_a_table(run: RunCli, rules: Path) -> None:
    result = run("lists", "show", "flagged_domains", "--rulebook", str(rules))

    assert result.exit_code == 0
    assert KNOWN_DOMAIN in result.output


def test_the_rulebook_defaults_to_the_configured_one(
    run: RunCli, rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOLTRUST_RULEBOOK_PATH", str(rules))

    result = run("lists", "show", "flagged_domains", "--json")

    assert json.loads(result.output)["path"] == str(rules / "lists" / "flagged_domains.csv")


@pytest.mark.parametrize(
    "domain", ["example.com", "shop.abc.com.vn", "xn--bnh-mi-xva.vn", "bánhmì.vn", "a-b.top"]
)
def test_host_names_are_accepted(domain: str) -> None:
    assert domain_problem(domain) is None


@pytest.mark.parametrize(
    "domain",
    ["example", "-bad.com", "bad-.com", "a..b.com", "http://a.com", "a.com/x", "a b.com",
     "1.2.3.4", "a.com:80", "x" * 64 + ".com", "user@a.com"],
)  # fmt: skip
def test_what_is_not_a_host_name_is_refused(domain: str) -> None:
    assert domain_problem(domain) is not None


@pytest.mark.parametrize(
    ("value", "ok"),
    [("2026-11-01", True), ("2026-1-01", False), ("2026-02-29", False), ("2024-02-29", True)],
)
def test_dates_are_written_year_month_day(value: str, ok: bool) -> None:
    assert (date_problem(value) is None) is ok
