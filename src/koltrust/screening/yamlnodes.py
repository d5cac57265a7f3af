"""Reading YAML as nodes, so that every value keeps the file position it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from koltrust.screening.problems import ProblemLog


def compose_file(path: Path, log: ProblemLog) -> yaml.Node | None:
    """The node tree of a YAML file, or None (with the problem logged) when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        log.add(str(path), None, f"cannot read the file: {exc}")
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        node = yaml.ScalarNode("tag:yaml.org,2002:null", "", start_mark=mark, end_mark=mark)
        log.add(str(path), node if mark else None, f"not valid YAML: {exc.problem}")
        return None


def value(node: yaml.Node) -> Any:
    """The plain Python value of a node (strings, numbers, dates, lists, dicts); a scalar
    YAML cannot construct (an impossible date such as 2026-13-45) stays the text it was."""
    # a fresh constructor each time: one shared across loads would keep every node it ever
    # built, and one that raised would refuse its node as "recursive" from then on
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except (ValueError, ConstructorError):
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [value(child) for child in node.value]
        return {str(k.value): value(v) for k, v in node.value}


def mapping_items(node: yaml.Node) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key, key node, value node) of a mapping node."""
    assert isinstance(node, yaml.MappingNode)
    return [(str(k.value), k, v) for k, v in node.value]


def is_mapping(node: yaml.Node) -> bool:
    """True for a YAML mapping."""
    return isinstance(node, yaml.MappingNode)


def is_sequence(node: yaml.Node) -> bool:
    """True for a YAML list."""
    return isinstance(node, yaml.SequenceNode)


def is_string(node: yaml.Node) -> bool:
    """True for a scalar that YAML reads as a string."""
    return isinstance(node, yaml.ScalarNode) and isinstance(value(node), str)
