"""``koltrust rules``: validate the rulebook and run its examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from koltrust.cli.context import console, err_console
from koltrust.screening.engine import Engine
from koltrust.screening.examples import ExampleReport, run_examples
from koltrust.screening.loader import load_rulebook
from koltrust.screening.model import Rulebook
from koltrust.screening.problems import RulebookError
from koltrust.screening.rulebook_path import default_rulebook_path

app = typer.Typer(help="The rulebook (rules as data).", no_args_is_help=True)

PathArgument = Annotated[
    Path | None, typer.Argument(help="Rulebook folder or rulebook.yaml (default: the shipped one).")
]


def load_or_exit(path: Path | None) -> Rulebook:
    """The rulebook at ``path``, or the problems printed and exit 1."""
    target = path or default_rulebook_path()
    if not target.exists():
        err_console.print(f"[red]{target}: no such file or folder[/red]")
        raise typer.Exit(1)
    try:
        return load_rulebook(target)
    except RulebookError as exc:
        for problem in exc.problems:
            err_console.print(str(problem), markup=False, highlight=False, soft_wrap=True)
        err_console.print(f"[red]{len(exc.problems)} problem(s) in the rulebook[/red]")
        raise typer.Exit(1) from exc


@app.command("validate")
def validate(path: PathArgument = None) -> None:
    """Check the rulebook files; every problem is reported with file:line:column."""
    rulebook = load_or_exit(path)
    console.print(
        f"Rulebook {rulebook.version}: {len(rulebook.rules)} rules, "
        f"{len(rulebook.concepts)} concepts, {len(rulebook.categories)} categories, "
        f"{sum(len(x.entries) for x in rulebook.lists.values())} list entries — valid"
    )


@app.command("test")
def run_example_tests(path: PathArgument = None) -> None:
    """Run every rule's positive and negative examples."""
    report = run_examples(Engine(load_or_exit(path)))
    _print_counts(report)
    for failure in report.failures:
        expected = "should be flagged" if failure.kind == "positive" else "should not be flagged"
        err_console.print(
            f"FAIL {failure.rule_id}: {failure.kind} example {expected}: {failure.text!r} "
            f"(found: {', '.join(failure.found) or 'nothing'})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    passed = report.run - len(report.failures)
    console.print(f"{passed} passed, {len(report.failures)} failed")
    if not report.ok:
        raise typer.Exit(1)


def _print_counts(report: ExampleReport) -> None:
    table = Table(title="Examples per category and language (positive / negative)")
    table.add_column("category")
    languages = sorted({language for _, language, _ in report.counts})
    for language in languages:
        table.add_column(language, justify="right")
    for category in sorted({category for category, _, _ in report.counts}):
        cells = [
            f"{report.counts[(category, lang, 'positive')]} / "
            f"{report.counts[(category, lang, 'negative')]}"
            for lang in languages
        ]
        table.add_row(category, *cells)
    console.print(table)
