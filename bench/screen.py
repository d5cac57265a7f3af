"""Benchmark of the screening engine with the shipped rulebook, on one core.

Screens a generated corpus (bench/corpus.py) twice: with each post's language given (the rule
stage alone) and without it (rule stage plus language identification). Prints posts/s and
µs/post as the median of several runs, the machine, the corpus, and the findings per category;
then, in the same run, a naive baseline on a subsample: the same rules and boolean structure,
but every phrase searched with its own whole-word regex instead of one automaton pass and no
rule skipped. The targets are 20,000 posts/s for the rule stage and 20x the naive baseline.

    .venv/bin/python bench/screen.py [--posts N] [--runs R] [--seed S] [--naive N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import regex

from koltrust.screening import model as m
from koltrust.screening.engine import Engine
from koltrust.screening.evaluate import Evaluator, Result
from koltrust.screening.findings import Post, ScreeningResult, Span
from koltrust.screening.loader import load_rulebook
from koltrust.screening.phrase_index import phrase_keys
from koltrust.screening.prepared import PreparedPost
from koltrust.screening.walk import walk
from koltrust.text.normalise import normalise

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CorpusPost, generate

RULEBOOK = Path(__file__).resolve().parents[1] / "rules"
TARGET_POSTS_PER_SECOND = 20_000
TARGET_SPEED_UP = 20.0


class NaiveEvaluator(Evaluator):
    """The engine's evaluator, except that a phrase condition runs one regex per phrase over
    the post's normalised view instead of reading the automaton's hits."""

    def __init__(self, rulebook: m.Rulebook) -> None:
        super().__init__(rulebook)
        self._phrase_patterns: dict[m.Phrases, list[regex.Pattern[str]]] = {}
        roots = [rule.when for rule in rulebook.rules] + list(rulebook.concepts.values())
        for condition in (c for root in roots for c in walk(root)):
            if isinstance(condition, m.Phrases) and condition not in self._phrase_patterns:
                self._phrase_patterns[condition] = [
                    _whole_word(key) for term in condition.terms for key in phrase_keys(term)
                ]

    def _phrases(self, condition: m.Phrases, post: PreparedPost) -> Result:
        spans = [
            Span(*post.text.to_original("view", match.start(), match.end()))
            for pattern in self._phrase_patterns[condition]
            for match in pattern.finditer(post.text.view)
        ]
        return tuple(spans) if spans else None


def _whole_word(key: str) -> regex.Pattern[str]:
    left = r"(?<![\w])" if key[0].isalnum() or key[0] == "_" else ""
    right = r"(?![\w])" if key[-1].isalnum() or key[-1] == "_" else ""
    return regex.compile(left + regex.escape(key) + right, regex.IGNORECASE)


class NaiveScreener:
    """Every rule of the post's language, evaluated with NaiveEvaluator."""

    def __init__(self, rulebook: m.Rulebook) -> None:
        self.rulebook = rulebook
        self.evaluator = NaiveEvaluator(rulebook)

    def screen(self, post: Post) -> tuple[str, ...]:
        """The ids of the rules that match ``post`` (whose language is given)."""
        language = post.language or "vi"
        prepared = PreparedPost(post, normalise(post.text), language, 1.0, {})
        return tuple(
            rule.id
            for rule in self.rulebook.rules
            if rule.applies_to(language)
            and self.evaluator.evaluate(rule.when, prepared) is not None
        )


def posts_of(corpus: Sequence[CorpusPost], *, with_language: bool) -> list[Post]:
    """The corpus as engine input."""
    return [
        Post(
            text=p.text,
            id=str(n),
            links=p.links,
            paid_partnership=p.paid_partnership,
            language=p.language if with_language else None,
        )
        for n, p in enumerate(corpus)
    ]


def timed_runs(screen: Callable[[Post], object], posts: list[Post], runs: int) -> list[float]:
    """Seconds per run of screening every post."""
    return interleaved_runs([screen], posts, runs)[0]


def interleaved_runs(
    screens: Sequence[Callable[[Post], object]], posts: list[Post], runs: int
) -> list[list[float]]:
    """Seconds per run of each screen over every post, the screens taking turns within each
    run so that a slower or faster spell of a noisy machine touches them all alike."""
    seconds: list[list[float]] = [[] for _ in screens]
    for _ in range(runs):
        for screen, times in zip(screens, seconds, strict=True):
            started = time.perf_counter()
            for post in posts:
                screen(post)
            times.append(time.perf_counter() - started)
    return seconds


