"""The score-history chart: SVG fit for inline use under the CSP, PNG for the PDF, renders
cached by the last history point, round dates on the axis."""

from __future__ import annotations

import re
import struct
from datetime import UTC, date, datetime, timedelta

import pytest

from koltrust.scoring.methodology import default_methodology
from koltrust.trust.chart import (
    ID_PREFIX,
    PNG_DPI,
    ChartPoint,
    cache_size,
    chart_description,
    clear_cache,
    date_ticks,
    history_chart,
)

M = default_methodology()
START = datetime(2025, 3, 1, 9, tzinfo=UTC)
POINTS = (
    ChartPoint(1, START, 58, "caution", True),
    ChartPoint(2, START + timedelta(days=100), 72, "generally_reliable", True),
    ChartPoint(3, START + timedelta(days=190), 86, "trusted", False),
    ChartPoint(4, START + timedelta(days=280), 40, "suspended", False),
)
TODAY = date(2026, 2, 1)


def _svg(points: tuple[ChartPoint, ...] = POINTS, language: str = "vi") -> str:
    svg = history_chart(
        "ngoc-anh", points, fmt="svg", language=language, today=TODAY, methodology=M
    )
    assert isinstance(svg, str)
    return svg


def test_the_svg_has_no_styles_and_a_title_and_description() -> None:
    svg = _svg(language="en")
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert "<metadata" not in svg
    assert "style=" not in svg
    assert "<style" not in svg
    assert 'role="img"' in svg
    assert '<title id="score-chart-title">Trust score over time</title>' in svg
    assert "4 score change(s) from March 1, 2025 to December 6, 2025" in svg
    assert "lowest 40, highest 86; latest 40/100 (Suspended)" in svg
    assert 'fill="#1e7b34"' in svg  # the trusted point, in its band's colour


def test_every_id_is_prefixed_and_every_reference_resolves() -> None:
    svg = _svg()
    ids = set(re.findall(r' id="([^"]+)"', svg))
    assert ids
    assert all(i.startswith(ID_PREFIX) for i in ids)
    references = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))
    assert references
    assert references <= ids


def test_the_words_are_vietnamese_in_vietnamese() -> None:
    svg = _svg(language="vi")
    assert ">Điểm<" in svg
    assert "Đáng tin cậy" in svg
    assert "Tạm tính" in svg
    assert "Đang bị đình chỉ" in svg  # the legend names the suspended band when a point is in it


def test_a_render_is_reused_until_a_new_point_arrives() -> None:
    clear_cache()
    first = _svg()
    assert _svg() is first
    assert cache_size() == 1
    longer = (*POINTS, ChartPoint(5, START + timedelta(days=300), 66, "caution", False))
    assert _svg(longer) != first
    assert cache_size() == 2
    assert _svg(language="en") != first
    assert cache_size() == 3


def test_the_png_is_a_png_of_the_expected_size() -> None:
    png = history_chart("ngoc-anh", POINTS, fmt="png", language="vi", today=TODAY, methodology=M)
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (round(7.2 * PNG_DPI), round(2.9 * PNG_DPI))


def test_one_point_is_enough_and_none_is_refused() -> None:
    assert "1 score change(s)" in chart_description(POINTS[:1], "en", M)
    assert "<path" in _svg(POINTS[:1])
    with pytest.raises(ValueError, match="at least one point"):
        history_chart("x", (), fmt="svg", language="vi", today=TODAY, methodology=M)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2025, 3, 10), date(2025, 8, 2), [date(2025, m, 1) for m in (4, 5, 6, 7, 8)]),
        (
            date(2024, 1, 15),
            date(2026, 1, 15),
            [date(2024, 7, 1), date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1)],
        ),
        (date(2025, 5, 1), date(2025, 5, 21), [date(2025, 5, d) for d in (1, 5, 9, 13, 17, 21)]),
        (date(2025, 5, 1), date(2025, 5, 1), [date(2025, 5, 1)]),
    ],
)
def test_axis_dates_are_round_and_few(first: date, last: date, expected: list[date]) -> None:
    assert date_ticks(first, last) == expected
