"""Turns the YAML of one rule into a Rule, logging every problem found."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from koltrust.screening import model as m
from koltrust.screening.condition_parser import ConditionParser
from koltrust.screening.problems import ProblemLog, did_you_mean
from koltrust.screening.yamlnodes import is_mapping, is_sequence, mapping_items, value

REQUIRED = {
    "id",
    "version",
    "category",
    "severity",
    "languages",
    "legal_basis",
    "explanation",
    "remedy",
    "when",
    "examples",
    "reviewed",
}
OPTIONAL = {"confidence", "status", "dsa_category"}
EXAMPLE_FIELDS = {"text", "links", "hashtags", "paid_partnership", "platform", "language"}
_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


class RuleParser:
    """Parses the rules of one file."""

    def __init__(self, file: str, log: ProblemLog) -> None:
        self.file = file
        self.log = log
        self.conditions = ConditionParser(file, log)

    def parse(self, node: yaml.Node) -> m.Rule | None:
        """The rule at ``node``, or None when it is invalid."""
        fields = self._fields(node)
        if fields is None:
            return None
        before = len(self.log.problems)
        raw = {key: value(n) for key, n in fields.items() if key not in ("when", "examples")}
        rule_id = self._rule_id(fields["id"], raw["id"])
        languages = self._languages(fields["languages"], raw["languages"])
        when = self.conditions.parse(fields["when"])
        severity = self._choice(fields["severity"], raw["severity"], m.Severity, "severity")
        status = self._choice(
            fields.get("status"), raw.get("status", "active"), m.RuleStatus, "status"
        )
        self._check_scalars(fields, raw)
        examples = self._examples(fields["examples"], languages or ())
        if len(self.log.problems) > before or not (
            rule_id and languages and when and severity and status and examples is not None
        ):
            return None
        return m.Rule(
            id=rule_id,
            version=raw["version"],
            category=raw["category"],
            severity=severity,
            confidence=float(raw.get("confidence", 0.8)),
            languages=languages,
            status=status,
            reviewed=raw["reviewed"],
            legal_basis=raw["legal_basis"],
            explanation=raw["explanation"],
            remedy=raw["remedy"],
            dsa_category=raw.get("dsa_category"),
            when=when,
            positive=examples[0],
            negative=examples[1],
        )

    def _problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.log.add(self.file, node, message, hint)

    def _fields(self, node: yaml.Node) -> dict[str, yaml.Node] | None:
        if not is_mapping(node):
            self._problem(node, "a rule is a mapping (id, version, category, ...)")
            return None
        fields: dict[str, yaml.Node] = {}
        for key, key_node, value_node in mapping_items(node):
            if key not in REQUIRED | OPTIONAL:
                self._problem(
                    key_node,
                    f"unknown key '{key}' in a rule",
                    did_you_mean(key, REQUIRED | OPTIONAL),
                )
            fields[key] = value_node
        missing = REQUIRED - fields.keys()
        if missing:
            self._problem(node, f"the rule lacks: {', '.join(sorted(missing))}")
            return None
        return fields

    def _rule_id(self, node: yaml.Node, rule_id: Any) -> str | None:
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            self._problem(
                node,
                f"invalid rule id {rule_id!r}",
                "use dotted lower-case words, e.g. vi.health.cure_claim",
            )
            return None
        return rule_id

    def _languages(self, node: yaml.Node, languages: Any) -> tuple[str, ...] | None:
        allowed = {*m.LANGUAGES, m.ALL_LANGUAGES}
        if not isinstance(languages, list) or not languages:
            self._problem(node, "languages must be a non-empty list", "e.g. [vi] or [all]")
            return None
        for language in languages:
            if not isinstance(language, str) or language not in allowed:
                self._problem(
                    node, f"unknown language {language!r}", did_you_mean(str(language), allowed)
                )
                return None
        return tuple(languages)

    def _choice(self, node: yaml.Node | None, raw: Any, enum: Any, what: str) -> Any:
        try:
            return enum(raw)
        except ValueError:
            choices = [member.value for member in enum]
            self._problem(
                node or yaml.ScalarNode("", ""),
                f"unknown {what} {raw!r}",
                did_you_mean(str(raw), choices),
            )
            return None

    def _check_scalars(self, fields: dict[str, yaml.Node], raw: dict[str, Any]) -> None:
        if not isinstance(raw["category"], str):
            self._problem(fields["category"], "category must be a code from taxonomy.yaml")
        if not isinstance(raw["version"], int) or raw["version"] < 1:
            self._problem(fields["version"], "version must be a positive integer")
        if not isinstance(raw["reviewed"], date):
            self._problem(fields["reviewed"], "reviewed must be a date", "e.g. 2026-11-23")
        confidence = raw.get("confidence", 0.8)
        if not isinstance(confidence, int | float) or not 0 < confidence <= 1:
            self._problem(fields.get("confidence", fields["id"]), "confidence must be in (0, 1]")
        basis = raw["legal_basis"]
        if not isinstance(basis, dict) or not basis.get("citation") or not basis.get("url"):
            self._problem(fields["legal_basis"], "legal_basis needs a citation and a url")
        for key in ("explanation", "remedy"):
            text = raw[key]
            if not isinstance(text, dict) or not text.get("vi") or not text.get("en"):
                self._problem(fields[key], f"{key} needs Vietnamese (vi) and English (en) text")

    def _examples(
        self, node: yaml.Node, languages: tuple[str, ...]
    ) -> tuple[tuple[m.Example, ...], tuple[m.Example, ...]] | None:
        if not is_mapping(node):
            self._problem(node, "examples must be a mapping with positive and negative lists")
            return None
        found: dict[str, tuple[m.Example, ...]] = {}
        for key, key_node, list_node in mapping_items(node):
            if key not in ("positive", "negative"):
                self._problem(
                    key_node,
                    f"unknown key '{key}' in examples",
                    did_you_mean(key, ["positive", "negative"]),
                )
                continue
            found[key] = self._example_list(list_node, languages)
        if not found.get("positive") or not found.get("negative"):
            self._problem(node, "every rule needs positive and negative examples")
            return None
        return found["positive"], found["negative"]

    def _example_list(self, node: yaml.Node, languages: tuple[str, ...]) -> tuple[m.Example, ...]:
        if not is_sequence(node):
            self._problem(node, "examples are a list")
            return ()
        examples = [self._example(item, languages) for item in node.value]
        return tuple(e for e in examples if e is not None)

    def _example(self, node: yaml.Node, languages: tuple[str, ...]) -> m.Example | None:
        raw = value(node)
        fields: dict[str, Any] = raw if isinstance(raw, dict) else {"text": raw}
        unknown = set(fields) - EXAMPLE_FIELDS
        if unknown or not isinstance(fields.get("text"), str):
            self._problem(
                node,
                "an example is a string or a mapping with 'text'",
                f"allowed keys: {', '.join(sorted(EXAMPLE_FIELDS))}",
            )
            return None
        language = fields.get("language") or (languages[0] if len(languages) == 1 else None)
        if language not in m.LANGUAGES:
            self._problem(
                node,
                "say the example's language",
                "add language: vi|en|fr|id (the rule has several languages)",
            )
            return None
        extra = {k: v for k, v in fields.items() if k not in ("text", "language")}
        return m.Example(text=fields["text"], language=language, fields=extra)
