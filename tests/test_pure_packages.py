"""The pure cores load no database or web framework, so they run anywhere (CLI, Spark)."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

PURE_PACKAGES = ["koltrust.text", "koltrust.screening", "koltrust.scoring", "koltrust.media"]
FORBIDDEN = ("sqlalchemy", "fastapi", "starlette")


def _present(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def _source_files(package: str) -> list[Path]:
    spec = importlib.util.find_spec(package)
    assert spec is not None
    assert spec.submodule_search_locations is not None
    return sorted(
        path for folder in spec.submodule_search_locations for path in Path(folder).rglob("*.py")
    )


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.fixture(params=PURE_PACKAGES)
def package(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if not _present(name):
        pytest.skip(f"{name} does not exist yet")
    return name


def test_importing_loads_no_database_or_web_framework(package: str) -> None:
    probe = (
        f"import sys, pkgutil, importlib, {package} as p\n"
        "for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "[]"


def test_source_imports_no_database_or_web_framework(package: str) -> None:
    files = _source_files(package)
    assert files

    offenders = {
        f"{path.name}: {module}"
        for path in files
        for module in _imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    }

    assert offenders == set()


def test_the_scan_would_notice_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from sqlalchemy.orm import Session\n    import fastapi\n")

    assert _imported_modules(bad) == {"sqlalchemy.orm", "fastapi"}


# koltrust.claims holds the fact-check store (database, web) beside its retrieval core, which
# must stay pure like the packages above.
PURE_CLAIMS_MODULES = [
    "centring",
    "claimreview",
    "dense",
    "embedder",
    "evaluation",
    "fitting",
    "importers",
    "keys",
    "lexical",
    "model",
    "producer",
    "ranker",
    "ratings",
    "records",
    "retriever",
    "training",
    "vectors",
    "words",
]


def test_the_claims_retrieval_core_loads_no_database_or_web_framework() -> None:
    modules = ", ".join(f"koltrust.claims.{name}" for name in PURE_CLAIMS_MODULES)
    probe = (
        f"import sys, {modules}\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "[]"


def test_the_case_transition_table_loads_no_database_or_web_framework() -> None:
    probe = (
        "import sys, koltrust.cases.states\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "[]"
