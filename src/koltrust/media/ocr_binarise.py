"""Ways to turn one cropped text line into black text on white for Tesseract.

Captions in videos are usually light letters with a dark outline (or dark letters with a light
one) over a busy picture. Tesseract's own global threshold fails there, so besides the plain
greyscale crop we offer "enclosed fill" masks: the light (or dark) strokes whose surroundings are
mostly of the opposite brightness, which keeps the glyphs and their diacritics and drops the
background. The masks need OpenCV's connected components; without OpenCV only greyscale is
offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

GreyArray = npt.NDArray[np.uint8]

# brightness (0..255) a glyph's fill must pass, and its outline must stay beyond
LIGHT_FILL_MIN = 190
DARK_RING_MAX = 60
DARK_FILL_MAX = 90
LIGHT_RING_MIN = 150
# share of a component's surrounding ring that must be of the opposite brightness
RING_CONTRAST_SHARE = 0.85
# a mask with less ink than this share of the crop holds no glyphs worth reading
MIN_INK_SHARE = 0.01
MAX_INK_SHARE = 0.6
MARGIN = 8
# a letter's mean colour is within this (per channel, 0..255) of the caption's colour
COLOUR_TOLERANCE = 48
# glyphs (with their diacritics) are at most this share of the crop's height
MAX_GLYPH_HEIGHT = 0.85


@dataclass(frozen=True)
class Binarisation:
    """One way to prepare a crop; ``prepare`` returns None when it does not apply."""

    name: str
    prepare: Callable[[Image.Image], Image.Image | None]


def greyscale(crop: Image.Image) -> Image.Image:
    """The crop in greyscale with a white margin; Tesseract thresholds it itself."""
    return ImageOps.expand(crop.convert("L"), border=MARGIN, fill=_margin_shade(crop))


def light_fill(crop: Image.Image) -> Image.Image | None:
    """Light strokes enclosed by dark (outlined white or yellow captions), as black on white."""
    rgb = np.asarray(crop.convert("RGB"))
    grey = np.asarray(crop.convert("L"))
    return _enclosed_mask(rgb, grey >= LIGHT_FILL_MIN, grey <= DARK_RING_MAX)


def dark_fill(crop: Image.Image) -> Image.Image | None:
    """Dark strokes enclosed by light (dark text with a light outline), as black on white."""
    rgb = np.asarray(crop.convert("RGB"))
    grey = np.asarray(crop.convert("L"))
    return _enclosed_mask(rgb, grey <= DARK_FILL_MAX, grey >= LIGHT_RING_MIN)


def available_binarisations() -> tuple[Binarisation, ...]:
    """The binarisations in the order to try them: the enclosed fills only when OpenCV loads.

    Light fill goes first because outlined light captions are the common case and it also reads
    plain light-on-dark text; greyscale is second and covers everything else.
    """
    plain = Binarisation("greyscale", greyscale)
    if not _opencv_loads():
        return (plain,)
    return (
        Binarisation("light_fill", light_fill),
        plain,
        Binarisation("dark_fill", dark_fill),
    )


def _enclosed_mask(
    rgb: npt.NDArray[np.uint8], fill: npt.NDArray[np.bool_], ring_contrast: npt.NDArray[np.bool_]
) -> Image.Image | None:
    import cv2

    count, found, found_stats, _centres = cv2.connectedComponentsWithStats(
        fill.astype(np.uint8), connectivity=8
    )
    labels = np.asarray(found, dtype=np.int32)
    stats = np.asarray(found_stats, dtype=np.int32)
    if count <= 1:
        return None
    keep = _enclosed_components(labels, count, ring_contrast) & _glyph_shaped(stats, fill.shape)
    keep &= _of_dominant_colour(rgb, labels, count, keep)
    ink = keep[labels]
    share = float(ink.mean())
    if not (MIN_INK_SHARE <= share <= MAX_INK_SHARE):
        return None
    page = np.where(ink, 0, 255).astype(np.uint8)
    return ImageOps.expand(Image.fromarray(page), border=MARGIN, fill=255)


def _enclosed_components(
    labels: npt.NDArray[np.int32], count: int, ring_contrast: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Components whose ring two pixels out is mostly ``ring_contrast`` (the ring skips the
    anti-aliased edge between a glyph's fill and its outline)."""
    import cv2

    as_float = labels.astype(np.float32)
    near = cv2.dilate(as_float, np.ones((3, 3), np.uint8))
    square = np.ones((5, 5), np.uint8)
    highest = cv2.dilate(as_float, square).astype(np.int32)
    # a ring pixel can be near two components: credit both (the lowest and highest label)
    lowest = cv2.erode(np.where(labels > 0, as_float, np.float32(count)), square)
    lowest = np.where(lowest < count, lowest, 0).astype(np.int32)
    ring = (near == 0) & (highest > 0)
    owners = np.concatenate([highest[ring], lowest[ring][lowest[ring] != highest[ring]]])
    contrast = np.concatenate(
        [ring_contrast[ring], ring_contrast[ring][lowest[ring] != highest[ring]]]
    )
    ring_total = np.bincount(owners, minlength=count)
    ring_hits = np.bincount(owners[contrast], minlength=count)
    keep: npt.NDArray[np.bool_] = (ring_total > 0) & (
        ring_hits >= RING_CONTRAST_SHARE * np.maximum(ring_total, 1)
    )
    keep[0] = False
    return keep


def _of_dominant_colour(
    rgb: npt.NDArray[np.uint8],
    labels: npt.NDArray[np.int32],
    count: int,
    candidates: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Components close to the colour most candidate pixels have: a caption's letters share
    one colour, bits of the picture caught between them rarely do."""
    flat = labels.ravel()
    area = np.bincount(flat, minlength=count).astype(np.float64)
    means = (
        np.stack(
            [np.bincount(flat, weights=rgb[..., c].ravel(), minlength=count) for c in range(3)],
            axis=1,
        )
        / np.maximum(area, 1)[:, None]
    )
    weights = np.where(candidates, area, 0)
    if weights.sum() == 0:
        return candidates
    order = np.argsort(means, axis=0)
    dominant = np.array(
        [_weighted_median(means[order[:, c], c], weights[order[:, c]]) for c in range(3)]
    )
    close: npt.NDArray[np.bool_] = np.abs(means - dominant).max(axis=1) <= COLOUR_TOLERANCE
    return close


def _weighted_median(
    sorted_values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]
) -> float:
    cumulative = np.cumsum(weights)
    return float(sorted_values[np.searchsorted(cumulative, cumulative[-1] / 2)])


def _glyph_shaped(stats: npt.NDArray[np.int32], shape: tuple[int, ...]) -> npt.NDArray[np.bool_]:
    """Components that could be glyphs: clear of the crop's edge (the crop has a margin around
    the text, so what touches the edge is background) and not taller than the text line."""
    import cv2

    height, width = shape[:2]
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    bottom = top + stats[:, cv2.CC_STAT_HEIGHT]
    inside = (left > 0) & (top > 0) & (right < width) & (bottom < height)
    short: npt.NDArray[np.bool_] = inside & (
        stats[:, cv2.CC_STAT_HEIGHT] <= MAX_GLYPH_HEIGHT * height
    )
    return short


def _margin_shade(crop: Image.Image) -> int:
    """The crop's median edge brightness, so the added margin does not draw a frame."""
    grey = np.asarray(crop.convert("L"))
    edge = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return int(np.median(edge))


def _opencv_loads() -> bool:
    try:
        import cv2  # noqa: F401
    except ImportError:
        return False
    return True
