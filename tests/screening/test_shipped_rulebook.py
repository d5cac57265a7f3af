"""The rulebook shipped in rules/: it loads, every rule's examples behave, and every category
has enough examples in every language it screens."""

from __future__ import annotations

from pathlib import Path

import pytest

from koltrust.screening import model as m
from koltrust.screening.engine import Engine
from koltrust.screening.examples import ExampleReport, example_post, run_examples
from koltrust.screening.loader import load_rulebook

SHIPPED = Path(__file__).resolve().parents[2] / "rules"
MIN_EXAMPLES = 5

pytestmark = pytest.mark.skipif(
    not (SHIPPED / "rulebook.yaml").exists(),
    reason=f"{SHIPPED / 'rulebook.yaml'} does not exist yet (the shipped rulebook is written "
    "separately)",
)


@pytest.fixture(scope="module")
def rulebook() -> m.Rulebook:
    """The shipped rulebook, validated."""
    return load_rulebook(SHIPPED)


@pytest.fixture(scope="module")
def report(rulebook: m.Rulebook) -> ExampleReport:
    """Every example of every shipped rule, screened."""
    return run_examples(Engine(rulebook))


def screened_languages(rule: m.Rule) -> tuple[str, ...]:
    """The languages a rule screens ([all] is every language)."""
    return m.LANGUAGES if m.ALL_LANGUAGES in rule.languages else rule.languages


def test_every_example_of_the_shipped_rules_behaves(report: ExampleReport) -> None:
    failures = [
        f"{f.rule_id} {f.kind}: {f.text!r} (found: {', '.join(f.found) or 'nothing'})"
        for f in report.failures
    ]

    assert report.run > 0
    assert failures == []


def test_every_category_has_enough_examples_in_each_language_it_screens(
    rulebook: m.Rulebook, report: ExampleReport
) -> None:
    needed = {
        (rule.category, language)
        for rule in rulebook.rules
        for language in screened_languages(rule)
    }
    short = [
        f"{category}/{language}: {report.counts[(category, language, 'positive')]} positive, "
        f"{report.counts[(category, language, 'negative')]} negative"
        for category, language in sorted(needed)
        if min(
            report.counts[(category, language, "positive")],
            report.counts[(category, language, "negative")],
        )
        < MIN_EXAMPLES
    ]

    assert {category for category, _ in needed} <= set(rulebook.categories)
    assert short == []


def test_skipping_rules_finds_the_same_as_evaluating_every_rule(rulebook: m.Rulebook) -> None:
    engine = Engine(rulebook)
    differences = []
    for rule in rulebook.rules:
        for example in rule.positive + rule.negative:
            post = example_post(example)
            prepared = engine.prepare(post)
            everything = {
                r.id
                for r in rulebook.rules
                if r.applies_to(prepared.language)
                and engine.evaluator.evaluate(r.when, prepared) is not None
            }
            found = {f.rule_id for f in engine.screen(post).findings}
            if found != everything:
                differences.append(f"{example.text!r}: {sorted(found ^ everything)}")

    assert differences == []
