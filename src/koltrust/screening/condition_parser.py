"""Turns the YAML of a condition into the condition model, logging every problem found."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from koltrust.screening import model as m
from koltrust.screening.problems import ProblemLog, did_you_mean
from koltrust.screening.regex_safety import UnsafeRegex, compile_safely
from koltrust.screening.yamlnodes import is_mapping, is_sequence, is_string, mapping_items, value

_POSITION_KEYS = {"of", "within_first", "first_line", "outside_hashtag_block"}


class ConditionParser:
    """Parses conditions of one file; problems go to the shared log."""

    def __init__(self, file: str, log: ProblemLog) -> None:
        self.file = file
        self.log = log
        self._handlers: dict[str, Callable[[yaml.Node], m.Condition | None]] = {
            "phrases": self._phrases,
            "regex": self._regex,
            "concept": self._concept,
            "link_domains": self._link_domains,
            "list": self._list,
            "paid_partnership": self._paid_partnership,
            "all": self._all,
            "any": self._any,
            "none": self._none,
            "near": self._near,
            "position": self._position,
        }

    def parse(self, node: yaml.Node) -> m.Condition | None:
        """The condition at ``node``, or None when it is invalid (problems logged)."""
        if not is_mapping(node) or len(node.value) != 1:
            self._problem(
                node,
                "a condition is a mapping with exactly one key",
                "use one of: " + ", ".join(sorted(self._handlers)),
            )
            return None
        ((key, key_node, value_node),) = mapping_items(node)
        handler = self._handlers.get(key)
        if handler is None:
            self._problem(key_node, f"unknown condition '{key}'", did_you_mean(key, self._handlers))
            return None
        return handler(value_node)

    def _problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.log.add(self.file, node, message, hint)

    def _strings(self, node: yaml.Node, what: str) -> tuple[str, ...] | None:
        if not is_sequence(node) or not node.value or not all(is_string(n) for n in node.value):
            self._problem(node, f"{what} must be a non-empty list of strings")
            return None
        items = tuple(str(value(n)).strip() for n in node.value)
        if any(not item for item in items):
            self._problem(node, f"{what} must not contain empty strings")
            return None
        return items

    def _phrases(self, node: yaml.Node) -> m.Condition | None:
        terms = self._strings(node, "phrases")
        return m.Phrases(terms) if terms else None

    def _regex(self, node: yaml.Node) -> m.Condition | None:
        pattern_node, on_original = node, False
        if is_mapping(node):
            fields = {k: v for k, _, v in mapping_items(node)}
            pattern_node = fields.get("pattern", node)
            on = value(fields["on"]) if "on" in fields else "view"
            if on not in ("view", "original"):
                self._problem(fields["on"], "'on' must be 'view' or 'original'")
            on_original = on == "original"
        if not is_string(pattern_node):
            self._problem(node, "regex must be a string or {pattern: ..., on: view|original}")
            return None
        pattern = str(value(pattern_node))
        try:
            compile_safely(pattern, ignore_case=on_original)
        except UnsafeRegex as exc:
            self._problem(pattern_node, f"regex refused: {exc}")
            return None
        return m.Regex(pattern, on_original)

    def _concept(self, node: yaml.Node) -> m.Condition | None:
        if not is_string(node):
            self._problem(node, "concept must name a concept from concepts.yaml")
            return None
        return m.ConceptRef(str(value(node)))

    def _link_domains(self, node: yaml.Node) -> m.Condition | None:
        domains = self._strings(node, "link_domains")
        return m.LinkDomains(tuple(d.lower().lstrip(".") for d in domains)) if domains else None

    def _list(self, node: yaml.Node) -> m.Condition | None:
        if not is_string(node):
            self._problem(node, "list must name a list from rulebook.yaml")
            return None
        return m.ListLookup(str(value(node)))

    def _paid_partnership(self, node: yaml.Node) -> m.Condition | None:
        flag = value(node)
        if not isinstance(flag, bool):
            self._problem(node, "paid_partnership must be true or false")
            return None
        return m.PaidPartnership(flag)

    def _children(self, node: yaml.Node, what: str) -> tuple[m.Condition, ...] | None:
        if not is_sequence(node) or not node.value:
            self._problem(node, f"'{what}' must be a non-empty list of conditions")
            return None
        parts = [self.parse(child) for child in node.value]
        return None if any(p is None for p in parts) else tuple(p for p in parts if p)

    def _all(self, node: yaml.Node) -> m.Condition | None:
        parts = self._children(node, "all")
        return m.AllOf(parts) if parts else None

    def _any(self, node: yaml.Node) -> m.Condition | None:
        parts = self._children(node, "any")
        return m.AnyOf(parts) if parts else None

    def _none(self, node: yaml.Node) -> m.Condition | None:
        parts = self._children(node, "none")
        return m.NoneOf(parts) if parts else None

    def _near(self, node: yaml.Node) -> m.Condition | None:
        fields = self._fields(node, {"window", "all"}, required={"window", "all"}, what="near")
        if fields is None:
            return None
        window = value(fields["window"])
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            self._problem(fields["window"], "window must be a positive number of characters")
            return None
        parts = self._children(fields["all"], "all")
        if parts and len(parts) < 2:
            self._problem(fields["all"], "near needs at least two conditions")
            return None
        return m.Near(window, parts) if parts else None

    def _position(self, node: yaml.Node) -> m.Condition | None:
        fields = self._fields(node, _POSITION_KEYS, required={"of"}, what="position")
        if fields is None:
            return None
        of = self.parse(fields["of"])
        within = value(fields["within_first"]) if "within_first" in fields else None
        if within is not None and (not isinstance(within, int) or within < 1):
            self._problem(fields["within_first"], "within_first must be a positive integer")
            return None
        flags = {
            k: value(fields[k]) is True
            for k in ("first_line", "outside_hashtag_block")
            if k in fields
        }
        if of is None:
            return None
        return m.Position(
            of, within, flags.get("first_line", False), flags.get("outside_hashtag_block", False)
        )

    def _fields(
        self, node: yaml.Node, allowed: set[str], *, required: set[str], what: str
    ) -> dict[str, yaml.Node] | None:
        if not is_mapping(node):
            self._problem(node, f"'{what}' must be a mapping")
            return None
        fields: dict[str, yaml.Node] = {}
        for key, key_node, value_node in mapping_items(node):
            if key not in allowed:
                self._problem(
                    key_node, f"unknown key '{key}' in {what}", did_you_mean(key, allowed)
                )
                return None
            fields[key] = value_node
        missing = required - fields.keys()
        if missing:
            self._problem(node, f"{what} needs: {', '.join(sorted(missing))}")
            return None
        return fields
