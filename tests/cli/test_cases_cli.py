"""`koltrust cases list|show|review|decide` on the demo database."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import RunCli
from tests.cli.demo_copy import demo, demo_template

__all__ = ["demo", "demo_template"]

ANALYST = "analyst@demo.koltrust.vn"
ADMIN = "admin@demo.koltrust.vn"


def _cases(run: RunCli, *args: str) -> list[dict[str, Any]]:
    result = run("cases", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return items


def _flat(text: str) -> str:
    """The output with line wrapping undone."""
    return " ".join(text.split())


def _case_id(run: RunCli, state: str, influencer: str | None = None) -> int:
    extra = ("--influencer", influencer) if influencer else ()
    return int(_cases(run, "--state", state, *extra)[0]["id"])


def test_list_filters_by_state_and_influencer(demo: RunCli) -> None:
    appealed = _cases(demo, "--state", "appealed")
    mine = _cases(demo, "--influencer", "dang-ngoc-anh")

    assert [case["influencer"] for case in appealed] == ["dang-ngoc-anh"]
    assert {case["state"] for case in mine} == {"appealed", "appeal_decided"}
    table = demo("cases", "list")
    assert table.exit_code == 0
    assert "11 case(s)" in table.stdout  # ten scenarios and the certificate suspension
    assert "decided_no_violation" in table.stdout


def test_list_of_an_unknown_influencer_is_a_clear_error(demo: RunCli) -> None:
    result = demo("cases", "list", "--influencer", "nobody-at-all")

    assert result.exit_code == 1
    assert "No influencer with slug 'nobody-at-all'" in result.stderr


def test_show_prints_evidence_quotes_timeline_replies_and_decisions(demo: RunCli) -> None:
    case_id = _case_id(demo, "decided_violation", "le-hai-yen")

    result = demo("cases", "show", str(case_id))

    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert "vi.health.safety_claim" in out
    assert "“100% thảo dược”" in out
    assert "[trusted flagger]" in out
    assert "start_review" in out
    assert "decide_violation" in out
    assert "Reply" in out
    assert "public_notice" in out


def test_show_json_has_the_detail_and_the_evidence(demo: RunCli) -> None:
    case_id = _case_id(demo, "appeal_decided", "dang-ngoc-anh")

    detail = json.loads(demo("cases", "show", str(case_id), "--json").stdout)

    assert [d["outcome"] for d in detail["decisions"]] == ["violation", "overturned"]
    assert detail["replies"][0]["author"] == "user:influencer@demo.koltrust.vn"
    assert detail["evidence"]["findings"][0]["quotes"]


def test_show_of_a_missing_case_says_so(demo: RunCli) -> None:
    result = demo("cases", "show", "9999")

    assert result.exit_code == 1
    assert "No case 9999" in result.stderr


def test_review_then_decide_a_violation_records_the_sanction(demo: RunCli) -> None:
    case_id = _case_id(demo, "in_review", "truong-minh-duc")

    result = demo(
        "cases", "decide", str(case_id), "--outcome", "violation",
        "--rule", "en.ads.undisclosed", "--reason", "A link in bio without disclosure",
        "--as", ANALYST,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "in_review -> decided_violation" in result.stdout
    assert "warning" in result.stdout
    assert f"user:{ANALYST}" in result.stdout
    sanctions = json.loads(demo("sanctions", "list", "--influencer", "truong-minh-duc",
                                "--json").stdout)  # fmt: skip
    assert [s["kind"] for s in sanctions["items"]] == ["warning"]


def test_review_starts_the_review_of_an_open_case(demo: RunCli) -> None:
    case_id = _case_id(demo, "open")

    result = demo("cases", "review", str(case_id), "--as", ANALYST, "--reason", "looking")

    assert result.exit_code == 0, result.output
    assert "open -> in_review" in result.stdout


def test_decide_refuses_unknown_users_and_non_staff(demo: RunCli) -> None:
    case_id = str(_case_id(demo, "in_review"))
    base = ("cases", "decide", case_id, "--outcome", "no_violation", "--reason", "fine")

    unknown = demo(*base, "--as", "ghost@example.org")
    business = demo(*base, "--as", "business@demo.koltrust.vn")

    assert unknown.exit_code == 1
    assert "No active user with e-mail 'ghost@example.org'" in unknown.stderr
    assert business.exit_code == 1
    assert "only analysts and administrators" in _flat(business.stderr)
    assert _cases(demo, "--state", "in_review")[0]["id"] == int(case_id)


def test_decide_refuses_a_rule_outside_the_rulebook(demo: RunCli) -> None:
    case_id = str(_case_id(demo, "in_review"))

    result = demo(
        "cases", "decide", case_id, "--outcome", "violation", "--rule", "no.such.rule",
        "--reason", "x", "--as", ANALYST,
    )  # fmt: skip

    assert result.exit_code == 1
    assert "Unknown rule id no.such.rule" in _flat(result.stderr)


def test_an_appeal_is_decided_by_another_analyst_than_the_first(demo: RunCli) -> None:
    case_id = str(_case_id(demo, "appealed"))
    args = ("cases", "decide", case_id, "--outcome", "upheld", "--reason", "it stands")

    same = demo(*args, "--as", ANALYST)
    other = demo(*args, "--as", ADMIN)

    assert same.exit_code == 1
    assert "another analyst decides the appeal" in _flat(same.stderr)
    assert other.exit_code == 0, other.output
    assert "appealed -> appeal_decided" in other.stdout


def test_deciding_a_closed_case_is_an_invalid_transition(demo: RunCli) -> None:
    case_id = str(_case_id(demo, "closed"))

    result = demo(
        "cases", "decide", case_id, "--outcome", "no_violation", "--reason", "x", "--as", ADMIN
    )

    assert result.exit_code == 1
    assert "invalid_transition" in result.stderr
