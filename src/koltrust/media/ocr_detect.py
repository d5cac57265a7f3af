"""Finding text lines in a frame with the ONNX text detector bundled in rapidocr-onnxruntime.

Only RapidOCR's detector is used: its recogniser drops Vietnamese diacritics, so Tesseract reads
the lines this module finds. The frame is shrunk before detection (the network's cost grows with
the pixel count, and caption-sized text is still found at 640 pixels across), and the boxes are
mapped back to the frame's own coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]

# the detector's input is at most this wide or tall (then padded to multiples of 32)
DEFAULT_MAX_SIDE = 640
_STRIDE = 32
# lower than the package's 0.3 and 0.5, which missed whole caption lines over busy pictures in
# our measurements; with these, 36 pictures without text (busy, shapes, noise) still gave none
PIXEL_THRESHOLD = 0.2
BOX_THRESHOLD = 0.4
# boxes thinner than this (in frame pixels) are specks, not text
_MIN_BOX_SIDE = 4
# boxes sharing this much of the shorter one's height are on the same line
SAME_LINE_OVERLAP = 0.5


class DetectorUnavailable(RuntimeError):
    """The text detector cannot load here; the message says why (a missing library, usually)."""


@dataclass(frozen=True)
class DetectorSettings:
    """How the detector runs: input size and onnxruntime threads (one suits two shared cores)."""

    max_side: int = DEFAULT_MAX_SIDE
    threads: int = 1


class LineDetector:
    """Finds text lines in RGB frames; safe to call from several threads."""

    def __init__(self, settings: DetectorSettings = DetectorSettings()) -> None:
        if settings.max_side < _STRIDE or settings.threads < 1:
            raise ValueError(f"bad detector settings {settings}")
        self.settings = settings
        self._detector = _load_rapidocr_detector(settings.threads)

    def find_lines(self, frame: Image.Image) -> list[Box]:
        """Boxes ``(left, top, right, bottom)`` of the text lines in ``frame``, top to bottom."""
        return merged_into_lines(self._detect(frame, self.settings.max_side))

    def _detect(self, image: Image.Image, max_side: int) -> list[Box]:
        small, scale = _shrunk_for_detection(image, max_side)
        if small is None:
            return []
        bgr = np.ascontiguousarray(np.asarray(small)[:, :, ::-1])
        quads, _elapsed = self._detector(bgr)
        if quads is None or len(quads) == 0:
            return []
        return _frame_boxes(quads, scale, image.size)


def _load_rapidocr_detector(threads: int) -> Any:
    """RapidOCR's TextDetector with the package's own settings, or DetectorUnavailable."""
    try:
        import rapidocr_onnxruntime  # type: ignore[import-untyped]
        import yaml
        from rapidocr_onnxruntime.ch_ppocr_det import (  # type: ignore[import-untyped]
            TextDetector,
        )
    except (ImportError, OSError) as exc:
        raise DetectorUnavailable(
            f"the text detector (rapidocr-onnxruntime, OpenCV, onnxruntime) does not load: {exc}"
        ) from exc
    package = Path(rapidocr_onnxruntime.__file__).parent
    try:
        config: dict[str, Any] = yaml.safe_load((package / "config.yaml").read_text())["Det"]
        config |= {
            "model_path": str(package / config["model_path"]),
            # the frame is shrunk here first, so the detector must not resize it again
            "limit_type": "max",
            "limit_side_len": 1 << 16,
            "thresh": PIXEL_THRESHOLD,
            "box_thresh": BOX_THRESHOLD,
            "intra_op_num_threads": threads,
            "inter_op_num_threads": 1,
            "use_cuda": False,
            "use_dml": False,
        }
        return TextDetector(config)
    except Exception as exc:  # any failure to load the model means "no detector", with why
        raise DetectorUnavailable(f"the text detector's model does not load: {exc}") from exc


def _shrunk_for_detection(image: Image.Image, max_side: int) -> tuple[Image.Image | None, float]:
    """The picture as RGB, at most ``max_side`` across, padded with black to multiples of 32
    (the network's stride; stretching instead would squash thin strips); and the factor from
    picture to shrunk coordinates. None when the picture is too small to hold text."""
    width, height = image.size
    if min(width, height) < _MIN_BOX_SIDE * 2:
        return None, 1.0
    scale = min(1.0, max_side / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    source = image if image.mode in ("RGB", "L", "RGBA") else image.convert("RGB")
    small = source.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0).convert("RGB")
    canvas = Image.new("RGB", (_stride_multiple(size[0]), _stride_multiple(size[1])))
    canvas.paste(small, (0, 0))
    return canvas, scale


def _stride_multiple(length: int) -> int:
    return -(-length // _STRIDE) * _STRIDE


def _frame_boxes(quads: Any, scale: float, size: tuple[int, int]) -> list[Box]:
    """Axis-aligned boxes in picture pixels around the detector's quadrilaterals."""
    width, height = size
    boxes: list[Box] = []
    for quad in np.asarray(quads, dtype=np.float64) / scale:
        left, top = max(0, int(quad[:, 0].min())), max(0, int(quad[:, 1].min()))
        right = min(width, int(np.ceil(quad[:, 0].max() + 1 / scale)))
        bottom = min(height, int(np.ceil(quad[:, 1].max() + 1 / scale)))
        if right - left >= _MIN_BOX_SIDE and bottom - top >= _MIN_BOX_SIDE:
            boxes.append((left, top, right, bottom))
    return boxes


def merged_into_lines(boxes: list[Box]) -> list[Box]:
    """Boxes of words on one row, close together, merged into one line box, top to bottom.

    The detector sometimes splits a caption into words, and a short word's box can be too
    tight to hold its diacritics; one box per line also means one Tesseract call per line.
    """
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda box: (box[0], box[1])):
        partner = next((i for i, line in enumerate(merged) if _same_line(line, box)), None)
        if partner is None:
            merged.append(box)
        else:
            line = merged[partner]
            merged[partner] = (
                min(line[0], box[0]),
                min(line[1], box[1]),
                max(line[2], box[2]),
                max(line[3], box[3]),
            )
    return sorted(merged, key=lambda box: (box[1], box[0]))


def _same_line(line: Box, box: Box) -> bool:
    """Whether ``box`` (to the right of ``line``'s start) continues ``line``: on the same row,
    with a gap no wider than the taller one's height."""
    taller = max(line[3] - line[1], box[3] - box[1])
    return _share_height(line, box) and box[0] - line[2] <= taller


def _share_height(one: Box, other: Box) -> bool:
    """Whether two boxes share most of the shorter one's height (are on one row)."""
    overlap = min(one[3], other[3]) - max(one[1], other[1])
    return overlap >= SAME_LINE_OVERLAP * min(one[3] - one[1], other[3] - other[1])
