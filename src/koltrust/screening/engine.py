"""The screening engine: one pass of the phrase automaton, then only the rules it selected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from koltrust.screening import model as m
from koltrust.screening.compiled import Check, CompiledConditions
from koltrust.screening.evaluate import Evaluator
from koltrust.screening.findings import Finding, Post, ScreeningResult, Span, excerpt
from koltrust.screening.literal_index import LiteralIndex
from koltrust.screening.original_index import OriginalTextIndex
from koltrust.screening.phrase_index import PhraseIndex
from koltrust.screening.prepared import PreparedPost
from koltrust.screening.products import product_matchers
from koltrust.screening.triggers import Key, trigger
from koltrust.screening.walk import walk
from koltrust.text.langid import identify
from koltrust.text.normalise import normalise

DEFAULT_MAX_CHARS = 100_000
COMMERCIAL_CONCEPT = "commercial_signals"

C = TypeVar("C", m.Phrases, m.Regex, m.LinkDomains, m.ListLookup)


class TextTooLong(ValueError):
    """A post longer than the engine accepts."""


class FindingProducer(Protocol):
    """Anything that adds findings for a prepared post (claim matching plugs in here)."""

    name: str

    def produce(self, post: PreparedPost) -> Iterable[Finding]:
        """Findings for ``post``."""
        ...


class Engine:
    """Screens posts against one rulebook (and any extra producers)."""

    def __init__(
        self,
        rulebook: m.Rulebook,
        *,
        producers: Iterable[FindingProducer] = (),
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.rulebook = rulebook
        self.producers = tuple(producers)
        self.max_chars = max_chars
        self._literals = LiteralIndex(_all_of(rulebook, m.Regex))
        products = product_matchers(rulebook)
        self._product_lookups = [
            (lookup, products[lookup.name])
            for lookup in _all_of(rulebook, m.ListLookup)
            if lookup.name in products
        ]
        parts = {part for matcher in products.values() for part in matcher.parts}
        view_literals = self._literals.view_literals | parts
        self._index = PhraseIndex(_all_of(rulebook, m.Phrases), view_literals)
        self._original = OriginalTextIndex(
            [*_all_of(rulebook, m.LinkDomains), *_all_of(rulebook, m.ListLookup)],
            rulebook.lists,
            self._literals.original_literals,
        )
        self.indexed: frozenset[Key] = frozenset(
            [*self._literals.indexed, *self._original.indexed]
            + [lookup for lookup, _ in self._product_lookups]
        )
        self.evaluator = Evaluator(rulebook, indexed=self.indexed, products=products)
        compiled = self._compiled = CompiledConditions(self.evaluator)
        self._concept_checks: dict[str, Check] = {}
        # rules by their place in the rulebook, which is the order they are evaluated in
        self._rules = [(rule, compiled.check(rule.when)) for rule in rulebook.rules]
        self._commercial = (
            compiled.check(m.ConceptRef(COMMERCIAL_CONCEPT))
            if COMMERCIAL_CONCEPT in rulebook.concepts
            else None
        )
        self._always: dict[str, tuple[int, ...]] = {}
        self._by_key: dict[str, dict[Key, tuple[int, ...]]] = {}
        for language in m.LANGUAGES:
            self._register(language)

    def _register(self, language: str) -> None:
        always: list[int] = []
        by_key: dict[Key, list[int]] = defaultdict(list)
        for number, (rule, _) in enumerate(self._rules):
            if not rule.applies_to(language):
                continue
            needed = trigger(rule.when, self.rulebook.concepts, self.indexed)
            if needed is None:
                always.append(number)
            else:
                for key in needed:
                    by_key[key].append(number)
        self._always[language] = tuple(always)
        self._by_key[language] = {key: tuple(numbers) for key, numbers in by_key.items()}

    def warm(self, posts: Sequence[Post]) -> None:
        """Let the producers prepare for many posts at once (claim matching embeds them in
        one batch); a producer without ``warm`` needs nothing."""
        for producer in self.producers:
            prepare = getattr(producer, "warm", None)
            if callable(prepare):
                prepare(posts)

    def prepare(self, post: Post) -> PreparedPost:
        """Language, normalised views and phrase hits of ``post``."""
        screened = with_hashtags(post)
        if len(screened.text) > self.max_chars:
            raise TextTooLong(_too_long(post, screened, self.max_chars))
        if post.language in m.LANGUAGES:
            language, confidence = post.language, 1.0
        else:
            guess = identify(post.text)
            language, confidence = guess.language, guess.confidence
        post = screened
        text = normalise(post.text)
        hits, in_view = self._index.scan(text.view)
        links, in_original = self._original.scan(post.text, post.links)
        keys: set[Key] = set(links)
        keys.update(self._literals.regexes(in_view, in_original))
        for lookup, matcher in self._product_lookups:
            if matcher.has_candidates(in_view):
                keys.add(lookup)
        return PreparedPost(post, text, language, confidence, hits, frozenset(keys), in_view)

    def screen(self, post: Post) -> ScreeningResult:
        """Every finding for ``post``, ordered by position then rule. Findings in the hashtags
        field have no span (spans point into the text) but show the hashtag in the excerpt."""
        prepared = self.prepare(post)
        findings = [
            self._finding(rule, spans, prepared, len(post.text))
            for rule, spans in self._matches(prepared)
        ]
        for producer in self.producers:
            findings.extend(producer.produce(prepared))
        findings.sort(key=lambda f: (f.spans[0].start if f.spans else -1, f.rule_id))
        return ScreeningResult(
            post.id,
            prepared.language,
            prepared.language_confidence,
            tuple(findings),
            commercial=self.commercial(prepared),
        )

    def commercial(self, prepared: PreparedPost) -> bool:
        """Whether the post carries commercial signals or the paid-partnership label."""
        if prepared.post.paid_partnership:
            return True
        return self._commercial is not None and self._commercial(prepared) is not None

    def concept_spans(self, prepared: PreparedPost, name: str) -> tuple[Span, ...] | None:
        """Where the rulebook's concept ``name`` matches ``prepared``; None when it matches
        nowhere or the rulebook has no such concept (media screening asks for disclosures)."""
        if name not in self.rulebook.concepts:
            return None
        check = self._concept_checks.get(name)
        if check is None:
            check = self._concept_checks[name] = self._compiled.check(m.ConceptRef(name))
        spans = check(prepared)
        return None if spans is None else tuple(sorted(set(spans)))

    def _candidates(self, prepared: PreparedPost) -> list[tuple[m.Rule, Check]]:
        """The rules that may match ``prepared`` (its language's rules none of whose needed
        keys are absent), with their checks, in rulebook order."""
        by_key = self._by_key.get(prepared.language, {})
        chosen = set(self._always.get(prepared.language, ()))
        for keys in (prepared.phrase_hits, prepared.index_hits):
            for key in keys:
                numbers = by_key.get(key)
                if numbers is not None:
                    chosen.update(numbers)
        if not chosen:  # most posts
            return []
        rules = self._rules
        return [rules[number] for number in sorted(chosen)]

    def _matches(self, prepared: PreparedPost) -> list[tuple[m.Rule, tuple[Span, ...]]]:
        matched = []
        for rule, check in self._candidates(prepared):
            spans = check(prepared)
            if spans is not None:
                matched.append((rule, tuple(sorted(set(spans)))))
        return matched

    def _finding(
        self, rule: m.Rule, spans: tuple[Span, ...], post: PreparedPost, text_length: int
    ) -> Finding:
        category = self.rulebook.categories[rule.category]
        return Finding(
            rule_id=rule.id,
            rule_version=rule.version,
            rulebook_version=self.rulebook.version,
            category=rule.category,
            severity=rule.severity.value,
            confidence=rule.confidence,
            spans=tuple(span for span in spans if span.end <= text_length),
            excerpt=excerpt(post.post.text, spans),
            explanation=rule.explanation,
            remedy=rule.remedy,
            legal_basis=rule.legal_basis,
            shadow=rule.status is m.RuleStatus.SHADOW,
            dsa_category=rule.dsa_category or category.dsa_category,
        )


def with_hashtags(post: Post) -> Post:
    """``post`` with its hashtags field written after the text as the trailing block of
    hashtags it is on the platform (so it counts as such for position rules)."""
    if not post.hashtags:
        return post
    tags = [tag.strip().lstrip("#") for tag in post.hashtags]
    block = " ".join(f"#{tag}" for tag in tags if tag)
    if not block:
        return post
    return replace(post, text=f"{post.text}\n\n{block}", hashtags=())


def _too_long(post: Post, screened: Post, limit: int) -> str:
    if screened is post:
        return f"the text has {len(post.text)} characters; the limit is {limit}"
    return (
        f"the text and its hashtags have {len(screened.text)} characters together; "
        f"the limit is {limit}"
    )


def _all_of(rulebook: m.Rulebook, kind: type[C]) -> list[C]:
    roots = [rule.when for rule in rulebook.rules] + list(rulebook.concepts.values())
    return [c for root in roots for c in walk(root) if isinstance(c, kind)]
