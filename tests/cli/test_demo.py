"""`koltrust demo --no-serve` prepares a realistic demo database, idempotently."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import RunCli


def _influencers(run: RunCli) -> list[dict[str, object]]:
    result = run("influencers", "list", "--per-page", "1000", "--json")
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)["items"]
    return items


def test_demo_prints_urls_and_one_login_per_role(run: RunCli) -> None:
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8000/" in result.stdout
    for role in ("admin", "analyst", "influencer", "business", "platform"):
        assert f"{role}@demo.koltrust.vn" in result.stdout


def test_demo_data_is_varied_enough_to_explore(run: RunCli) -> None:
    assert run("demo", "--no-serve").exit_code == 0
    items = _influencers(run)
    accounts = [a for item in items for a in item["accounts"]]  # type: ignore[attr-defined]
    statuses = {item["membership"]["status"] for item in items if item["membership"]}  # type: ignore[index]
    assert len(items) >= 40
    assert len({item["province"] for item in items}) >= 10
    assert {a["platform"] for a in accounts} == {
        "tiktok",
        "facebook",
        "youtube",
        "instagram",
        "zalo",
        "x",
        "threads",
    }
    assert {lang for item in items for lang in item["languages"]} == {"vi", "en", "fr", "id"}  # type: ignore[attr-defined]
    assert statuses == {"applicant", "member", "suspended", "expelled", "withdrawn"}


def test_demo_twice_duplicates_nothing(run: RunCli) -> None:
    assert run("demo", "--no-serve").exit_code == 0
    first = _influencers(run)
    assert run("demo", "--no-serve").exit_code == 0
    assert _influencers(run) == first


def test_demo_refuses_prod(run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOLTRUST_ENVIRONMENT", "prod")
    result = run("demo", "--no-serve")
    assert result.exit_code == 1
    assert "prod" in result.stderr


def test_demo_has_cases_in_every_state_and_sanctions_of_every_status(run: RunCli) -> None:
    assert run("demo", "--no-serve").exit_code == 0
    cases = json.loads(run("cases", "list", "--json").stdout)["items"]
    sanctions = json.loads(run("sanctions", "list", "--json").stdout)["items"]
    notices = run("notices", "export", "--since", "2000-01-01").stdout.splitlines()

    assert {case["state"] for case in cases} == {
        "open",
        "in_review",
        "decided_violation",
        "decided_no_violation",
        "appealed",
        "appeal_decided",
        "closed",
    }
    assert {s["status"] for s in sanctions} == {"active", "expired", "lifted", "overturned"}
    assert any('"SOURCE_TRUSTED_FLAGGER"' in line for line in notices)
    assert run("demo", "--no-serve").exit_code == 0
    assert len(json.loads(run("cases", "list", "--json").stdout)["items"]) == len(cases)
