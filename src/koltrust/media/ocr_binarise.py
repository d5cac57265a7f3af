"""Line crops, and ways to turn one into black text on white for Tesseract.

Captions in videos are usually light letters with a dark outline (or dark letters with a light
one) over a busy picture. Tesseract's own global threshold fails there, so besides the plain
greyscale crop we offer "enclosed fill" masks: the light (or dark) strokes whose surroundings are
mostly of the opposite brightness, which keeps the glyphs and their diacritics and drops the
background. The masks need OpenCV's connected components; without OpenCV only greyscale is
offered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

GreyArray = npt.NDArray[np.uint8]

# line crops are scaled so the detector's box is this tall (Tesseract's LSTM likes ~30-40 px
# glyphs; the detector's box adds about half the text height around them)
LINE_HEIGHT = 56
MAX_LINE_SCALE = 4.0
PAGE_HEIGHT = 64
# margins added around a detected box, as shares of its height
SIDE_MARGIN = 1.0
TOP_MARGIN = 0.25
CROP_GRID = 16
MAX_LINE_WIDTH = 4000
# brightness (0..255) a light glyph must reach, and a dark one stay under
LIGHT_FILL_MIN = 190
DARK_FILL_MAX = 90
# an outline is at most this bright
OUTLINE_MAX = 75
# how much darker (or lighter) than a glyph its outline must be, in shades of 0..255
RING_CONTRAST = 150
# share of a component's surrounding ring that must be of the opposite brightness
RING_CONTRAST_SHARE = 0.75
# a mask with less ink than this share of the crop holds no glyphs worth reading
MIN_INK_SHARE = 0.01
MAX_INK_SHARE = 0.6
# white border around a prepared line: Tesseract misreads glyphs touching the image's edge
MARGIN = 8
# the ring tested around a glyph lies 2 pixels out (inside a 5x5 square, outside a 3x3 one)
RING_OUTER = 5
# a letter's mean brightness and hue (YCbCr, 0..255) are this close to the caption's
BRIGHTNESS_TOLERANCE = 24
HUE_TOLERANCE = 48
# a glyph (with its diacritics) is at most this share of its detected box's height (measured:
# 0.5-0.6 for DejaVu Sans Bold, capitals with stacked marks included); taller light shapes are
# the picture behind the caption
MAX_GLYPH_HEIGHT = 1.0


@dataclass(frozen=True)
class LineCrop:
    """A text line's crop, and the rows of it its detected box covers: the margin around the
    box may show parts of the lines above and below, which must not be read as diacritics."""

    image: Image.Image
    band: tuple[int, int]  # top and bottom row

    @classmethod
    def whole(cls, image: Image.Image) -> LineCrop:
        """All of ``image`` as one band (Tesseract finds the lines itself)."""
        return cls(image, (0, image.height))


@dataclass(frozen=True)
class Binarisation:
    """One way to prepare a crop; ``prepare`` returns None when it does not apply."""

    name: str
    prepare: Callable[[LineCrop], Image.Image | None]


def line_crop(image: Image.Image, box: tuple[int, int, int, int]) -> LineCrop:
    """The box with a margin (the first letter or a diacritic can stick out of the box); small
    text is enlarged to LINE_HEIGHT, large text kept as it is so thin outlines survive."""
    left, top, right, bottom = box
    height = bottom - top
    # the detector's boxes can clip a line's first letter or its diacritics
    side, above = round(height * SIDE_MARGIN), round(height * TOP_MARGIN)
    # snapped outwards to a grid, so a caption whose box shifts by a pixel or two from frame to
    # frame (the picture around it changed) mostly gives the same crop and hits the cache
    padded = (
        max(0, (left - side) // CROP_GRID * CROP_GRID),
        max(0, (top - above) // CROP_GRID * CROP_GRID),
        min(image.width, -(-(right + side) // CROP_GRID) * CROP_GRID),
        min(image.height, -(-(bottom + above) // CROP_GRID) * CROP_GRID),
    )
    crop = image.crop(padded)
    crop = crop if crop.mode in ("RGB", "L") else crop.convert("RGB")
    scale = min(MAX_LINE_SCALE, max(1.0, LINE_HEIGHT / max(1, bottom - top)))
    scale = min(scale, MAX_LINE_WIDTH / max(1, crop.width))
    band = (round((top - padded[1]) * scale), round((bottom - padded[1]) * scale))
    return LineCrop(_scaled(crop, scale), band)


def page_for_tesseract(page: Image.Image) -> Image.Image:
    """A binarised crop scaled to PAGE_HEIGHT: Tesseract drops Vietnamese diacritics on lines
    much larger than that and is slower on them."""
    return _scaled(page, min(PAGE_HEIGHT / page.height, MAX_LINE_WIDTH / page.width))


def _scaled(image: Image.Image, scale: float) -> Image.Image:
    if scale == 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def crop_key(crop: LineCrop) -> bytes:
    """Identifies a crop up to faint noise: greyscale halved and quantised to 16 shades. Diacritics
    still change it (a mark is dozens of pixels), so two lines never share a key by accident."""
    grey = crop.image.convert("L")
    halved = grey.reduce(2) if min(grey.size) >= 4 else grey
    shades = np.asarray(halved) >> 4
    digest = hashlib.blake2b(shades.tobytes(), digest_size=16)
    digest.update(repr((shades.shape, crop.band)).encode())
    return digest.digest()


def greyscale(crop: LineCrop) -> Image.Image:
    """The box's rows in greyscale with a margin; Tesseract thresholds it itself."""
    top, bottom = crop.band
    rows = crop.image.crop((0, top, crop.image.width, bottom)).convert("L")
    return ImageOps.expand(rows, border=MARGIN, fill=_margin_shade(rows))


