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

# the detector's input is at most this wide or tall (a multiple of 32, as the network needs)
DEFAULT_MAX_SIDE = 640
_STRIDE = 32
# boxes thinner than this (in frame pixels) are specks, not text
_MIN_BOX_SIDE = 4
# boxes sharing this much of the shorter one's height are on the same line
SAME_LINE_OVERLAP = 0.5


class DetectorUnavailable(RuntimeError):
    """The text detector cannot load here; ``reason`` says why (a missing library, usually)."""


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
        small, scale = _shrunk_for_detection(frame, self.settings.max_side)
        if small is None:
            return []
        bgr = np.ascontiguousarray(np.asarray(small)[:, :, ::-1])
        quads, _elapsed = self._detector(bgr)
        if quads is None or len(quads) == 0:
            return []
        return merged_into_lines(_frame_boxes(quads, scale, frame.size))


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
            "intra_op_num_threads": threads,
            "inter_op_num_threads": 1,
            "use_cuda": False,
            "use_dml": False,
        }
        return TextDetector(config)
    except Exception as exc:  # any failure to load the model means "no detector", with why
        raise DetectorUnavailable(f"the text detector's model does not load: {exc}") from exc


def _shrunk_for_detection(frame: Image.Image, max_side: int) -> tuple[Image.Image | None, float]:
    """The frame as RGB, at most ``max_side`` across, both sides multiples of 32; and the
    factor from frame to shrunk coordinates. None when the frame is too small to hold text."""
    width, height = frame.size
    if min(width, height) < _MIN_BOX_SIDE * 2:
        return None, 1.0
    scale = min(1.0, max_side / max(width, height))
    target = (_stride_multiple(width * scale), _stride_multiple(height * scale))
    source = frame if frame.mode in ("RGB", "L", "RGBA") else frame.convert("RGB")
    small = source.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return small.convert("RGB"), scale


def _stride_multiple(length: float) -> int:
    return max(_STRIDE, round(length / _STRIDE) * _STRIDE)


def _frame_boxes(quads: Any, scale: float, size: tuple[int, int]) -> list[Box]:
    """Axis-aligned boxes in frame pixels around the detector's quadrilaterals."""
    width, height = size
    small_w = _stride_multiple(width * scale)
    small_h = _stride_multiple(height * scale)
    sx, sy = width / small_w, height / small_h
    boxes: list[Box] = []
    for quad in np.asarray(quads, dtype=np.float64):
        left = max(0, int(quad[:, 0].min() * sx))
        top = max(0, int(quad[:, 1].min() * sy))
        right = min(width, int(np.ceil((quad[:, 0].max() + 1) * sx)))
        bottom = min(height, int(np.ceil((quad[:, 1].max() + 1) * sy)))
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
    """Whether ``box`` (to the right of ``line``'s start) continues ``line``: most of the
    shorter one's height shared, and a gap no wider than the taller one's height."""
    overlap = min(line[3], box[3]) - max(line[1], box[1])
    shorter = min(line[3] - line[1], box[3] - box[1])
    taller = max(line[3] - line[1], box[3] - box[1])
    return overlap >= SAME_LINE_OVERLAP * shorter and box[0] - line[2] <= taller
