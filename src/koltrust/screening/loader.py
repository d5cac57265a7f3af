"""Loads and validates a rulebook folder: rulebook.yaml, taxonomy, concepts, rules and lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from koltrust.screening import model as m
from koltrust.screening.condition_parser import ConditionParser
from koltrust.screening.lists import COLUMNS, read_list
from koltrust.screening.problems import ProblemLog, did_you_mean
from koltrust.screening.rule_parser import RuleParser
from koltrust.screening.walk import walk
from koltrust.screening.yamlnodes import (
    compose_file,
    is_mapping,
    is_sequence,
    mapping_items,
    value,
)

INDEX_FILE = "rulebook.yaml"
INDEX_KEYS = {"version", "taxonomy", "concepts", "rules", "lists"}


@dataclass
class _Located:
    """Where each rule and concept was defined, for cross-reference problems."""

    rules: dict[str, tuple[str, yaml.Node]] = field(default_factory=dict)
    concepts: dict[str, tuple[str, yaml.Node]] = field(default_factory=dict)


def index_path(path: Path) -> Path:
    """The rulebook.yaml of a folder, or the file itself."""
    return path / INDEX_FILE if path.is_dir() else path


def load_rulebook(path: Path) -> m.Rulebook:
    """The validated rulebook at ``path`` (folder or rulebook.yaml); RulebookError otherwise."""
    index = index_path(path)
    log = ProblemLog()
    root = compose_file(index, log)
    if root is None and not log.problems:
        log.add(str(index), None, "rulebook.yaml is empty", "it needs version, taxonomy, rules")
    log.raise_if_any()
    assert root is not None
    fields = _index_fields(index, root, log)
    log.raise_if_any()
    base, located = index.parent, _Located()
    categories = _taxonomy(base / str(value(fields["taxonomy"])), log)
    concepts = _concepts(base, _patterns(fields.get("concepts")), log, located)
    rules = _rules(base, _patterns(fields["rules"]), log, located)
    lists = _lists(base, index, fields.get("lists"), log)
    _check_references(rules, concepts, categories, lists, log, located)
    log.raise_if_any()
    return m.Rulebook(str(value(fields["version"])), categories, concepts, tuple(rules), lists)


def _index_fields(index: Path, root: yaml.Node, log: ProblemLog) -> dict[str, yaml.Node]:
    if not is_mapping(root):
        log.add(str(index), root, "rulebook.yaml must be a mapping")
        return {}
    fields: dict[str, yaml.Node] = {}
    for key, key_node, value_node in mapping_items(root):
        if key not in INDEX_KEYS:
            log.add(str(index), key_node, f"unknown key '{key}'", did_you_mean(key, INDEX_KEYS))
        fields[key] = value_node
    for key in sorted({"version", "taxonomy", "rules"} - fields.keys()):
        log.add(str(index), root, f"rulebook.yaml lacks '{key}'")
    return fields


def _patterns(node: yaml.Node | None) -> list[str]:
    if node is None:
        return []
    raw = value(node)
    return [str(p) for p in raw] if isinstance(raw, list) else [str(raw)]


def _files(base: Path, patterns: list[str], log: ProblemLog) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        try:
            matches = sorted(base.glob(pattern))
        except (ValueError, NotImplementedError) as exc:  # "" or an absolute pattern
            log.add(str(base / INDEX_FILE), None, f"unusable file pattern '{pattern}': {exc}")
            continue
        if not matches:
            log.add(str(base / INDEX_FILE), None, f"no file matches '{pattern}'")
        found += matches
    return found


def _taxonomy(path: Path, log: ProblemLog) -> dict[str, m.Category]:
    root = compose_file(path, log)
    if root is None:
        return {}
    if not is_sequence(root):
        log.add(str(path), root, "the taxonomy is a list of {code, vi, en}")
        return {}
    categories: dict[str, m.Category] = {}
    for node in root.value:
        entry: Any = value(node)
        if (
            not isinstance(entry, dict)
            or not {"code", "vi", "en"} <= entry.keys()
            or not isinstance(entry["code"], str)
        ):
            log.add(str(path), node, "a category needs code (a string), vi and en")
            continue
        labels = {k: str(v) for k, v in entry.items() if k not in ("code", "dsa_category")}
        categories[entry["code"]] = m.Category(entry["code"], labels, entry.get("dsa_category"))
    return categories


def _concepts(
    base: Path, patterns: list[str], log: ProblemLog, located: _Located
) -> dict[str, m.Condition]:
    concepts: dict[str, m.Condition] = {}
    for path in _files(base, patterns, log):
        root = compose_file(path, log)
        if root is None:
            continue
        if not is_mapping(root):
            log.add(str(path), root, "concepts are a mapping of name: condition")
            continue
        parser = ConditionParser(str(path), log)
        for name, key_node, node in mapping_items(root):
            condition = parser.parse(node)
            located.concepts[name] = (str(path), key_node)
            if condition is not None:
                concepts[name] = condition
    return concepts


def _rules(base: Path, patterns: list[str], log: ProblemLog, located: _Located) -> list[m.Rule]:
    rules: list[m.Rule] = []
    for path in _files(base, patterns, log):
        root = compose_file(path, log)
        if root is None:
            continue
        if not is_sequence(root):
            log.add(str(path), root, "a rules file is a list of rules")
            continue
        parser = RuleParser(str(path), log)
        for node in root.value:
            rule = parser.parse(node)
            if rule is not None and _unique(rule, str(path), node, log, located):
                rules.append(rule)
    return rules


def _unique(rule: m.Rule, file: str, node: yaml.Node, log: ProblemLog, located: _Located) -> bool:
    if rule.id in located.rules:
        first_file, first_node = located.rules[rule.id]
        log.add(
            file,
            node,
            f"duplicate rule id '{rule.id}'",
            f"first defined at {first_file}:{first_node.start_mark.line + 1}",
        )
        return False
    located.rules[rule.id] = (file, node)
    return True


def _lists(
    base: Path, index: Path, node: yaml.Node | None, log: ProblemLog
) -> dict[str, m.FlaggedList]:
    lists: dict[str, m.FlaggedList] = {}
    if node is None:
        return lists
    raw: Any = value(node)
    if not isinstance(raw, dict):
        log.add(str(index), node, "lists is a mapping of name: {path, kind}")
        return lists
    for name, spec in raw.items():
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("kind"), str)
            or spec["kind"] not in COLUMNS
            or not isinstance(spec.get("path"), str)
        ):
            log.add(str(index), node, f"list '{name}' needs a path and kind: domains|products")
            continue
        flagged, problems = read_list(name, spec["kind"], base / spec["path"])
        log.problems.extend(problems)
        lists[name] = flagged
    return lists


def _check_references(
    rules: list[m.Rule],
    concepts: dict[str, m.Condition],
    categories: dict[str, m.Category],
    lists: dict[str, m.FlaggedList],
    log: ProblemLog,
    located: _Located,
) -> None:
    for rule in rules:
        file, node = located.rules[rule.id]
        if rule.category not in categories:
            log.add(
                file,
                node,
                f"rule '{rule.id}': unknown category '{rule.category}'",
                did_you_mean(rule.category, categories),
            )
        _check_condition(rule.when, f"rule '{rule.id}'", file, node, concepts, lists, log)
    for name, condition in concepts.items():
        file, node = located.concepts[name]
        _check_condition(condition, f"concept '{name}'", file, node, concepts, lists, log)
        if _reaches(condition, name, concepts, set()):
            log.add(file, node, f"concept '{name}' refers to itself", "break the cycle")


def _check_condition(
    condition: m.Condition,
    owner: str,
    file: str,
    node: yaml.Node,
    concepts: dict[str, m.Condition],
    lists: dict[str, m.FlaggedList],
    log: ProblemLog,
) -> None:
    for part in walk(condition):
        if isinstance(part, m.ConceptRef) and part.name not in concepts:
            log.add(
                file,
                node,
                f"{owner}: unknown concept '{part.name}'",
                did_you_mean(part.name, concepts),
            )
        if isinstance(part, m.ListLookup) and part.name not in lists:
            log.add(
                file, node, f"{owner}: unknown list '{part.name}'", did_you_mean(part.name, lists)
            )


def _reaches(
    condition: m.Condition, target: str, concepts: dict[str, m.Condition], seen: set[str]
) -> bool:
    for part in walk(condition):
        if isinstance(part, m.ConceptRef) and part.name not in seen:
            if part.name == target:
                return True
            seen.add(part.name)
            if part.name in concepts and _reaches(concepts[part.name], target, concepts, seen):
                return True
    return False
