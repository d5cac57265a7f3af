"""The score-history chart: matplotlib (Agg, no pyplot) draws the total over time on the bands'
coloured zones, as SVG for pages and PNG for the PDF report.

Renders are cached by (slug, last history point, day, format, language): history is append-only,
so the last point names the whole series, and a page view never re-renders. The SVG is rewritten
for inline use under the site's Content-Security-Policy, which forbids ``style`` attributes and
elements: every style becomes presentation attributes (``fill="#fff"``), which CSP allows."""

from __future__ import annotations

import io
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

from babel.dates import format_date

from koltrust.scoring.methodology import Methodology
from koltrust.trust.bands import band_colour, band_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Format = Literal["svg", "png"]
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ID_PREFIX = "score-chart-"
CACHE_SIZE = 256
PNG_DPI = 200
# inches: the PNG fills the PDF's text width; the SVG is drawn wider, so that scaled to a page
# column its letters stay near the page's own size
FIGURE_SIZES: dict[str, tuple[float, float]] = {"png": (7.2, 2.9), "svg": (9.6, 3.3)}
LINE_COLOUR = "#333333"
WORDS: dict[str, tuple[str, str]] = {
    "score": ("Điểm", "Score"),
    "provisional": ("Tạm tính", "Provisional"),
    "firm": ("Chính thức", "Firm"),
    "title": ("Điểm tín nhiệm theo thời gian", "Trust score over time"),
}
DATE_FORMATS = {"vi": "MM/yyyy", "en": "MMM yyyy"}
SHORT_DATE_FORMATS = {"vi": "d/M", "en": "d MMM"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One recorded change of the score (a row of ``score_history``)."""

    id: int
    at: datetime
    total: int
    band: str
    provisional: bool


def word(key: str, language: str) -> str:
    """One of the chart's own words in ``language``."""
    return WORDS[key][0 if language == "vi" else 1]


_cache: OrderedDict[tuple[Any, ...], str | bytes] = OrderedDict()
_lock = threading.Lock()  # matplotlib's rc settings and font cache are process-wide


def history_chart(
    slug: str,
    points: Sequence[ChartPoint],
    *,
    fmt: Format,
    language: str,
    today: date,
    methodology: Methodology,
) -> str | bytes:
    """The chart of ``points`` (oldest first, at least one) as inline SVG text or PNG bytes."""
    if not points:
        raise ValueError("a history chart needs at least one point")
    key = (slug, points[-1], len(points), fmt, language, today, methodology.version)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
        rendered = _render(points, fmt=fmt, language=language, today=today, m=methodology)
        _cache[key] = rendered
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return rendered


def cache_size() -> int:
    """How many renders are cached (for tests and diagnostics)."""
    return len(_cache)


def clear_cache() -> None:
    """Forget every cached render."""
    with _lock:
        _cache.clear()


def chart_description(points: Sequence[ChartPoint], language: str, m: Methodology) -> str:
    """A sentence saying what the chart shows, for its text alternative."""
    first, last = points[0], points[-1]
    lowest = min(p.total for p in points)
    highest = max(p.total for p in points)
    band = band_name(m, last.band, language)
    start, end = _day(first.at, language), _day(last.at, language)
    if language == "vi":
        return (
            f"{len(points)} lần thay đổi điểm từ {start} đến {end}; thấp nhất {lowest}, "
            f"cao nhất {highest}; gần nhất {last.total}/100 ({band})."
        )
    return (
        f"{len(points)} score change(s) from {start} to {end}; lowest {lowest}, "
        f"highest {highest}; latest {last.total}/100 ({band})."
    )


def _day(moment: datetime, language: str) -> str:
    return format_date(moment.date(), "long", locale=language)


def _render(
    points: Sequence[ChartPoint], *, fmt: Format, language: str, today: date, m: Methodology
) -> str | bytes:
    import matplotlib  # imported on first render: it costs ~0.3 s the CLI need not pay

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "koltrust", "font.family": "DejaVu Sans"}
    ):
        figure = Figure(figsize=FIGURE_SIZES[fmt], layout="constrained")
        _draw(figure.add_subplot(), points, language=language, today=today, m=m)
        if fmt == "png":
            png = io.BytesIO()
            figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
            return png.getvalue()
        svg = io.StringIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    description = chart_description(points, language, m)
    return inline_svg(svg.getvalue(), title=word("title", language), description=description)


