"""Cross-validate the fake-follower classifiers on InstaFake, against a majority baseline.

    .venv/bin/python tools/eval_accounts.py ../shared/data/accounts [--folds 10] [--seed 0]
        [--json] [--save var/audience/fake_followers.json --kind boosted]

Prints accuracy, and precision, recall and F1 of the fake class (mean ± std over stratified
folds), and the confusion matrix summed over the folds, for: the majority-class baseline, the
hand-set prior model koltrust ships (not trained, scored on each held-out fold), logistic
regression and boosted trees (both refitted on each training fold).

--save fits the chosen kind on the whole folder and writes it with its provenance. InstaFake is
CC BY-NC 4.0: keep such a file out of the package and use it only where non-commercial use
is allowed (docs/audience.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from koltrust.scoring.audience.boosting import fit_boosted
from koltrust.scoring.audience.evaluation import METRICS, compare
from koltrust.scoring.audience.fake_followers import Model
from koltrust.scoring.audience.instafake import TRAINERS, read_folder
from koltrust.scoring.audience.logistic import fit_logistic


def table(results: dict[str, dict[str, Any]], n: int, fakes: int, folds: int, seed: int) -> str:
    """The results as aligned text for a terminal."""
    lines = [f"InstaFake: {n} accounts ({fakes} fake), stratified {folds}-fold CV, seed {seed}"]
    lines.append(
        f"{'model':<16}" + "".join(f"{m:>18}" for m in METRICS) + "   confusion [[TN FP] [FN TP]]"
    )
    for name, result in results.items():
        cells = "".join(f"{result[m]['mean']:>10.3f} ± {result[m]['std']:.3f}" for m in METRICS)
        lines.append(f"{name:<16}{cells}   {result['confusion']}")
    return "\n".join(lines)


def save(path: Path, x: np.ndarray, y: np.ndarray, kind: str, digests: dict[str, str]) -> None:
    """Fit ``kind`` on every row and write it with its provenance."""
    model: Model = fit_boosted(x, y) if kind == "boosted" else fit_logistic(x, y)
    data = model.to_json()
    data["provenance"] = {
        "trained_on": "InstaFake fake-v1.0 (Akyon & Kalfaoglu, 2019)",
        "licence": "CC BY-NC 4.0: non-commercial use only",
        "files_sha256": digests,
        "rows": len(y),
        "fakes": int(y.sum()),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="folder with the two InstaFake JSON files")
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--save", type=Path, help="also fit on everything and write the model")
    parser.add_argument("--kind", choices=("logistic", "boosted"), default="boosted")
    args = parser.parse_args(argv)
    try:
        x, y, digests = read_folder(args.folder)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    results = compare(x, y, TRAINERS, k=args.folds, seed=args.seed)
    if args.json:
        print(
            json.dumps(
                {
                    "rows": len(y),
                    "fakes": int(y.sum()),
                    "folds": args.folds,
                    "seed": args.seed,
                    "models": results,
                },
                indent=1,
            )
        )
    else:
        print(table(results, len(y), int(y.sum()), args.folds, args.seed))
    if args.save:
        save(args.save, x, y, args.kind, digests)
        print(f"wrote {args.save} ({args.kind}, CC BY-NC 4.0 provenance inside)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
