"""Time-coded text through the screening engine: findings that say when, and where from.

Units (caption cues, on-screen lines, speech segments) are screened together, a few minutes at
a time, so that a rule needing two things (a supplement and its missing disclaimer) sees what
was said and what was shown. Each finding is then split back onto the units its spans fall in.
Advertising disclosure is judged by time instead of by position in a text: see ``disclosure``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace

from koltrust.media.disclosure import undisclosed_selling
from koltrust.media.findings import MediaFinding, UnitSpan
from koltrust.media.timed import TimedText
from koltrust.screening import model as m
from koltrust.screening.engine import Engine
from koltrust.screening.findings import Finding, Post, Span, excerpt
from koltrust.screening.walk import walk
from koltrust.text.langid import identify

CHUNK_SECONDS = 300.0
CHUNK_CHARS = 20_000
# findings of one rule from one source this close in time are one finding
MERGE_GAP_SECONDS = 5.0
POSITIONAL_CONCEPT_PREFIX = "disclosed_up_front"


def screen_units(
    engine: Engine,
    units: Sequence[TimedText],
    *,
    language: str | None = None,
    paid_partnership: bool = False,
    disclosure_window: float = 60.0,
) -> list[MediaFinding]:
    """Every finding in ``units`` (in time order), with the time-window disclosure check in
    place of the position-based ones. A unit is screened in its own language when it has one
    (Vietnamese on screen over English speech is common), else in ``language``, else in the
    language of the text around it."""
    positional = positional_rule_ids(engine.rulebook)
    findings: list[MediaFinding] = []
    languages: dict[int, str] = {}
    for chunk in _chunks(units):
        fallback = language or _language_of([units[i].text for i in chunk])
        by_language: dict[str, list[int]] = {}
        for number in chunk:
            by_language.setdefault(units[number].language or fallback, []).append(number)
        for chunk_language, numbers in by_language.items():
            languages.update(dict.fromkeys(numbers, chunk_language))
            findings.extend(_screen_chunk(engine, units, numbers, chunk_language, positional))
    findings.extend(
        undisclosed_selling(
            engine,
            units,
            languages,
            paid_partnership=paid_partnership,
            window=disclosure_window,
        )
    )
    findings.sort(key=lambda f: (f.t_start, f.finding.rule_id, f.source.value))
    return findings


def positional_rule_ids(rulebook: m.Rulebook) -> frozenset[str]:
    """Rules that judge a disclosure by where it sits in a text (the first characters, outside
    the hashtags): meaningless for speech and captions, so time replaces them."""
    return frozenset(
        rule.id
        for rule in rulebook.rules
        if any(
            isinstance(node, m.ConceptRef) and node.name.startswith(POSITIONAL_CONCEPT_PREFIX)
            for node in walk(rule.when)
        )
    )


def _language_of(texts: Sequence[str]) -> str:
    return identify(" ".join(texts)[:5_000]).language


def _chunks(units: Sequence[TimedText]) -> Iterator[list[int]]:
    """Unit numbers in groups of at most CHUNK_SECONDS and CHUNK_CHARS, in time order."""
    order = sorted(range(len(units)), key=lambda i: (units[i].t_start, units[i].source.value))
    chunk: list[int] = []
    chars = 0
    for number in order:
        unit = units[number]
        if chunk and (
            unit.t_start - units[chunk[0]].t_start >= CHUNK_SECONDS
            or chars + len(unit.text) > CHUNK_CHARS
        ):
            yield chunk
            chunk, chars = [], 0
        chunk.append(number)
        chars += len(unit.text) + 1
    if chunk:
        yield chunk


def _screen_chunk(
    engine: Engine,
    units: Sequence[TimedText],
    chunk: list[int],
    language: str,
    positional: frozenset[str],
) -> list[MediaFinding]:
    """Findings of one chunk. A rule the chunk as a whole breaks is reported on each unit that
    breaks it alone (precise times); when no single unit does (the product in one sentence,
    the claim in the next), once, over the units its evidence spans. A unit's finding the
    whole chunk contradicts (a disclaimer said in another sentence) is dropped."""
    starts: list[int] = []
    offset = 0
    for number in chunk:
        starts.append(offset)
        offset += len(units[number].text) + 1
    text = "\n".join(units[number].text for number in chunk)
    whole = engine.screen(Post(text=text, language=language)).findings
    broken = {finding.rule_id: finding for finding in whole if finding.rule_id not in positional}
    alone: dict[str, list[MediaFinding]] = {}
    for number in chunk:
        for finding in engine.screen(Post(text=units[number].text, language=language)).findings:
            if finding.rule_id in broken:
                spans = tuple(UnitSpan(number, s.start, s.end) for s in finding.spans)
                alone.setdefault(finding.rule_id, []).append(_placed(finding, units, spans))
    placed: list[MediaFinding] = []
    for rule_id, finding in broken.items():
        if rule_id in alone:
            placed.extend(_merged(alone[rule_id], units))
        else:
            spans = tuple(
                s for span in finding.spans for s in _unit_spans(span, units, chunk, starts)
            )
            placed.append(_placed(finding, units, spans or tuple(UnitSpan(n, 0, 0) for n in chunk)))
    return placed


def _placed(
    finding: Finding, units: Sequence[TimedText], spans: tuple[UnitSpan, ...]
) -> MediaFinding:
    """``finding`` over ``spans``: timed from the first of their units to the last, shown
    (source, excerpt) at the unit where the evidence ends, where the rule became broken."""
    ordered = sorted(spans, key=lambda s: (units[s.unit].t_start, s.unit, s.start))
    last = ordered[-1]
    shown_spans = tuple(
        Span(s.start, s.end) for s in ordered if s.unit == last.unit and s.end > s.start
    )
    quoted = excerpt(units[last.unit].text, shown_spans or (Span(0, 0),))
    first = ordered[0]
    if first.unit != last.unit:  # the context it needed, then where it broke
        quoted = f"{excerpt(units[first.unit].text, (Span(first.start, first.end),))} / {quoted}"
    shown = replace(finding, spans=shown_spans, excerpt=quoted)
    return MediaFinding(
        shown,
        units[last.unit].source,
        min(units[s.unit].t_start for s in ordered),
        max(units[s.unit].t_end for s in ordered),
        tuple(s for s in ordered if s.end > s.start),
    )


def _merged(findings: list[MediaFinding], units: Sequence[TimedText]) -> list[MediaFinding]:
    """One rule's unit findings, those of one source close together in time made one."""
    findings.sort(key=lambda f: (f.source.value, f.t_start))
    merged: list[MediaFinding] = []
    for finding in findings:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.source is finding.source
            and finding.t_start - last.t_end <= MERGE_GAP_SECONDS
        ):
            merged[-1] = replace(
                last, t_end=max(last.t_end, finding.t_end), spans=last.spans + finding.spans
            )
        else:
            merged.append(finding)
    return merged


def _unit_spans(
    span: Span, units: Sequence[TimedText], chunk: list[int], starts: list[int]
) -> Iterator[UnitSpan]:
    """The pieces of a span of the chunk's text, as spans of its units (separators dropped)."""
    position = max(bisect_right(starts, span.start) - 1, 0)
    while position < len(chunk) and starts[position] < span.end:
        number = chunk[position]
        begin = starts[position]
        end = begin + len(units[number].text)
        if span.start < end and span.end > begin:
            yield UnitSpan(number, max(span.start, begin) - begin, min(span.end, end) - begin)
        position += 1