def day_number(moment: datetime | date) -> float:
    """Days since 1970-01-01 (UTC), the x coordinate of the chart."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(), tzinfo=UTC)
    return (moment - EPOCH).total_seconds() / 86400.0


def _draw(
    ax: Axes, points: Sequence[ChartPoint], *, language: str, today: date, m: Methodology
) -> None:
    first = points[0].at.date()
    last = max(today, points[-1].at.date())
    xs = [day_number(p.at) for p in points]
    totals = [p.total for p in points]
    for band in m.bands:
        ax.axhspan(band.min, band.max + 1, color=band_colour(band.code), alpha=0.10, lw=0)
        ax.text(
            1.01,
            (band.min + band.max + 1) / 2,
            band_name(m, band.code, language),
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=8,
            color=band_colour(band.code),
        )
    # the last score holds until today
    ax.step(
        [*xs, day_number(last) + 0.5],
        [*totals, totals[-1]],
        where="post",
        color=LINE_COLOUR,
        linewidth=1.6,
        zorder=2,
    )
    for x, p in zip(xs, points, strict=True):
        colour = band_colour(p.band)
        face = "white" if p.provisional else colour
        ax.plot(
            [x],
            [p.total],
            marker="o",
            markersize=7,
            markerfacecolor=face,
            markeredgecolor=colour,
            markeredgewidth=2,
            zorder=3,
        )
    ax.set_ylim(0, 101)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel(word("score", language))
    low, high = day_number(first), day_number(last) + 1
    margin = max((high - low) * 0.03, 1.0)
    ax.set_xlim(low - margin, high + margin)
    ticks = date_ticks(first, last)
    ax.set_xticks([day_number(t) for t in ticks])
    pattern = DATE_FORMATS[language] if (last - first).days > 62 else SHORT_DATE_FORMATS[language]
    ax.set_xticklabels([format_date(t, pattern, locale=language) for t in ticks])
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(
        handles=_legend(points, language, m), loc="lower left", fontsize=8, frameon=False, ncols=3
    )


def date_ticks(first: date, last: date, most: int = 6) -> list[date]:
    """Round dates between ``first`` and ``last`` for the x axis, at most ``most`` of them:
    first days of months every 1, 2, 3, 6 or 12 months; days for a span under two months."""
    if (last - first).days > 62:
        for step in (1, 2, 3, 6, 12, 24, 60):
            ticks = _month_starts(first, last, step)
            if len(ticks) <= most:
                return ticks or [first]
    step_days = max(1, -(-(last - first).days // (most - 1)))
    return [first + timedelta(days=d) for d in range(0, (last - first).days + 1, step_days)]


def _month_starts(first: date, last: date, step: int) -> list[date]:
    month = first.year * 12 + first.month  # the month after first's, counted from year 0
    ticks: list[date] = []
    while True:
        year, index = divmod(month, 12)
        tick = date(year, index + 1, 1)
        if tick > last:
            return ticks
        if index % step == 0:
            ticks.append(tick)
        month += 1


def _legend(points: Sequence[ChartPoint], language: str, m: Methodology) -> list[Any]:
    from matplotlib.lines import Line2D

    grey = "#555555"
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            color="none",
            markerfacecolor=grey,
            markeredgecolor=grey,
            label=word("firm", language),
        ),
        Line2D(
            [],
            [],
            marker="o",
            color="none",
            markerfacecolor="white",
            markeredgecolor=grey,
            markeredgewidth=2,
            label=word("provisional", language),
        ),
    ]
    suspended = m.suspended.code
    if any(p.band == suspended for p in points):
        colour = band_colour(suspended)
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color="none",
                markerfacecolor=colour,
                markeredgecolor=colour,
                label=band_name(m, suspended, language),
            )
        )
    return handles


def inline_svg(text: str, *, title: str, description: str) -> str:
    """matplotlib's SVG as an element to put inside HTML: no prolog or metadata, styles as
    presentation attributes, ids prefixed (and unused ones dropped), sized by its container,
    announced as one image with a title and description."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(text)  # noqa: S314 - matplotlib's own output, never outside input
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style"):
                parent.remove(child)
    _styles_to_attributes(root)
    _prefix_ids(root)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("stroke-linejoin", "round")  # what matplotlib's dropped <style> element said
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-labelledby", f"{ID_PREFIX}title {ID_PREFIX}desc")
    root.set("focusable", "false")
    title_element = ET.Element(f"{{{SVG_NS}}}title", id=f"{ID_PREFIX}title")
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", id=f"{ID_PREFIX}desc")
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode")


def _styles_to_attributes(root: ET.Element) -> None:
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if not style:
            continue
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name and value and name not in element.attrib:
                element.set(name, value)


def _prefix_ids(root: ET.Element) -> None:
    href = f"{{{XLINK_NS}}}href"
    used: set[str] = set()
    for element in root.iter():
        if element.get(href, "").startswith("#"):
            used.add(element.get(href, "")[1:])
        for value in element.attrib.values():
            if value.startswith("url(#"):
                used.add(value[5:-1])
    for element in root.iter():
        ident = element.attrib.pop("id", None)
        if ident in used:
            element.set("id", ID_PREFIX + ident)
        if element.get(href, "").startswith("#"):
            element.set(href, "#" + ID_PREFIX + element.get(href, "")[1:])
        for name, value in list(element.attrib.items()):
            if value.startswith("url(#"):
                element.set(name, f"url(#{ID_PREFIX}{value[5:]}")