def normalise_post(post: Post) -> object:
    """The normalisation every screening starts with (the engine's and the baseline's)."""
    return normalise(post.text)


def rate(seconds: list[float], count: int) -> tuple[float, float]:
    """(posts/s, µs/post) of the median run."""
    median = statistics.median(seconds)
    return count / median, median / count * 1e6


def cpu_model() -> str:
    """The processor's name, from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def pin_to_one_core() -> str:
    """Run on a single core when the OS allows it; says which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=100_000, help="corpus size")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (the median counts)")
    parser.add_argument("--seed", type=int, default=20261123, help="corpus seed")
    parser.add_argument("--naive", type=int, default=5_000, help="subsample for the baseline")
    parser.add_argument("--rulebook", type=Path, default=RULEBOOK)
    args = parser.parse_args(argv)
    pinned = pin_to_one_core()

    print("== machine")
    print(f"cpu: {cpu_model()}; {os.cpu_count()} cores, {pinned}")
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}"
    )

    started = time.perf_counter()
    corpus = generate(args.posts, args.seed)
    generated = time.perf_counter() - started
    rulebook = load_rulebook(args.rulebook)
    engine = Engine(rulebook)
    print("== data")
    print(
        f"rulebook {rulebook.version}: {len(rulebook.rules)} rules, "
        f"{len(rulebook.concepts)} concepts, "
        f"{sum(len(x.entries) for x in rulebook.lists.values())} list entries"
    )
    describe_corpus(corpus, args.seed, generated)

    with_language = posts_of(corpus, with_language=True)
    without_language = posts_of(corpus, with_language=False)
    for post in with_language[:2_000]:  # warm-up: caches, lazily built tables
        engine.screen(post)
    engine.screen(without_language[0])  # loads the language model

    results = measure_engine(engine, corpus, with_language, without_language, args.runs)
    measure_naive(rulebook, engine, with_language[: args.naive], results, args.runs)


def measure_engine(
    engine: Engine,
    corpus: Sequence[CorpusPost],
    with_language: list[Post],
    without_language: list[Post],
    runs: int,
) -> list[ScreeningResult]:
    """The engine's rates over the whole corpus; returns its results on the posts in order."""
    print(f"== engine (median of {runs} runs over {len(corpus):,} posts)")
    screened, normalised = interleaved_runs([engine.screen, normalise_post], with_language, runs)
    rule_stage = rate(screened, len(corpus))
    print_rate("rule stage (language given)", rule_stage, TARGET_POSTS_PER_SECOND)
    shared = rate(normalised, len(corpus))
    print_rate("  of which normalisation", shared, None)
    print_rate("  the rest (automaton, rules, findings)", after(rule_stage, shared), None)
    full = rate(timed_runs(engine.screen, without_language, runs), len(corpus))
    print_rate("with language identification", full, None)
    print(f"regex timeouts: {engine.evaluator.regex_timeouts}")
    results = [engine.screen(post) for post in with_language]
    describe_findings(corpus, results)
    describe_language_guesses(corpus, [engine.screen(post) for post in without_language[:20_000]])
    return results


def measure_naive(
    rulebook: m.Rulebook,
    engine: Engine,
    sample: list[Post],
    results: list[ScreeningResult],
    runs: int,
) -> None:
    """The naive baseline beside the engine on the same posts, and whether they agree."""
    naive = NaiveScreener(rulebook)
    print(f"== naive baseline (median of {runs} runs over {len(sample):,} posts)")
    naive_times, engine_times, normalise_times = interleaved_runs(
        [naive.screen, engine.screen, normalise_post], sample, runs
    )
    naive_rate = rate(naive_times, len(sample))
    engine_rate = rate(engine_times, len(sample))
    shared = rate(normalise_times, len(sample))
    print_rate("naive: a regex per phrase, every rule", naive_rate, None)
    print_rate("engine, same posts", engine_rate, None)
    print_rate("normalisation both start with", shared, None)
    speed_up = naive_rate[1] / engine_rate[1]
    verdict = "meets" if speed_up >= TARGET_SPEED_UP else "MISSES"
    print(f"speed-up: {speed_up:.1f}x ({verdict} the {TARGET_SPEED_UP:.0f}x target)")
    rules_only = after(naive_rate, shared)[1] / after(engine_rate, shared)[1]
    print(f"speed-up after the shared normalisation: {rules_only:.1f}x")
    agree = sum(
        set(naive.screen(post)) == {f.rule_id for f in result.findings}
        for post, result in zip(sample, results, strict=False)
    )
    print(f"same rules matched by both: {agree:,} of {len(sample):,} posts")


