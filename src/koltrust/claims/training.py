"""Fit the ranker and the language means. Run by ``tools/train_claims_ranker.py`` on the
CheckThat! train splits (never on dev, which is for reporting); the results ship as the small
data files ``ranker_weights.json`` and ``language_means.json``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from koltrust.claims.centring import Centring, estimate
from koltrust.claims.embedder import Embedder
from koltrust.claims.evaluation import EvalSet, index_pool
from koltrust.claims.fitting import Judged, fit_model
from koltrust.claims.ranker import (
    ABSOLUTE_FEATURES,
    DENSE_EVIDENCE,
    DENSE_FEATURES,
    RELATIVE_FEATURES,
    WORD_EVIDENCE,
    Candidate,
    Ranker,
)
from koltrust.claims.retriever import ClaimIndex
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path
from koltrust.text.fold import fold

SAMPLES_FILE = Path(__file__).with_name("data") / "language_samples.yaml"


def language_centring(embedder: Embedder, samples_file: Path = SAMPLES_FILE) -> Centring:
    """Means from the shipped everyday sentences; Vietnamese also typed without diacritics
    (``vi-ascii``), as many posts are."""
    samples: dict[str, list[str]] = yaml.safe_load(samples_file.read_text(encoding="utf-8"))
    samples["vi-ascii"] = [fold(text) for text in samples["vi"]]
    return estimate(embedder, samples)


def judged_queries(index: ClaimIndex, evalset: EvalSet) -> list[Judged]:
    """The fused candidates of every query with a relevant claim, labelled."""
    pool = index_pool(evalset, index)
    judged: list[Judged] = []
    for query in evalset.queries:
        relevant = pool.relevant_ids(query)
        found = index.candidates(query.text, query.language or "en")
        if relevant & {c.id for c in found}:
            judged.append((found, [c.id in relevant for c in found]))
    return judged


def unmatched_candidates(
    index: ClaimIndex, posts: Iterable[tuple[str, str]]
) -> list[list[Candidate]]:
    """The fused candidates of posts that repeat no claim of the index's pool."""
    return [found for text, language in posts if (found := index.candidates(text, language))]


def rulebook_posts() -> list[tuple[str, str]]:
    """The shipped rulebook's example posts (ads, health claims, scams in four languages):
    what influencers publish, and none repeats a CheckThat! claim."""
    rulebook = load_rulebook(default_rulebook_path())
    examples = [e for rule in rulebook.rules for e in (*rule.positive, *rule.negative)]
    return list(dict.fromkeys((e.text, e.language) for e in examples))


def fit_ranker(
    judged: list[Judged], unmatched: list[list[Candidate]], across: list[Judged]
) -> Ranker:
    """The same-language models fitted on ``judged``; the cross-language model, which sees
    only the dense features, also on ``across`` (posts repeating a claim in another
    language), since a pair across languages has a lower cosine than a pair within one.
    (Fitting its probability on ``across`` alone was tried: with 40 posts it came out far
    too low for every cross-language match.)"""
    return Ranker(
        relative=fit_model(judged, RELATIVE_FEATURES, WORD_EVIDENCE, unmatched),
        absolute=fit_model(judged, ABSOLUTE_FEATURES, WORD_EVIDENCE, unmatched),
        cross_language=fit_model([*judged, *across], DENSE_FEATURES, DENSE_EVIDENCE, unmatched),
    )


def top_scores(
    index: ClaimIndex, evalset: EvalSet, unmatched: Iterable[tuple[str, str]]
) -> list[tuple[float, bool]]:
    """(score, is right) of the best match of every judged query and of every post that
    repeats no claim (never right): what the thresholds are read from."""
    pool = index_pool(evalset, index)
    tops: list[tuple[float, bool]] = []
    for query in evalset.queries:
        relevant = pool.relevant.get(query.id)
        if relevant and (found := index.search(query.text, k=1, language=query.language)):
            tops.append((found[0].score, pool.external[found[0].fact_check.id] in relevant))
    for text, language in unmatched:
        if found := index.search(text, k=1, language=language):
            tops.append((found[0].score, False))
    return tops


def threshold_for(tops: list[tuple[float, bool]], precision: float) -> float:
    """The lowest score above which the best matches are right at least ``precision`` of
    the time."""
    ranked = sorted(tops, key=lambda pair: -pair[0])
    right, best = 0, 1.0
    for n, (score, is_right) in enumerate(ranked, start=1):
        right += is_right
        if right / n >= precision:
            best = score
    return best
