"""Runs every rule's own examples: positives must produce the rule's finding, negatives must not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from koltrust.screening import model as m
from koltrust.screening.engine import Engine
from koltrust.screening.findings import Post


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not behave as its rule says."""

    rule_id: str
    kind: str  # "positive" | "negative"
    text: str
    found: tuple[str, ...]


@dataclass
class ExampleReport:
    """Failures, and how many examples each (category, language, kind) has."""

    failures: list[ExampleFailure] = field(default_factory=list)
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    run: int = 0

    @property
    def ok(self) -> bool:
        """True when every example behaved."""
        return not self.failures


def example_post(example: m.Example) -> Post:
    """The post an example describes."""
    fields = example.fields
    return Post(
        text=example.text,
        language=example.language,
        links=tuple(fields.get("links", ())),
        hashtags=tuple(fields.get("hashtags", ())),
        paid_partnership=bool(fields.get("paid_partnership", False)),
        platform=fields.get("platform"),
    )


def run_examples(engine: Engine) -> ExampleReport:
    """Screen every example of every rule of the engine's rulebook."""
    report = ExampleReport()
    for rule in engine.rulebook.rules:
        for kind, examples in (("positive", rule.positive), ("negative", rule.negative)):
            for example in examples:
                found = tuple(f.rule_id for f in engine.screen(example_post(example)).findings)
                report.run += 1
                report.counts[(rule.category, example.language, kind)] += 1
                if (rule.id in found) != (kind == "positive"):
                    report.failures.append(ExampleFailure(rule.id, kind, example.text, found))
    return report
