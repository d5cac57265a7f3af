"""The engine's compiled conditions agree with the evaluator's (the engine property tests
compare them on whole rulebooks; this checks a piece on its own)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening.compiled import _on_any
from koltrust.screening.findings import Span
from koltrust.screening.links import Link, on_domain

LABELS = st.text(alphabet="ab.-", min_size=0, max_size=8)


@given(host=LABELS.filter(bool), domains=st.lists(LABELS, max_size=4))
@settings(max_examples=500, deadline=None, derandomize=True)
def test_a_host_is_on_one_of_the_domains_as_on_domain_says(host: str, domains: list[str]) -> None:
    link = Link("http://" + host, host, host, Span(0, 1))

    assert _on_any(host, frozenset(domains)) == any(on_domain(link, d) for d in domains)