def outlined_light(crop: LineCrop) -> Image.Image | None:
    """Light letters with a near-black outline (the usual video caption), as black on white."""
    grey = np.asarray(crop.image.convert("L"))
    return _enclosed_mask(
        crop, grey, grey >= LIGHT_FILL_MIN, ring_sign=-1, ring=grey <= OUTLINE_MAX
    )


def light_on_dark(crop: LineCrop) -> Image.Image | None:
    """Light letters on anything much darker (a red box, a dark picture), as black on white."""
    grey = np.asarray(crop.image.convert("L"))
    return _enclosed_mask(crop, grey, grey >= LIGHT_FILL_MIN, ring_sign=-1)


def dark_on_light(crop: LineCrop) -> Image.Image | None:
    """Dark letters on or outlined with anything much lighter, as black on white."""
    grey = np.asarray(crop.image.convert("L"))
    return _enclosed_mask(crop, grey, grey <= DARK_FILL_MAX, ring_sign=1)


def available_binarisations() -> tuple[Binarisation, ...]:
    """The binarisations in the order to try them; the masks only when OpenCV loads.

    Outlined light letters go first: they are the common caption, the mask is the cleanest
    (only near-black counts as outline, so white lines of the picture between the letters drop
    out), and it reads plain light-on-dark text too. Each later one covers what the earlier
    ones miss: letters on a coloured box, anything Tesseract thresholds well, dark letters.
    """
    plain = Binarisation("greyscale", greyscale)
    if not _opencv_loads():
        return (plain,)
    return (
        Binarisation("outlined_light", outlined_light),
        Binarisation("light_on_dark", light_on_dark),
        plain,
        Binarisation("dark_on_light", dark_on_light),
    )


def _enclosed_mask(
    crop: LineCrop,
    grey: GreyArray,
    fill: npt.NDArray[np.bool_],
    *,
    ring_sign: int,
    ring: npt.NDArray[np.bool_] | None = None,
) -> Image.Image | None:
    """The ``fill`` components that are enclosed (see _enclosed_components), glyph-shaped and of
    the caption's colour, black on white with a margin; None when too little or too much is
    left to be a line of text."""
    import cv2

    count, found, found_stats, _centres = cv2.connectedComponentsWithStats(
        fill.astype(np.uint8), connectivity=8
    )
    labels = np.asarray(found, dtype=np.int32)
    stats = np.asarray(found_stats, dtype=np.int32)
    if count <= 1:
        return None
    keep = _enclosed_components(labels, count, grey, ring_sign, ring)
    keep &= _glyph_shaped(stats, fill.shape, crop.band)
    keep &= _of_dominant_colour(np.asarray(crop.image.convert("YCbCr")), labels, count, keep)
    ink = keep[labels]
    share = float(ink.mean())
    if not (MIN_INK_SHARE <= share <= MAX_INK_SHARE):
        return None
    page = np.where(ink, 0, 255).astype(np.uint8)
    return ImageOps.expand(Image.fromarray(page), border=MARGIN, fill=255)


