"""`koltrust sanctions list|lift|expire` on the demo database."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import RunCli
from tests.cli.demo_copy import demo, demo_template

__all__ = ["demo", "demo_template"]


def _sanctions(run: RunCli, *args: str) -> list[dict[str, Any]]:
    result = run("sanctions", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return items


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_list_filters_by_status_now(demo: RunCli) -> None:
    expired = {s["influencer"] for s in _sanctions(demo, "--status", "expired")}
    lifted = {s["influencer"] for s in _sanctions(demo, "--status", "lifted")}
    overturned = {s["influencer"] for s in _sanctions(demo, "--status", "overturned")}

    assert expired == {"kieu-bao-ngoc", "mai-anh-lefevre"}
    assert lifted == {"ta-quang-huy"}
    assert overturned == {"dang-ngoc-anh"}
    # three from the due-process scenarios, one that suspends a certificate (demo/certificates.py)
    assert len(_sanctions(demo, "--status", "active")) == 4
    assert "8 sanction(s)" in demo("sanctions", "list").stdout


def test_expire_previews_without_writing_then_records_with_execute(demo: RunCli) -> None:
    preview = demo("sanctions", "expire")
    again = demo("sanctions", "expire", "--json")

    assert preview.exit_code == 0
    assert "Would record 1 sanction(s) expired" in _flat(preview.stdout)
    assert "mai-anh-lefevre" in preview.stdout
    assert "nothing was written" in preview.stderr
    assert [s["influencer"] for s in json.loads(again.stdout)["items"]] == ["mai-anh-lefevre"]

    executed = demo("sanctions", "expire", "--execute")

    assert executed.exit_code == 0
    assert "Recorded 1 sanction(s) expired" in _flat(executed.stdout)
    assert "nothing to do" in demo("sanctions", "expire").stdout
    notices = demo("notices", "export", "--since", "2000-01-01").stdout.splitlines()
    assert sum('"koltrust-sanction-' in line and "-expired" in line for line in notices) == 2


def test_lift_ends_an_active_sanction_and_refuses_a_second_time(demo: RunCli) -> None:
    active = _sanctions(demo, "--status", "active", "--influencer", "le-hai-yen")[0]

    lifted = demo(
        "sanctions", "lift", str(active["id"]), "--reason", "training done",
        "--as", "admin@demo.koltrust.vn",
    )  # fmt: skip
    twice = demo("sanctions", "lift", str(active["id"]), "--reason", "again")

    assert lifted.exit_code == 0, lifted.output
    assert "lifted" in lifted.stdout
    assert _sanctions(demo, "--influencer", "le-hai-yen")[0]["status"] == "lifted"
    assert twice.exit_code == 1
    assert "only a sanction in force can be lifted" in _flat(twice.stderr)


def test_lift_as_a_non_staff_user_is_refused(demo: RunCli) -> None:
    active = _sanctions(demo, "--status", "active")[0]

    result = demo(
        "sanctions", "lift", str(active["id"]), "--reason", "x",
        "--as", "influencer@demo.koltrust.vn",
    )  # fmt: skip

    assert result.exit_code == 1
    assert "only analysts and administrators" in _flat(result.stderr)
    assert _sanctions(demo, "--status", "active")[0]["id"] == active["id"]


def test_jobs_run_records_expiry_and_closes_cases_whose_window_passed(demo: RunCli) -> None:
    result = demo("jobs", "run", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["expired_sanction_ids"]) == 1
    closed = {c["influencer"] for c in json.loads(
        demo("cases", "list", "--state", "closed", "--json").stdout)["items"]}  # fmt: skip
    assert closed >= {"mai-anh-lefevre", "hoang-gia-bao", "dang-ngoc-anh"}
    assert json.loads(demo("jobs", "run", "--json").stdout)["closed_case_ids"] == []
