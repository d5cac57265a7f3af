"""`koltrust certificates issue|list|show|revoke` on the demo database."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import RunCli
from tests.cli.demo_copy import demo, demo_template

__all__ = ["demo", "demo_template"]

ANALYST = "analyst@demo.koltrust.vn"
ADMIN = "admin@demo.koltrust.vn"


def _listed(run: RunCli, *args: str) -> list[dict[str, Any]]:
    result = run("certificates", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return items


def _flat(text: str) -> str:
    return " ".join(text.split())


def _code_of(run: RunCli, slug: str) -> str:
    return str(next(i["code"] for i in _listed(run) if i["influencer"]["slug"] == slug))


def test_the_demo_holds_valid_suspended_and_expired_certificates(demo: RunCli) -> None:
    statuses = {item["influencer"]["slug"]: item["status"] for item in _listed(demo)}

    assert statuses.pop("thai-dang-khoa") == "suspended"
    assert statuses.pop("mac-van-tung") == "expired"
    assert set(statuses.values()) == {"active"}
    assert len(statuses) == 6
    assert [i["influencer"]["slug"] for i in _listed(demo, "--status", "expired")] == [
        "mac-van-tung"
    ]
    assert "8 certificate(s)" in demo("certificates", "list").stdout


def test_show_explains_a_suspension_in_both_languages(demo: RunCli) -> None:
    code = _code_of(demo, "thai-dang-khoa")

    shown = demo("certificates", "show", code.lower().replace("-", " "))

    assert shown.exit_code == 0, shown.output
    text = _flat(shown.stdout)
    assert f"{code} Thái Đăng Khoa" in text
    assert "suspended / Tạm đình chỉ" in text
    assert "Suspended by a sanction of visibility restriction" in text
    assert "Tạm đình chỉ do chế tài hạn chế hiển thị" in text
    assert f"http://127.0.0.1:8000/verify/{code}" in text
    assert json.loads(demo("certificates", "show", code, "--json").stdout)["issued_by"]


def test_show_refuses_a_malformed_or_unknown_code(demo: RunCli) -> None:
    malformed = demo("certificates", "show", "KT-12345")
    unknown = demo("certificates", "show", "KT-7QF3M-2XW96")

    assert malformed.exit_code == 1
    assert "is not a certificate code" in _flat(malformed.stderr)
    assert unknown.exit_code == 1
    assert "No certificate has the code KT-7QF3M-2XW96" in _flat(unknown.stderr)


def test_issue_refuses_saying_why(demo: RunCli) -> None:
    running = demo("certificates", "issue", "pham-thu-trang", "--as", ANALYST)
    unqualified = demo("certificates", "issue", "dewi-kartika", "--as", ANALYST)
    business = demo("certificates", "issue", "dewi-kartika", "--as", "business@demo.koltrust.vn")
    unknown = demo("certificates", "issue", "no-such-person", "--as", ANALYST)

    assert running.exit_code == 1
    assert "certificate_running" in running.stderr
    assert unqualified.exit_code == 1
    assert "certificate_not_allowed" in unqualified.stderr
    assert "The score is provisional" in _flat(unqualified.stderr)
    assert business.exit_code == 1
    assert "only analysts and administrators" in _flat(business.stderr)
    assert unknown.exit_code == 1
    assert len(_listed(demo)) == 8


def test_an_admin_revokes_then_an_analyst_issues_anew(demo: RunCli) -> None:
    code = _code_of(demo, "pham-thu-trang")

    by_analyst = demo("certificates", "revoke", code, "--reason", "x", "--as", ANALYST)
    no_reason = demo("certificates", "revoke", code, "--reason", " ", "--as", ADMIN)
    revoked = demo("certificates", "revoke", code, "--reason", "Hồ sơ giả mạo", "--as", ADMIN)
    again = demo("certificates", "revoke", code, "--reason", "again", "--as", ADMIN)
    issued = demo("certificates", "issue", "pham-thu-trang", "--as", ANALYST)

    assert by_analyst.exit_code == 1
    assert "forbidden" in by_analyst.stderr
    assert no_reason.exit_code == 1
    assert "A reason is required" in no_reason.stderr
    assert revoked.exit_code == 0, revoked.output
    assert again.exit_code == 1
    assert "invalid_transition" in again.stderr
    assert issued.exit_code == 0, issued.output
    assert "Issued certificate KT-" in _flat(issued.stdout)
    mine = [i for i in _listed(demo) if i["influencer"]["slug"] == "pham-thu-trang"]
    assert [i["status"] for i in mine] == ["active", "revoked"]
    assert mine[1]["reason"]["text"]["en"].endswith(": Hồ sơ giả mạo")
