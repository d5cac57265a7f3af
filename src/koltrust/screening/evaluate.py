"""Evaluates a condition on a prepared post. A result is None when the condition is false,
otherwise the spans (in the original text) that make it true, possibly none."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import regex

from koltrust.screening import model as m
from koltrust.screening.findings import Span
from koltrust.screening.links import Link, on_domain
from koltrust.screening.prepared import PreparedPost
from koltrust.screening.products import ProductMatcher, product_matchers
from koltrust.screening.regex_literals import Literals, required_literals
from koltrust.screening.regex_safety import REGEX_TIMEOUT_SECONDS, compile_safely
from koltrust.screening.triggers import Key
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

    def __init__(
        self,
        rulebook: m.Rulebook,
        *,
        indexed: frozenset[Key] = frozenset(),
        products: Mapping[str, ProductMatcher] | None = None,
    ) -> None:
        self.rulebook = rulebook
        # conditions that cannot hold for a post unless they are among its index hits
        self.indexed = indexed
        self.regex_timeouts = 0
        self._regexes: dict[m.Regex, tuple[regex.Pattern[str], Literals | None]] = {}
        self._ordered: dict[m.AllOf | m.Near, tuple[m.Condition, ...]] = {}
        self._domains = {
            name: {entry.value: entry for entry in flagged.entries}
            for name, flagged in rulebook.lists.items()
            if flagged.kind == "domains"
        }
        self._products = dict(products) if products is not None else product_matchers(rulebook)
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

    def evaluator_of(self, condition: m.Condition) -> Callable[[Any, PreparedPost], Result]:
        """The method that evaluates conditions of the kind of ``condition``."""
        return self._dispatch[type(condition)]

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
        if self._ruled_out(condition, post):
            return None
        compiled = self._regexes.get(condition)
        if compiled is None:
            compiled = self._regexes[condition] = _compile(condition)
        pattern, literals = compiled
        subject = post.post.text if condition.on_original else post.text.view
        if literals is not None and not literals.may_match(subject):
            return None
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

    def _ruled_out(self, condition: Key, post: PreparedPost) -> bool:
        """True when the engine's indexes showed that ``condition`` cannot hold."""
        return condition in self.indexed and condition not in post.index_hits

    def _link_domains(self, condition: m.LinkDomains, post: PreparedPost) -> Result:
        if self._ruled_out(condition, post):
            return None
        hits = self._links_on(condition, post)
        return tuple(link.span for link in hits if link.span) if hits else None

    def _list(self, condition: m.ListLookup, post: PreparedPost) -> Result:
        if self._ruled_out(condition, post):
            return None
        if condition.name in self._products:
            found = self._products[condition.name].find(post.text, post.view_literals)
            return tuple(hit.span for hit in found) if found else None
        hits = self._links_on(condition, post)
        return tuple(link.span for link in hits if link.span) if hits else None

    def _links_on(self, condition: m.LinkDomains | m.ListLookup, post: PreparedPost) -> list[Link]:
        """The post's links on the condition's domains or on its list of flagged domains."""
        if isinstance(condition, m.LinkDomains):
            domains = condition.domains
            return [link for link in post.links if any(on_domain(link, d) for d in domains)]
        listed = self._domains.get(condition.name, {})
        return [link for link in post.links if link.domain in listed or link.host in listed]

    def _paid(self, condition: m.PaidPartnership, post: PreparedPost) -> Result:
        return () if post.post.paid_partnership is condition.value else None

    def by_cost(self, condition: m.AllOf | m.Near) -> tuple[m.Condition, ...]:
        """The parts of ``condition``, cheapest first (the order they are evaluated in)."""
        ordered = self._ordered.get(condition)
        if ordered is None:
            ordered = self._ordered[condition] = tuple(sorted(condition.parts, key=self.cost))
        return ordered

    def _all(self, condition: m.AllOf, post: PreparedPost) -> Result:
        spans: list[Span] = []
        for part in self.by_cost(condition):
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
        results = []
        for part in self.by_cost(condition):
            result = self.evaluate(part, post)
            if not result:  # false, or true without a place: no span can be near another
                return None
            results.append(result)
        return closest_group(results, condition.window)

    def _position(self, condition: m.Position, post: PreparedPost) -> Result:
        result = self.evaluate(condition.of, post)
        if result is None:
            return None
        kept = tuple(span for span in result if placed(span, condition, post))
        if kept:
            return kept
        return () if self.holds_unplaced(condition.of, post) else None

    def holds_unplaced(self, condition: m.Condition, post: PreparedPost) -> bool:
        """Whether ``condition`` is true through a part without a place in the text (the
        paid-partnership flag, a link in the links field), which no position can rule out,
        even when its other parts matched only out of place (#ad in the hashtag block)."""
        if isinstance(condition, m.ConceptRef):
            return self.holds_unplaced(self.rulebook.concepts[condition.name], post)
        if isinstance(condition, m.AnyOf):
            return any(self.holds_unplaced(part, post) for part in condition.parts)
        if isinstance(condition, m.LinkDomains) or (
            isinstance(condition, m.ListLookup) and condition.name in self._domains
        ):
            return any(link.span is None for link in self._links_on(condition, post))
        return self.evaluate(condition, post) == ()


def _compile(condition: m.Regex) -> tuple[regex.Pattern[str], Literals | None]:
    """The pattern, and the literals a post must hold for it to be worth running."""
    ignore_case = condition.on_original
    pattern = compile_safely(condition.pattern, ignore_case=ignore_case)
    return pattern, required_literals(condition.pattern, ignore_case=ignore_case)


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


def placed(span: Span, condition: m.Position, post: PreparedPost) -> bool:
    """Whether ``span`` is where ``condition`` wants it."""
    if condition.outside_hashtag_block and span.start >= post.hashtag_block_start:
        return False
    wants_early = condition.within_first is not None or condition.first_line
    if not wants_early:
        return True
    early = condition.within_first is not None and span.start < condition.within_first
    return early or (condition.first_line and span.start < post.first_line_end)
