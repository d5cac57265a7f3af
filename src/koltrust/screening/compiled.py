"""Rule conditions compiled once into closures that the engine calls per post: what the
``Evaluator`` decides, without looking up each condition's kind, its cost order or whether it
is indexed on every post (a rule evaluation visits about fourteen conditions). The
``Evaluator`` stays the reference: the property tests compare the engine with it (pure)."""

from __future__ import annotations

from collections.abc import Callable

from koltrust.screening import model as m
from koltrust.screening.evaluate import Evaluator, Result, closest_group, placed
from koltrust.screening.findings import Span
from koltrust.screening.prepared import PreparedPost
from koltrust.text.offsets import map_span

Check = Callable[[PreparedPost], Result]


class CompiledConditions:
    """The checks of one evaluator's rulebook, each built on first request and shared (a
    concept is compiled once however many rules refer to it)."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self._checks: dict[m.Condition, Check] = {}

    def check(self, condition: m.Condition) -> Check:
        """The check of ``condition``: the result ``Evaluator.evaluate`` gives."""
        built = self._checks.get(condition)
        if built is None:
            built = self._checks[condition] = self._compile(condition)
        return built

    def _compile(self, condition: m.Condition) -> Check:
        evaluator = self.evaluator
        if isinstance(condition, m.Phrases):
            return _phrases(condition)
        if isinstance(condition, m.PaidPartnership):
            return _paid(condition.value)
        if isinstance(condition, m.LinkDomains):
            return _link_domains(condition, condition in evaluator.indexed)
        if isinstance(condition, m.Regex | m.ListLookup):
            return _leaf(evaluator, condition)
        if isinstance(condition, m.ConceptRef):
            return _concept(condition.name, self.check(evaluator.rulebook.concepts[condition.name]))
        if isinstance(condition, m.AllOf):
            return _all(tuple(map(self.check, evaluator.by_cost(condition))))
        if isinstance(condition, m.AnyOf):
            return _any(tuple(map(self.check, condition.parts)))
        if isinstance(condition, m.NoneOf):
            return _none(tuple(map(self.check, condition.parts)))
        if isinstance(condition, m.Near):
            parts = tuple(map(self.check, evaluator.by_cost(condition)))
            return _near(parts, condition.window)
        return self._position(condition)

    def _position(self, condition: m.Position) -> Check:
        of = self.check(condition.of)
        holds_unplaced = self.evaluator.holds_unplaced

        def check(post: PreparedPost) -> Result:
            result = of(post)
            if result is None:
                return None
            kept = tuple(span for span in result if placed(span, condition, post))
            if kept:
                return kept
            return () if holds_unplaced(condition.of, post) else None

        return check


def _phrases(condition: m.Phrases) -> Check:
    def check(post: PreparedPost) -> Result:
        hits = post.phrase_hits.get(condition)
        if not hits:
            return None
        steps = post.text.steps
        if not steps:  # the view kept every length: its offsets are the original's
            return tuple([Span(start, end) for start, end in hits])
        return tuple([Span(*map_span(steps, start, end)) for start, end in hits])

    return check


def _paid(value: bool) -> Check:
    def check(post: PreparedPost) -> Result:
        return () if post.post.paid_partnership is value else None

    return check


def _leaf(evaluator: Evaluator, condition: m.Regex | m.ListLookup) -> Check:
    evaluate = evaluator.evaluator_of(condition)
    if condition not in evaluator.indexed:
        return lambda post: evaluate(condition, post)

    def check(post: PreparedPost) -> Result:
        if condition not in post.index_hits:  # the engine's indexes rule it out
            return None
        return evaluate(condition, post)

    return check


def _link_domains(condition: m.LinkDomains, indexed: bool) -> Check:
    domains = frozenset(condition.domains)

    def check(post: PreparedPost) -> Result:
        if indexed and condition not in post.index_hits:  # no domain of it is in the post
            return None
        hits = [link for link in post.links if _on_any(link.host, domains)]
        return tuple(link.span for link in hits if link.span) if hits else None

    return check


def _on_any(host: str, domains: frozenset[str]) -> bool:
    """``any(on_domain(link, domain) for domain in domains)`` for a link on ``host``: the host,
    or what follows one of its dots, is one of the domains."""
    while host not in domains:
        dot = host.find(".")
        if dot < 0:
            return False
        host = host[dot + 1 :]
    return True


def _concept(name: str, inner: Check) -> Check:
    def check(post: PreparedPost) -> Result:
        cache = post.concept_cache
        if name in cache:
            cached: Result = cache[name]  # type: ignore[assignment]
            return cached
        result = cache[name] = inner(post)
        return result

    return check


def _all(parts: tuple[Check, ...]) -> Check:
    def check(post: PreparedPost) -> Result:
        spans: list[Span] = []
        for part in parts:
            result = part(post)
            if result is None:
                return None
            spans += result
        return tuple(spans)

    return check


def _any(parts: tuple[Check, ...]) -> Check:
    def check(post: PreparedPost) -> Result:
        spans: list[Span] = []
        held = False
        for part in parts:  # every part, for every span
            result = part(post)
            if result is not None:
                held = True
                spans += result
        return tuple(spans) if held else None

    return check


def _none(parts: tuple[Check, ...]) -> Check:
    def check(post: PreparedPost) -> Result:
        for part in parts:
            if part(post) is not None:
                return None
        return ()

    return check


def _near(parts: tuple[Check, ...], window: int) -> Check:
    def check(post: PreparedPost) -> Result:
        results = []
        for part in parts:
            result = part(post)
            if not result:  # false, or true without a place: no span can be near another
                return None
            results.append(result)
        return closest_group(results, window)

    return check
