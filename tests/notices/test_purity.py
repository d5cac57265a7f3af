"""The statement of reasons and the webhook signature are pure: they load no database or web
framework (like the packages in tests/test_pure_packages.py), so a batch job can build them."""

from __future__ import annotations

import subprocess
import sys

PURE_MODULES = ("koltrust.notices.statement", "koltrust.notices.signing")
FORBIDDEN = ("sqlalchemy", "fastapi", "starlette")


def test_statement_and_signing_load_no_database_or_web_framework() -> None:
    probe = (
        f"import sys, {', '.join(PURE_MODULES)}\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "[]"
