"""``koltrust eval``: measure quality on evaluation data (not the stored records)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from koltrust.claims import evaluation
from koltrust.claims.matcher import embedder_for, fresh_index
from koltrust.cli.context import console, err_console, handle_errors, load_settings, print_json
from koltrust.scoring.audience import instafake
from koltrust.scoring.audience.evaluation import METRICS as ACCOUNT_METRICS

app = typer.Typer(help="Measure quality on evaluation folders.", no_args_is_help=True)

METRICS = ("map@1", "map@{k}", "recall@{k}", "mrr", "n_queries", "seconds")


@app.command("claims")
@handle_errors
def claims(
    folder: Annotated[
        Path, typer.Argument(help="A folder with claims.jsonl, queries.jsonl and qrels.tsv.")
    ],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Cut-off of MAP@k, recall@k.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    baseline: Annotated[
        bool, typer.Option(help="Also run the lexical-only BM25 baseline (key bm25).")
    ] = True,
) -> None:
    """Rank every query of FOLDER against a fresh index of its claims and print MAP@1,
    MAP@k, recall@k, MRR, the number of queries and the seconds taken; with the BM25-only
    baseline of the same run under ``bm25``."""
    if not folder.is_dir():
        err_console.print(f"[red]{folder}: no such folder[/red]", soft_wrap=True)
        raise typer.Exit(1)
    settings = load_settings()
    evalset = evaluation.read_folder(folder)
    embedder = embedder_for(settings)
    result: dict[str, Any] = dict(
        evaluation.run(evalset, fresh_index(settings, embedder=embedder, folder=None), k=k)
    )
    if baseline and embedder is not None:
        lexical = fresh_index(settings, embedder=None, folder=None)
        result["bm25"] = dict(evaluation.run(evalset, lexical, k=k))
    if as_json:
        print_json(result)
        return
    console.print(_table(folder, result, k))


def _table(folder: Path, result: dict[str, Any], k: int) -> Table:
    runs = {"hybrid" if "bm25" in result else "ranking": result}
    if "bm25" in result:
        runs["bm25"] = result["bm25"]
    table = Table(title=f"Claim matching on {folder}")
    table.add_column("metric")
    for name in runs:
        table.add_column(name, justify="right")
    for metric in (name.format(k=k) for name in METRICS):
        table.add_row(metric, *(str(run.get(metric, "")) for run in runs.values()))
    return table


@app.command("accounts")
@handle_errors
def accounts(
    folder: Annotated[Path, typer.Argument(help="A folder with the two InstaFake JSON files.")],
    folds: Annotated[int, typer.Option(min=2, max=50, help="Number of folds.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the fold shuffle.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Cross-validate the fake-follower classifiers on FOLDER (stratified, seeded) and print
    accuracy, precision, recall and F1 of the fake class (mean ± std) and the confusion matrix,
    with the majority-class baseline of the same folds (docs/audience.md)."""
    try:
        result = instafake.evaluate_folder(folder, k=folds, seed=seed)
    except FileNotFoundError as error:
        err_console.print(f"[red]{error}[/red]", soft_wrap=True)
        raise typer.Exit(1) from error
    if as_json:
        print_json(result)
        return
    models = result["models"]
    table = Table(title=f"Fake followers on {folder}: {result['rows']} accounts, {folds} folds")
    table.add_column("metric")
    for name in models:
        table.add_column(name, justify="right")
    for metric in ACCOUNT_METRICS:
        cells = (f"{run[metric]['mean']:.3f}±{run[metric]['std']:.3f}" for run in models.values())
        table.add_row(metric, *cells)
    table.add_row("TN FP/FN TP", *(_confusion(run["confusion"]) for run in models.values()))
    console.print(table)


def _confusion(matrix: list[list[int]]) -> str:
    (tn, fp), (fn, tp) = matrix
    return f"{tn} {fp}/{fn} {tp}"
