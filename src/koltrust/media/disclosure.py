"""Advertising announced "immediately before and during" selling, judged by time.

The amended Advertising Law (Art. 15a) asks a livestreamer to announce the advertising right
before and while selling. A moment of selling (a unit with commercial signals: a discount code,
a shop link, a price with a call to buy) is covered when a disclosure ("quảng cáo", "hợp tác",
"#ad"...) is said, captioned or shown from ``window`` seconds before it until it ends; a
persistent on-screen label covers everything it is shown with. Uncovered moments close together
become one ``undisclosed_advertising`` finding with their time range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from koltrust.media.findings import MediaFinding, UnitSpan
from koltrust.media.timed import TimedText, clock
from koltrust.screening import model as m
from koltrust.screening.engine import Engine
from koltrust.screening.findings import Finding, Post, Span, excerpt
from koltrust.screening.prepared import PreparedPost

RULE_ID = "media.ads.undisclosed_in_time"
CATEGORY = "undisclosed_advertising"
MARKET_LANGUAGE = "vi"

EXPLANATION = {
    "vi": (
        "Từ {start} đến {end} có nội dung bán hàng (mã giảm giá, link mua, giá kèm lời kêu gọi "
        "mua) nhưng trong {window} giây trước đó và trong lúc bán không có lời nói, phụ đề hay "
        "chữ trên màn hình nào thông báo đây là quảng cáo. Luật Quảng cáo sửa đổi yêu cầu thông "
        "báo rõ ràng ngay trước và trong khi quảng cáo, kể cả khi livestream."
    ),
    "en": (
        "From {start} to {end} the media sells (discount code, shop link, a price with a call "
        "to buy) but nothing said, captioned or shown on screen in the {window} seconds before "
        "or during it announces advertising. The amended Advertising Law requires a clear "
        "announcement immediately before and during advertising, livestreams included."
    ),
}


@dataclass(frozen=True)
class _Moment:
    unit: int
    spans: tuple[Span, ...]


def undisclosed_selling(
    engine: Engine,
    units: Sequence[TimedText],
    languages: Mapping[int, str],
    *,
    paid_partnership: bool,
    window: float,
) -> list[MediaFinding]:
    """``undisclosed_advertising`` findings (as ``MediaFinding``) for selling moments with no
    disclosure from ``window`` seconds before them to their end."""
    if paid_partnership:
        return []
    moments, disclosed = _moments_and_disclosures(engine, units, languages)
    uncovered = [
        moment for moment in moments if not _covered(units[moment.unit], disclosed, window)
    ]
    findings: list[MediaFinding] = []
    for group in _close_together(uncovered, units, window):
        first = units[group[0].unit]
        language = languages.get(group[0].unit, "vi")
        finding = _finding(engine.rulebook, language, first, group, units, window)
        spans = tuple(UnitSpan(g.unit, s.start, s.end) for g in group for s in g.spans)
        findings.append(
            MediaFinding(
                finding,
                first.source,
                first.t_start,
                max(units[moment.unit].t_end for moment in group),
                spans,
            )
        )
    return findings


def _moments_and_disclosures(
    engine: Engine, units: Sequence[TimedText], languages: Mapping[int, str]
) -> tuple[list[_Moment], list[TimedText]]:
    moments: list[_Moment] = []
    disclosed: list[TimedText] = []
    for number, unit in enumerate(units):
        language = languages.get(number, "vi")
        prepared = engine.prepare(Post(text=unit.text, language=language))
        if _discloses(engine, prepared, language):
            disclosed.append(unit)
        if engine.commercial(prepared):
            spans = engine.concept_spans(prepared, "commercial_signals") or ()
            moments.append(_Moment(number, spans))
    moments.sort(key=lambda moment: units[moment.unit].t_start)
    return moments, disclosed


def _discloses(engine: Engine, prepared: PreparedPost, language: str) -> bool:
    """A disclosure in the unit's language, or in Vietnamese (the market's: a "Quảng cáo"
    label over English speech counts), that is not a denial ("không phải quảng cáo")."""
    for code in dict.fromkeys((language, MARKET_LANGUAGE)):
        if engine.concept_spans(prepared, f"disclosure_{code}") is not None:
            return engine.concept_spans(prepared, f"ad_denial_{code}") is None
    return False


def _covered(unit: TimedText, disclosed: Sequence[TimedText], window: float) -> bool:
    earliest = unit.t_start - window
    return any(d.t_start <= unit.t_end and d.t_end >= earliest for d in disclosed)


def _close_together(
    moments: list[_Moment], units: Sequence[TimedText], window: float
) -> list[list[_Moment]]:
    groups: list[list[_Moment]] = []
    for moment in moments:
        if groups and units[moment.unit].t_start - units[groups[-1][-1].unit].t_end <= window:
            groups[-1].append(moment)
        else:
            groups.append([moment])
    return groups


def _finding(
    rulebook: m.Rulebook,
    language: str,
    first: TimedText,
    group: list[_Moment],
    units: Sequence[TimedText],
    window: float,
) -> Finding:
    """The finding, with the legal basis, severity and remedy of the rulebook's text rule on
    undisclosed advertising for ``language`` (the law is the same; only the test differs)."""
    base = _text_rule(rulebook, language)
    end = max(units[moment.unit].t_end for moment in group)
    values = {"start": clock(first.t_start), "end": clock(end), "window": f"{window:g}"}
    spans = group[0].spans
    return Finding(
        rule_id=RULE_ID,
        rule_version=1,
        rulebook_version=rulebook.version,
        category=CATEGORY,
        severity=base.severity.value if base else "medium",
        confidence=base.confidence if base else 0.7,
        spans=spans,
        excerpt=excerpt(first.text, spans),
        explanation={key: text.format(**values) for key, text in EXPLANATION.items()},
        remedy=dict(base.remedy) if base else {},
        legal_basis=dict(base.legal_basis) if base else {},
        dsa_category=_dsa_category(rulebook, base),
    )


def _dsa_category(rulebook: m.Rulebook, base: m.Rule | None) -> str | None:
    if base is not None and base.dsa_category:
        return base.dsa_category
    category = rulebook.categories.get(CATEGORY)
    return category.dsa_category if category is not None else None


def _text_rule(rulebook: m.Rulebook, language: str) -> m.Rule | None:
    candidates = [rule for rule in rulebook.rules if rule.category == CATEGORY]
    for rule in candidates:
        if rule.applies_to(language) and rule.id.endswith(".ads.undisclosed"):
            return rule
    return next((rule for rule in candidates if rule.applies_to(language)), None)
