"""The embeddable trust badge: an accessible SVG (role="img", an aria-label and a <title> that
say the whole thing in a sentence) in up to three segments, "Tín nhiệm KOL" | band name |
score, in the band's colour. Pure: a headline and a language in, bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from string import Template
from xml.sax.saxutils import escape, quoteattr

from koltrust.scoring.methodology import TOTAL_POINTS, Methodology
from koltrust.text.fold import fold
from koltrust.trust.bands import UNSCORED, band_colour, band_name
from koltrust.trust.lookup_repository import Headline

LABEL_COLOUR = "#3b3b3b"
HEIGHT = 20
PADDING = 6

# (vi, en)
WORDS: dict[str, tuple[str, str]] = {
    "label": ("Tín nhiệm KOL", "KOL trust"),
    "not_found": ("Không tìm thấy", "Not found"),
    "not_scored": ("Chưa chấm", "Not scored"),
    "suspended": ("Đình chỉ", "Suspended"),
    "provisional": ("tạm tính", "provisional"),
    "bad_language": ("lang=vi|en", "lang=vi|en"),
    "title_of": ("Tín nhiệm KOL của {name}: {state}", "KOL trust of {name}: {state}"),
    "title_unknown": ("Tín nhiệm KOL: không tìm thấy người này", "KOL trust: no such person"),
    "points": ("{total}/{max} điểm", "{total}/{max} points"),
    "not_scored_long": ("chưa được chấm điểm", "not scored yet"),
}

SVG = Template(
    '<svg xmlns="http://www.w3.org/2000/svg" width="$width" height="$height" '
    'viewBox="0 0 $width $height" role="img" aria-label=$aria>'
    "<title>$title</title>"
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
    'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
    '<clipPath id="r"><rect width="$width" height="$height" rx="3" fill="#fff"/></clipPath>'
    '<g clip-path="url(#r)">$rects<rect width="$width" height="$height" fill="url(#s)"/></g>'
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" '
    'font-size="11" aria-hidden="true">$texts</g></svg>'
)
RECT = Template('<rect x="$x" width="$width" height="$height" fill="$colour"/>')
TEXT = Template(
    '<text x="$middle" y="15" fill="#010101" fill-opacity=".3" textLength="$length" '
    'lengthAdjust="spacingAndGlyphs">$text</text>'
    '<text x="$middle" y="14" textLength="$length" lengthAdjust="spacingAndGlyphs">$text</text>'
)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    colour: str


@dataclass(frozen=True, slots=True)
class BadgeFace:
    """What the badge says: its segments and the sentence read out by a screen reader."""

    segments: tuple[Segment, ...]
    title: str


def word(key: str, language: str) -> str:
    """One of the badge's words in ``language`` (vi or en)."""
    return WORDS[key][0 if language == "vi" else 1]


def badge_face(headline: Headline | None, language: str, methodology: Methodology) -> BadgeFace:
    """The face of the badge for ``headline`` (None: no influencer with that slug)."""
    label = Segment(word("label", language), LABEL_COLOUR)
    if headline is None:
        not_found = Segment(word("not_found", language), band_colour(UNSCORED))
        return BadgeFace((label, not_found), word("title_unknown", language))
    if headline.total is None or headline.band is None:
        state = word("not_scored_long", language)
        segments: tuple[Segment, ...] = (
            label,
            Segment(word("not_scored", language), band_colour(UNSCORED)),
        )
    elif headline.band == methodology.suspended.code:
        state = band_name(methodology, headline.band, language)
        segments = (label, Segment(word("suspended", language), band_colour(headline.band)))
    else:
        segments, state = _scored(label, headline, language, methodology)
    title = word("title_of", language).format(name=headline.display_name, state=state)
    return BadgeFace(segments, title)


def _scored(
    label: Segment, headline: Headline, language: str, methodology: Methodology
) -> tuple[tuple[Segment, ...], str]:
    assert headline.band is not None
    name = band_name(methodology, headline.band, language)
    colour = band_colour(headline.band)
    score = str(headline.total)
    points = word("points", language).format(total=headline.total, max=TOTAL_POINTS)
    state = f"{name}, {points}"
    if headline.provisional:
        score = f"{score} · {word('provisional', language)}"
        state = f"{state} ({word('provisional', language)})"
    segments = (label, Segment(name, colour), Segment(score, darker(colour)))
    return segments, state


def bad_language_face() -> BadgeFace:
    """The face answering a ``lang`` other than vi or en."""
    label = Segment(word("label", "vi"), LABEL_COLOUR)
    return BadgeFace(
        (label, Segment(word("bad_language", "vi"), band_colour(UNSCORED))),
        "lang: vi | en",
    )


def darker(colour: str, factor: float = 0.82) -> str:
    """``colour`` (#rrggbb) darkened, for the score segment beside the band name."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in channels)


_NARROW = frozenset("fijlrt.,:;'|!() ·")
_WIDE = frozenset("mwMW")


def text_width(text: str) -> int:
    """An estimate of ``text``'s width in pixels at Verdana 11px (diacritics add none); the
    SVG stretches the text to exactly this width, so an estimate that is off never clips."""
    width = 0.0
    for ch in fold(text):
        if ch in _NARROW:
            width += 3.9
        elif ch in _WIDE:
            width += 10.0
        elif ch.isdigit():
            width += 7.0
        elif ch.isupper():
            width += 7.6
        else:
            width += 6.6
    return round(width)


def render_badge(face: BadgeFace) -> bytes:
    """The SVG document of ``face``."""
    rects: list[str] = []
    texts: list[str] = []
    x = 0
    for segment in face.segments:
        length = text_width(segment.text)
        width = length + 2 * PADDING
        rects.append(RECT.substitute(x=x, width=width, height=HEIGHT, colour=segment.colour))
        texts.append(
            TEXT.substitute(middle=x + width / 2, length=length, text=escape(segment.text))
        )
        x += width
    svg = SVG.substitute(
        width=x,
        height=HEIGHT,
        aria=quoteattr(face.title),
        title=escape(face.title),
        rects="".join(rects),
        texts="".join(texts),
    )
    return svg.encode("utf-8")
