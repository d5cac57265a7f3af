"""Evaluates a condition on a prepared post. A result is None when the condition is false,
otherwise the spans (in the original text) that make it true, possibly none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

from koltrust.screening import model as m
from koltrust.screening.findings import Span
from koltrust.screening.prepared import PreparedPost
from koltrust.screening.products import ProductMatcher
from koltrust.screening.regex_safety import REGEX_TIMEOUT_SECONDS, compile_safely
from koltrust.screening.walk import children

Result = tuple[Span, ...] | None

# rough cost of evaluating each kind of condition, to try cheap ones first in `all`
_BASE_COST: dict[type, int] = {
    m.Phrases: 0,
    m.PaidPartnership: 0,
    m.LinkDomains: 2,
    m.ListLookup: 3,
    m.Regex: 5,
}


class Evaluator:
    """Evaluates the conditions of one rulebook."""

    def __init__(self, rulebook: m.Rulebook) -> None:
        self.rulebook = rulebook
        self.regex_timeouts = 0
        self._regexes: dict[m.Regex, regex.Pattern[str]] = {}
        self._ordered: dict[m.AllOf, tuple[m.Condition, ...]] = {}
        self._domains = {
            name: {entry.value: entry for entry in flagged.entries}
            for name, flagged in rulebook.lists.items()
            if flagged.kind == "domains"
        }
        self._products = {
            name: ProductMatcher(flagged)
            for name, flagged in rulebook.lists.items()
            if flagged.kind == "products"
        }
        self._dispatch: dict[type, Callable[[Any, PreparedPost], Result]] = {
            m.Phrases: self._phrases,
            m.Regex: self._regex,
            m.ConceptRef: self._concept,
            m.LinkDomains: self._link_domains,
            m.ListLookup: self._list,
            m.PaidPartnership: self._paid,
            m.AllOf: self._all,
            m.AnyOf: self._any,
            m.NoneOf: self._none,
            m.Near: self._near,
            m.Position: self._position,
        }

    def evaluate(self, condition: m.Condition, post: PreparedPost) -> Result:
        """The spans that make ``condition`` true on ``post``, or None if it is false."""
        return self._dispatch[type(condition)](condition, post)

    def cost(self, condition: m.Condition) -> int:
        """A rough evaluation cost (regexes dear, phrase look-ups free)."""
        if isinstance(condition, m.ConceptRef):
            return self.cost(self.rulebook.concepts[condition.name])
        base = _BASE_COST.get(type(condition))
        if base is not None:
            return base
        return 1 + max((self.cost(child) for child in children(condition)), default=0)

    def _phrases(self, condition: m.Phrases, post: PreparedPost) -> Result:
        hits = post.phrase_hits.get(condition)
        if not hits:
            return None
        return tuple(Span(*post.text.to_original("view", start, end)) for start, end in hits)

    def _regex(self, condition: m.Regex, post: PreparedPost) -> Result:
        pattern = self._regexes.get(condition)
        if pattern is None:
            pattern = compile_safely(condition.pattern, ignore_case=condition.on_original)
            self._regexes[condition] = pattern
        subject = post.post.text if condition.on_original else post.text.view
        try:
            matches = [
                (mt.start(), mt.end())
                for mt in pattern.finditer(subject, timeout=REGEX_TIMEOUT_SECONDS)
                if mt.end() > mt.start()
            ]
        except TimeoutError:
            self.regex_timeouts += 1
            return None
        if not matches:
            return None
        if condition.on_original:
            return tuple(Span(s, e) for s, e in matches)
        return tuple(Span(*post.text.to_original("view", s, e)) for s, e in matches)

    def _concept(self, condition: m.ConceptRef, post: PreparedPost) -> Result:
        if condition.name not in post.concept_cache:
            post.concept_cache[condition.name] = self.evaluate(
                self.rulebook.concepts[condition.name], post
            )
        cached: Result = post.concept_cache[condition.name]  # type: ignore[assignment]
        return cached

    def _link_domains(self, condition: m.LinkDomains, post: PreparedPost) -> Result:
        hits = [
            link
            for link in post.links
            if any(link.host == d or link.host.endswith("." + d) for d in condition.domains)
        ]
        return tuple(link.span for link in hits if link.span) if hits else None

    def _list(self, condition: m.ListLookup, post: PreparedPost) -> Result:
        if condition.name in self._products:
            found = self._products[condition.name].find(post.text)
            return tuple(hit.span for hit in found) if found else None
        listed = self._domains[condition.name]
        hits = [link for link in post.links if link.domain in listed or link.host in listed]
        return tuple(link.span for link in hits if link.span) if hits else None

    def _paid(self, condition: m.PaidPartnership, post: PreparedPost) -> Result:
        return () if post.post.paid_partnership is condition.value else None

    def _all(self, condition: m.AllOf, post: PreparedPost) -> Result:
        ordered = self._ordered.get(condition)
        if ordered is None:
            ordered = self._ordered[condition] = tuple(sorted(condition.parts, key=self.cost))
        spans: list[Span] = []
        for part in ordered:
            result = self.evaluate(part, post)
            if result is None:
                return None
            spans += result
        return tuple(spans)

    def _any(self, condition: m.AnyOf, post: PreparedPost) -> Result:
        results = [r for r in (self.evaluate(p, post) for p in condition.parts) if r is not None]
        return tuple(span for result in results for span in result) if results else None

    def _none(self, condition: m.NoneOf, post: PreparedPost) -> Result:
        return None if any(self.evaluate(p, post) is not None for p in condition.parts) else ()

    def _near(self, condition: m.Near, post: PreparedPost) -> Result:
        results = [self.evaluate(part, post) for part in condition.parts]
        if any(not result for result in results):
            return None
        return closest_group([r for r in results if r], condition.window)

    def _position(self, condition: m.Position, post: PreparedPost) -> Result:
        result = self.evaluate(condition.of, post)
        if result is None:
            return None
        if not result:
            return ()  # true without a place in the text (a flag, a link field): not placed
        kept = tuple(span for span in result if _placed(span, condition, post))
        return kept or None


def closest_group(groups: list[tuple[Span, ...]], window: int) -> Result:
    """One span from each group, all inside ``window`` characters, or None."""
    for anchor in sorted(span for group in groups for span in group):
        limit = anchor.start + window
        chosen = [
            next((s for s in group if anchor.start <= s.start and s.end <= limit), None)
            for group in groups
        ]
        if all(chosen):
            return tuple(s for s in chosen if s)
    return None


def _placed(span: Span, condition: m.Position, post: PreparedPost) -> bool:
    if condition.outside_hashtag_block and span.start >= post.hashtag_block_start:
        return False
    wants_early = condition.within_first is not None or condition.first_line
    if not wants_early:
        return True
    early = condition.within_first is not None and span.start < condition.within_first
    return early or (condition.first_line and span.start < post.first_line_end)