def after(total: tuple[float, float], part: tuple[float, float]) -> tuple[float, float]:
    """(posts/s, µs/post) of what ``total`` spends beyond ``part`` (medians subtracted)."""
    micros = total[1] - part[1]
    return 1e6 / micros, micros


def print_rate(label: str, figures: tuple[float, float], target: float | None) -> None:
    posts_per_second, micros = figures
    verdict = ""
    if target is not None:
        verdict = " (meets" if posts_per_second >= target else " (MISSES"
        verdict += f" the {target:,.0f} posts/s target)"
    print(f"{label:40} {posts_per_second:10,.0f} posts/s {micros:9.1f} µs/post{verdict}")


def describe_corpus(corpus: Sequence[CorpusPost], seed: int, seconds: float) -> None:
    lengths = sorted(len(p.text) for p in corpus)
    languages = Counter(p.language for p in corpus)
    violations = Counter(p.violation for p in corpus if p.violation)
    injected = sum(violations.values())
    print(f"corpus: {len(corpus):,} posts, seed {seed}, generated in {seconds:.1f} s")
    print(
        "languages: " + ", ".join(f"{k} {v / len(corpus):.1%}" for k, v in languages.most_common())
    )
    print(
        f"length: median {statistics.median(lengths):.0f}, p5 {lengths[len(lengths) // 20]}, "
        f"p95 {lengths[len(lengths) * 19 // 20]}, max {lengths[-1]} characters; "
        f"{sum(n > 600 for n in lengths) / len(lengths):.1%} over 600"
    )
    print(
        f"violations injected: {injected:,} ({injected / len(corpus):.2%}), "
        f"{sum(p.obfuscated for p in corpus):,} of them obfuscated: "
        + ", ".join(f"{k} {v}" for k, v in violations.most_common())
    )


def describe_findings(corpus: Sequence[CorpusPost], results: list[ScreeningResult]) -> None:
    findings = Counter(f.category for r in results for f in r.findings if not f.shadow)
    shadow = Counter(f.category for r in results for f in r.findings if f.shadow)
    posts = Counter(c for r in results for c in {f.category for f in r.findings if not f.shadow})
    flagged = sum(any(not f.shadow for f in r.findings) for r in results)
    print(f"posts with a finding: {flagged:,} ({flagged / len(results):.2%})")
    print(f"{'category':40} {'findings':>9} {'posts':>8} {'shadow':>7}")
    for category in sorted(set(findings) | set(shadow)):
        print(f"{category:40} {findings[category]:9,} {posts[category]:8,} {shadow[category]:7,}")
    clean = [r for p, r in zip(corpus, results, strict=True) if not p.violation]
    caught = Counter(
        p.violation
        for p, r in zip(corpus, results, strict=True)
        if p.violation and any(not f.shadow for f in r.findings)
    )
    injected = Counter(p.violation for p in corpus if p.violation)
    print(
        "injected violations with a finding: "
        + ", ".join(f"{k} {caught[k] / v:.0%}" for k, v in injected.most_common())
    )
    print(
        f"posts without an injected violation but with a finding: "
        f"{sum(bool(r.findings) for r in clean) / len(clean):.2%} "
        f"(the generator's ordinary ads and prices also trip rules)"
    )


def describe_language_guesses(corpus: Sequence[CorpusPost], results: list[ScreeningResult]) -> None:
    right = sum(p.language == r.language for p, r in zip(corpus, results, strict=False))
    print(
        f"language identification agrees with the generator on {right / len(results):.1%} "
        f"of {len(results):,} posts"
    )


if __name__ == "__main__":
    main()