def _enclosed_components(
    labels: npt.NDArray[np.int32],
    count: int,
    grey: GreyArray,
    ring_sign: int,
    ring_shade: npt.NDArray[np.bool_] | None,
) -> npt.NDArray[np.bool_]:
    """Components whose ring two pixels out is mostly RING_CONTRAST darker (``ring_sign`` -1)
    or lighter (+1) than the component itself, and where ``ring_shade`` is given, of that
    shade. The ring skips the anti-aliased edge between a glyph's fill and its outline;
    contrast relative to the fill accepts a white letter on a red box as well as a yellow one
    with a black outline."""
    import cv2

    as_float = labels.astype(np.float32)
    near = cv2.dilate(as_float, np.ones((3, 3), np.uint8))
    square = np.ones((RING_OUTER, RING_OUTER), np.uint8)
    highest = cv2.dilate(as_float, square).astype(np.int32)
    # a ring pixel can be near two components: credit both (the lowest and highest label)
    lowest = cv2.erode(np.where(labels > 0, as_float, np.float32(count)), square)
    lowest = np.where(lowest < count, lowest, 0).astype(np.int32)
    ring = (near == 0) & (highest > 0)
    second = lowest[ring] != highest[ring]
    owners = np.concatenate([highest[ring], lowest[ring][second]])
    shades = np.concatenate([grey[ring], grey[ring][second]]).astype(np.float64)
    area = np.bincount(labels.ravel(), minlength=count)
    own_shade = np.bincount(labels.ravel(), weights=grey.ravel(), minlength=count) / np.maximum(
        area, 1
    )
    contrast = ring_sign * (shades - own_shade[owners]) >= RING_CONTRAST
    if ring_shade is not None:
        contrast &= np.concatenate([ring_shade[ring], ring_shade[ring][second]])
    ring_total = np.bincount(owners, minlength=count)
    ring_hits = np.bincount(owners[contrast], minlength=count)
    keep: npt.NDArray[np.bool_] = (ring_total > 0) & (
        ring_hits >= RING_CONTRAST_SHARE * np.maximum(ring_total, 1)
    )
    keep[0] = False
    return keep


def _of_dominant_colour(
    ycbcr: npt.NDArray[np.uint8],
    labels: npt.NDArray[np.int32],
    count: int,
    candidates: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Components close to the colour most candidate pixels have: a caption's letters share
    one colour, bits of the picture caught between them rarely do. Brightness is compared
    tightly; hue loosely, since video's halved colour resolution bleeds the outline's colour
    into small marks (a yellow accent turns greyish)."""
    flat = labels.ravel()
    area = np.bincount(flat, minlength=count).astype(np.float64)
    means = (
        np.stack(
            [np.bincount(flat, weights=ycbcr[..., c].ravel(), minlength=count) for c in range(3)],
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
    distance = np.abs(means - dominant)
    close: npt.NDArray[np.bool_] = (distance[:, 0] <= BRIGHTNESS_TOLERANCE) & (
        distance[:, 1:].max(axis=1) <= HUE_TOLERANCE
    )
    return close


def _weighted_median(
    sorted_values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]
) -> float:
    cumulative = np.cumsum(weights)
    return float(sorted_values[np.searchsorted(cumulative, cumulative[-1] / 2)])


def _glyph_shaped(
    stats: npt.NDArray[np.int32], shape: tuple[int, ...], band: tuple[int, int]
) -> npt.NDArray[np.bool_]:
    """Components that could be this line's glyphs: clear of the crop's edge (the crop has a
    margin around the text, so what touches the edge is background), not taller than the
    line, and centred within the line's band (not a letter or mark of the line above)."""
    import cv2

    height, width = shape[:2]
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    bottom = top + stats[:, cv2.CC_STAT_HEIGHT]
    inside = (left > 0) & (top > 0) & (right < width) & (bottom < height)
    middle = top + stats[:, cv2.CC_STAT_HEIGHT] / 2
    in_band = (band[0] <= middle) & (middle <= band[1])
    short = stats[:, cv2.CC_STAT_HEIGHT] <= MAX_GLYPH_HEIGHT * (band[1] - band[0])
    glyphs: npt.NDArray[np.bool_] = inside & in_band & short
    return glyphs


def _margin_shade(rows: Image.Image) -> int:
    """The median edge brightness, so the added margin does not draw a frame."""
    grey = np.asarray(rows)
    edge = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return int(np.median(edge))


def _opencv_loads() -> bool:
    try:
        import cv2  # noqa: F401
    except ImportError:
        return False
    return True
