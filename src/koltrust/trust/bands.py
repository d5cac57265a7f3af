"""How a band looks and is called wherever it is shown (page, chart, PDF, badge): one colour per
band code, each dark enough for white text (contrast at least 4.5:1), and its name (pure)."""

from __future__ import annotations

from koltrust.scoring.methodology import Methodology

UNSCORED = "unscored"
BAND_COLOURS: dict[str, str] = {
    "trusted": "#1e7b34",
    "generally_reliable": "#2d6a9f",
    "caution": "#a35c00",
    "high_risk": "#b3261e",
    "suspended": "#5c4b8a",
    UNSCORED: "#555555",
}


def band_colour(code: str) -> str:
    """The colour of band ``code``; the unscored grey for a code the palette does not know
    (a methodology may add bands before the palette does)."""
    return BAND_COLOURS.get(code, BAND_COLOURS[UNSCORED])


def band_name(methodology: Methodology, code: str, language: str) -> str:
    """The band's name in ``language`` (vi or en) as the methodology gives it; the code when
    the methodology has no such band (a score stored under an older version)."""
    if code == methodology.suspended.code:
        return str(getattr(methodology.suspended.name, language))
    for band in methodology.bands:
        if band.code == code:
            return str(getattr(band.name, language))
    return code
