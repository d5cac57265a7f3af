"""``koltrust rules validate`` and ``koltrust rules test``: every problem on its own line as
file:line:column, exit code 1 and no stack trace; examples run as tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.screening.rulebooks import rule, write_rulebook

SHIPPED = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    """A valid rulebook with two rules."""
    return write_rulebook(
        tmp_path / "rulebook",
        [
            rule("vi.health.cure", {"phrases": ["chữa khỏi"]}),
            rule("vi.ads.label", {"phrases": ["quảng cáo"]}, category="advertising"),
        ],
    )


def test_validate_accepts_a_valid_rulebook(run: RunCli, rulebook: Path) -> None:
    result = run("rules", "validate", str(rulebook))

    assert result.exit_code == 0, result.output
    assert "Rulebook test.1: 2 rules, 1 concepts, 2 categories, 4 list entries — valid" in (
        result.stdout
    )


def test_validate_reports_every_problem_and_exits_1(run: RunCli, rulebook: Path) -> None:
    rules_file = rulebook / "rules" / "main.yaml"
    text = rules_file.read_text(encoding="utf-8")
    text = text.replace("severity: high", "severity: hihg", 1)
    text = text.replace("category: advertising", "category: advertisin")
    rules_file.write_text(text + "- id: vi.x.y\n  catgory: x\n", encoding="utf-8")
    (rulebook / "concepts.yaml").write_text("loop:\n  concept: loop\n", encoding="utf-8")
    (rulebook / "lists" / "products.csv").write_text("name\nx\n", encoding="utf-8")

    result = run("rules", "validate", str(rulebook))

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for expected in (
        f"{rules_file}:4:13: unknown severity 'hihg' (hint: did you mean 'high'?)",
        f"{rules_file}:",  # the unknown category of the second rule, placed at the rule
        "unknown category 'advertisin' (hint: did you mean 'advertising'?)",
        "unknown key 'catgory' in a rule (hint: did you mean 'category'?)",
        f"{rulebook / 'concepts.yaml'}:1:1: concept 'loop' refers to itself",
        f"{rulebook / 'lists' / 'products.csv'}:1:1: missing columns",
    ):
        assert any(expected in line for line in lines), (expected, lines)
    assert lines[-1] == "6 problem(s) in the rulebook"
    assert "Traceback" not in result.output


def test_each_problem_is_one_unwrapped_line(run: RunCli, rulebook: Path) -> None:
    write_rulebook(
        rulebook,
        [
            rule("vi.health.phrase", {"phrases": [5]}),
            rule("vi.health.regex", {"regex": "(a+)+$"}),
        ],
    )

    result = run("rules", "validate", str(rulebook))

    assert result.exit_code == 1
    problem_lines = result.stderr.splitlines()[:-1]
    assert len(problem_lines) == 2, problem_lines
    assert all(line.startswith(f"{rulebook / 'rules' / 'main.yaml'}:") for line in problem_lines)
    assert problem_lines[1].endswith("e.g. (ab)+ or a+ instead of (a+)+")


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("rules/main.yaml", "- id: x\n  severity: high: x\n", "main.yaml:2:17: not valid YAML"),
        ("rulebook.yaml", "", "rulebook.yaml:1:1: rulebook.yaml is empty"),
        ("taxonomy.yaml", "- code: [a]\n  vi: a\n  en: b\n", "taxonomy.yaml:1:3: a category"),
    ],
)
def test_validate_never_shows_a_stack_trace(
    run: RunCli, rulebook: Path, file: str, content: str, expected: str
) -> None:
    (rulebook / file).write_text(content, encoding="utf-8")

    result = run("rules", "validate", str(rulebook))

    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_validate_an_impossible_date_is_a_problem(run: RunCli, rulebook: Path) -> None:
    rules_file = rulebook / "rules" / "main.yaml"
    rules_file.write_text(
        rules_file.read_text(encoding="utf-8").replace("2026-11-23", "2026-02-30", 1),
        encoding="utf-8",
    )

    result = run("rules", "validate", str(rulebook))

    assert result.exit_code == 1
    assert "reviewed must be a date (hint: e.g. 2026-11-23)" in result.stderr


def test_validate_a_missing_folder_exits_1(run: RunCli, tmp_path: Path) -> None:
    result = run("rules", "validate", str(tmp_path / "nowhere"))

    assert result.exit_code == 1
    assert "no such file or folder" in " ".join(result.stderr.split())


def test_rules_test_runs_every_example(run: RunCli, tmp_path: Path) -> None:
    cure = rule("vi.health.cure", {"phrases": ["chữa khỏi"]})
    cure["examples"] = {"positive": ["chữa khỏi bệnh", "CHUA KHOI"], "negative": ["khám bệnh"]}
    folder = write_rulebook(tmp_path, [cure])

    result = run("rules", "test", str(folder))

    assert result.exit_code == 0, result.output
    assert "3 passed, 0 failed" in result.stdout


def test_rules_test_names_each_failing_example_and_exits_1(run: RunCli, tmp_path: Path) -> None:
    cure = rule("vi.health.cure", {"phrases": ["chữa khỏi"]})
    cure["examples"] = {"positive": ["trị dứt điểm"], "negative": ["chữa khỏi bệnh"]}
    folder = write_rulebook(tmp_path, [cure])

    result = run("rules", "test", str(folder))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "FAIL vi.health.cure: positive example should be flagged: 'trị dứt điểm' (found: nothing)",
        "FAIL vi.health.cure: negative example should not be flagged: 'chữa khỏi bệnh' (found: "
        "vi.health.cure)",
    ]
    assert "0 passed, 2 failed" in result.stdout


@pytest.mark.skipif(
    not (SHIPPED / "rulebook.yaml").exists(), reason="the shipped rulebook is not written yet"
)
def test_the_shipped_rulebook_validates_and_its_examples_pass(run: RunCli) -> None:
    validated = run("rules", "validate", str(SHIPPED))
    tested = run("rules", "test", str(SHIPPED))

    assert validated.exit_code == 0, validated.output
    assert tested.exit_code == 0, tested.output
