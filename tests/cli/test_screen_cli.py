"""``koltrust screen``: posts from JSONL, CSV or stdin; bad lines reported by number while the
others are screened; --fail-on for CI; JSONL output for machines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import RunCli
from tests.screening.rulebooks import rule, write_rulebook

CURE = "Uống mỗi ngày, chữa khỏi tiểu đường"
LABEL = "Bài này không có quảng cáo đâu"
TRIAL = "Trị dứt điểm sau 7 ngày"
CLEAN = "Hôm nay trời đẹp quá"
BAD_UTF8 = b'{"id": "bad-utf8", "text": "ch\xff\xfea"}'


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    """A high rule, a low rule and a critical shadow rule."""
    return write_rulebook(
        tmp_path / "rulebook",
        [
            rule("vi.health.cure", {"phrases": ["chữa khỏi"]}, severity="high"),
            rule(
                "vi.ads.label", {"phrases": ["quảng cáo"]}, severity="low", category="advertising"
            ),
            rule(
                "vi.health.trial",
                {"phrases": ["trị dứt điểm"]},
                severity="critical",
                status="shadow",
            ),
        ],
    )


def jsonl(*records: Any) -> bytes:
    """JSON lines for ``records`` (bytes are written as they are)."""
    lines = [
        r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode() for r in records
    ]
    return b"\n".join(lines) + b"\n"


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def outputs(stdout: str) -> list[dict[str, Any]]:
    """The JSON objects printed, one a line."""
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_jsonl_output_has_one_object_per_post(run: RunCli, rulebook: Path, tmp_path: Path) -> None:
    posts = write(
        tmp_path,
        "posts.jsonl",
        jsonl({"id": "p1", "text": CURE, "language": "vi"}, {"id": 2, "text": CLEAN}),
    )

    result = run("screen", posts, "--format", "jsonl", "--rulebook", str(rulebook))

    assert result.exit_code == 0, result.output
    first, second = outputs(result.stdout)
    assert first["id"] == "p1"
    assert first["language"] == "vi"
    (finding,) = first["findings"]
    assert {
        key: finding[key] for key in ("category", "severity", "rule_id", "spans", "shadow")
    } == {
        "category": "health",
        "severity": "high",
        "rule_id": "vi.health.cure",
        "spans": [[15, 24]],
        "shadow": False,
    }
    assert CURE[15:24] == "chữa khỏi"
    assert second == {
        "id": "2",
        "language": "vi",
        "language_confidence": second["language_confidence"],
        "findings": [],
    }


def test_bad_lines_are_reported_by_number_and_the_rest_screened(
    run: RunCli, rulebook: Path, tmp_path: Path
) -> None:
    posts = write(
        tmp_path,
        "posts.jsonl",
        jsonl(
            {"id": "ok1", "text": CURE},
            BAD_UTF8,
            b'{"id": "broken", "text": ',
            b'["a", "list"]',
            {"id": "extra", "text": CLEAN, "author": "x", "likes": 3},
            {"id": "no-text"},
            {"id": "long", "text": "x" * 101},
            b"",
            {"id": "ok2", "text": LABEL},
        ),
    )

    result = run(
        "screen", posts, "--format", "jsonl", "--rulebook", str(rulebook), "--max-chars", "100"
    )

    assert result.exit_code == 2
    assert [o["id"] for o in outputs(result.stdout)] == ["ok1", "ok2"]
    problems = result.stderr.splitlines()
    assert problems[:6] == [
        f"line 2: not valid UTF-8 at byte {BAD_UTF8.index(0xFF)}",
        "line 3: not valid JSON: Expecting value at column 26",
        "line 4: a line must be a JSON object with a 'text' field",
        "line 5: unknown field(s): author, likes",
        "line 6: 'text' is missing or not a string",
        "line 7: the text has 101 characters; the limit is 100",
    ]
    assert "6 line(s) could not be screened" in result.stderr
    assert "Traceback" not in result.output


def test_fail_on_exits_1_when_a_finding_is_that_severe(
    run: RunCli, rulebook: Path, tmp_path: Path
) -> None:
    posts = write(tmp_path, "posts.jsonl", jsonl({"text": CLEAN}, {"text": CURE}))

    result = run("screen", posts, "--fail-on", "high", "--rulebook", str(rulebook))

    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (LABEL, "high", 0),  # low only
        (LABEL, "low", 1),
        (LABEL, "info", 1),
        (CLEAN, "info", 0),
        (CURE, "critical", 0),
        (TRIAL, "high", 0),  # critical, but shadow
        (TRIAL, "info", 0),
    ],
)
def test_fail_on_compares_severity_and_ignores_shadow_findings(
    run: RunCli, rulebook: Path, tmp_path: Path, text: str, fail_on: str, code: int
) -> None:
    posts = write(tmp_path, "posts.jsonl", jsonl({"text": text, "language": "vi"}))

    result = run("screen", posts, "--fail-on", fail_on, "--rulebook", str(rulebook))

    assert result.exit_code == code, result.output


def test_shadow_findings_are_output_marked_shadow(
    run: RunCli, rulebook: Path, tmp_path: Path
) -> None:
    posts = write(tmp_path, "posts.jsonl", jsonl({"text": TRIAL, "language": "vi"}))

    result = run("screen", posts, "--format", "jsonl", "--rulebook", str(rulebook))

    (output,) = outputs(result.stdout)
    assert [(f["rule_id"], f["shadow"]) for f in output["findings"]] == [("vi.health.trial", True)]


def test_fail_on_wins_over_bad_lines(run: RunCli, rulebook: Path, tmp_path: Path) -> None:
    posts = write(tmp_path, "posts.jsonl", jsonl({"text": CURE}, b"not json"))

    result = run("screen", posts, "--fail-on", "high", "--rulebook", str(rulebook))

    assert result.exit_code == 1
    assert "line 2: not valid JSON" in result.stderr


def test_csv_input_is_screened(run: RunCli, rulebook: Path, tmp_path: Path) -> None:
    posts = write(
        tmp_path,
        "posts.csv",
        (
            "id,text,language,paid_partnership,links\n"
            f'c1,"{CURE}",vi,true,https://shopee.vn/a\n'
            f"c2,{CLEAN},,,\n"
            'c3,"dòng một\ndòng hai, quảng cáo",vi,,\n'
        ).encode(),
    )

    result = run("screen", posts, "--format", "jsonl", "--rulebook", str(rulebook))

    assert result.exit_code == 0, result.output
    found = {o["id"]: [f["rule_id"] for f in o["findings"]] for o in outputs(result.stdout)}
    assert found == {"c1": ["vi.health.cure"], "c2": [], "c3": ["vi.ads.label"]}


def test_csv_rows_with_unknown_columns_are_reported_by_line(
    run: RunCli, rulebook: Path, tmp_path: Path
) -> None:
    posts = write(tmp_path, "posts.csv", f'id,text,author\nc1,"{CURE}",\nc2,{CLEAN},an\n'.encode())

    result = run("screen", posts, "--format", "jsonl", "--rulebook", str(rulebook))

    assert result.exit_code == 2
    assert [o["id"] for o in outputs(result.stdout)] == ["c1"]
    assert "line 3: unknown field(s): author" in result.stderr


def test_posts_are_read_from_stdin(run: RunCli, rulebook: Path) -> None:
    stdin = jsonl({"id": "s1", "text": CURE, "language": "vi"}, {"id": "s2", "text": CLEAN})

    result = run(
        "screen", "-", "--format", "jsonl", "--rulebook", str(rulebook), input=stdin.decode()
    )

    assert result.exit_code == 0, result.output
    assert [(o["id"], len(o["findings"])) for o in outputs(result.stdout)] == [("s1", 1), ("s2", 0)]


def test_bad_lines_on_stdin_are_reported_too(run: RunCli, rulebook: Path) -> None:
    stdin = '{"id": "s1", "text": "ok"}\n[1, 2]\n'

    result = run("screen", "-", "--format", "jsonl", "--rulebook", str(rulebook), input=stdin)

    assert result.exit_code == 2
    assert "line 2: a line must be a JSON object" in result.stderr


def test_the_table_shows_each_finding(run: RunCli, rulebook: Path, tmp_path: Path) -> None:
    posts = write(
        tmp_path, "posts.jsonl", jsonl({"id": "t1", "text": CURE}, {"id": "t2", "text": CLEAN})
    )

    result = run("screen", posts, "--rulebook", str(rulebook))

    assert result.exit_code == 0
    assert "vi.health.cure" in result.stdout
    assert "t2" in result.stdout
    assert "no findings" in result.stdout


@pytest.mark.parametrize("name", ["missing.jsonl", "posts.txt"])
def test_an_unusable_source_exits_2(run: RunCli, rulebook: Path, tmp_path: Path, name: str) -> None:
    if name.endswith(".txt"):
        write(tmp_path, name, b"{}\n")

    result = run("screen", str(tmp_path / name), "--rulebook", str(rulebook))

    assert result.exit_code == 2


def test_an_invalid_rulebook_exits_1_before_screening(
    run: RunCli, rulebook: Path, tmp_path: Path
) -> None:
    (rulebook / "taxonomy.yaml").write_text("- code: x\n", encoding="utf-8")
    posts = write(tmp_path, "posts.jsonl", jsonl({"text": CURE}))

    result = run("screen", posts, "--rulebook", str(rulebook))

    assert result.exit_code == 1
    assert "taxonomy.yaml:1:3: a category needs code" in result.stderr


def test_a_csv_file_that_is_not_utf8_is_reported(
    run: RunCli, rulebook: Path, tmp_path: Path
) -> None:
    posts = write(tmp_path, "posts.csv", b"id,text\nc1,ch\xff\xfea\n")

    result = run("screen", posts, "--rulebook", str(rulebook))

    assert result.exit_code == 2
    assert "not valid UTF-8" in result.stderr
