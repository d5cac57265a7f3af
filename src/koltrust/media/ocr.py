"""On-screen text: the lines of text in a picture, read offline with Tesseract.

RapidOCR's ONNX detector finds the text lines (``ocr_detect``); Tesseract reads each line crop,
prepared a few ways (``ocr_binarise``), stopping as soon as one reading is confident. The way
that reads most captions goes first rather than the cheapest: preparing a mask costs a few
milliseconds, a Tesseract run that fails on a busy picture costs tens. Repeated crops (the same
caption over several frames) are read once. Without the detector (onnxruntime or OpenCV not
loading) Tesseract reads the whole frame; without OpenCV only in greyscale, which handles plain
captions but not outlined text over busy pictures.
"""

from __future__ import annotations

import math
import os
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import tesserocr  # type: ignore[import-untyped]
from PIL import Image

from koltrust.media.ocr_binarise import (
    MARGIN,
    LineCrop,
    available_binarisations,
    crop_key,
    line_crop,
    page_for_tesseract,
)
from koltrust.media.ocr_detect import (
    Box,
    DetectorSettings,
    DetectorUnavailable,
    LineDetector,
)
from koltrust.media.timed import MediaError

TESSDATA_SETTING = "KOLTRUST_TESSDATA_PATH"
DEBIAN_TESSDATA = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
)
# Readings below this confidence are dropped. Measured on 150 rendered caption lines (sizes
# 20-56 px, white/yellow/grey, outlined or not, plain and busy backgrounds): every reading with
# >= 0.9 character accuracy scored >= 0.89; strings read from pictures without text (shapes,
# stripes, symbols over busy backgrounds) scored 0.09-0.85, most below 0.7, and the ones above
# are mostly symbols, which _looks_like_text drops.
MIN_CONFIDENCE = 0.7
# letters and digits make up at least this share of a kept line's visible characters
TEXT_SHARE = 0.5
# words at a line's ends this short and this unsure are specks of the picture, not text
SPECK_LENGTH = 2
SPECK_CONFIDENCE = 0.6
# a reading this confident is kept without trying the other binarisations
GOOD_ENOUGH = 0.85
# the whole-frame fallback reads at most this many pixels across
WHOLE_FRAME_MAX_SIDE = 2000
LINE_TIMEOUT_MS = 5_000
FRAME_TIMEOUT_MS = 30_000
CACHE_SIZE = 512
# smaller pictures hold no readable text; larger ones are shrunk first (bounded memory and time)
MIN_SIDE = 8
MAX_FRAME_PIXELS = 40_000_000
_PSM_LINE = tesserocr.PSM.SINGLE_LINE
_PSM_SPARSE = tesserocr.PSM.SPARSE_TEXT


@dataclass(frozen=True)
class OcrLine:
    """One line of text seen in a picture."""

    text: str
    confidence: float  # 0..1
    box: tuple[int, int, int, int]  # left, top, right, bottom


class OcrUnavailable(RuntimeError):
    """Tesseract or its language data is not installed; the message says what to install."""


def find_tessdata(configured: Path | None) -> Path | None:
    """The Tesseract language-data folder: ``configured`` when given (None if it holds no
    ``.traineddata``), else ``$TESSDATA_PREFIX`` or Debian's folders."""
    if configured is not None:
        return configured if _holds_traineddata(configured) else None
    candidates: list[Path] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [Path(prefix), Path(prefix) / "tessdata"]
    candidates += DEBIAN_TESSDATA
    return next((path for path in candidates if _holds_traineddata(path)), None)


def ocr_languages(tessdata: Path) -> list[str]:
    """The languages Tesseract can read with the data in ``tessdata`` (e.g. ``["eng", "vie"]``)."""
    if not tessdata.is_dir():
        return []
    names = {path.name.removesuffix(".traineddata") for path in tessdata.glob("*.traineddata")}
    return sorted(names - {"osd", "equ"})


def debian_package(language: str) -> str:
    """Debian's package holding a Tesseract language: ``chi_sim`` -> ``tesseract-ocr-chi-sim``."""
    return "tesseract-ocr-" + language.lower().replace("_", "-")


class TesseractReader:
    """Reads the text lines of pictures; one Tesseract engine, reused for every picture.

    Safe to share between threads (Tesseract calls take turns); for two pictures at once on two
    cores, give each thread its own reader.
    """

    def __init__(
        self,
        tessdata: Path | None,
        languages: Sequence[str] = ("vie", "eng"),
        *,
        use_detector: bool = True,
        detector: DetectorSettings = DetectorSettings(),
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        self.tessdata = _checked_tessdata(tessdata, languages)
        self.languages = tuple(languages)
        self.min_confidence = min_confidence
        self._api = _tesseract_engine(self.tessdata, self.languages)
        self._lock = threading.Lock()
        self._closed = False
        # Tesseract runs so far, and line crops answered from the cache instead
        self.recognitions = 0
        self.cache_hits = 0
        self._cache: OrderedDict[bytes, tuple[str, float]] = OrderedDict()
        self._binarisations = available_binarisations()
        self._detector: LineDetector | None = None
        self.detector_reason: str | None = "not requested"
        if use_detector:
            self._detector, self.detector_reason = _optional_detector(detector)

    @property
    def detector_available(self) -> bool:
        """Whether text lines are found by the detector (else Tesseract reads whole frames)."""
        return self._detector is not None

    def read(self, image: Image.Image) -> list[OcrLine]:
        """The confident text lines in ``image``, top to bottom (left to right within a row);
        MediaError when the picture's pixels cannot be read."""
        self._ensure_open()
        if min(image.size) < MIN_SIDE:
            return []
        frame = _normalised(image)
        if self._detector is None:
            with self._lock:
                lines = self._read_whole_frame(frame)
        else:
            lines = self._read_detected_lines(frame, self._detector)
        return _top_to_bottom([line for line in lines if self._worth_keeping(line)])

    def close(self) -> None:
        """Free Tesseract's memory; the reader cannot read afterwards."""
        with self._lock:
            if not self._closed:
                self._api.End()
            self._closed = True
            self._detector = None
            self._cache.clear()

    def __enter__(self) -> TesseractReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _ensure_open(self) -> None:
        if self._closed:
            raise RuntimeError("this TesseractReader is closed; make a new one")

    def _worth_keeping(self, line: OcrLine) -> bool:
        return line.confidence >= self.min_confidence and _looks_like_text(line.text)

    def _read_detected_lines(self, image: Image.Image, detector: LineDetector) -> list[OcrLine]:
        lines = []
        for box in detector.find_lines(image):
            crop = line_crop(image, box)
            with self._lock:
                text, confidence = self._read_crop(crop)
            lines.append(OcrLine(text, confidence, box))
        return lines

    def _read_crop(self, crop: LineCrop) -> tuple[str, float]:
        """The most confident reading of one line crop, from the cache when seen before."""
        self._ensure_open()
        key = crop_key(crop)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self.cache_hits += 1
            return cached
        best = ("", 0.0)
        for binarisation in self._binarisations:
            page = binarisation.prepare(crop)
            if page is None:
                continue
            reading = self._recognise_line(page_for_tesseract(page))
            if reading[1] > best[1]:
                best = reading
            if best[1] >= GOOD_ENOUGH:
                break
        self._cache[key] = best
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return best

    def _recognise_line(self, page: Image.Image) -> tuple[str, float]:
        self.recognitions += 1
        self._api.SetPageSegMode(_PSM_LINE)
        self._api.SetImage(page)
        if not self._api.Recognize(timeout=LINE_TIMEOUT_MS) or not self._api.GetUTF8Text().strip():
            return "", 0.0
        words = _without_edge_specks(
            [
                (_clean(word), confidence / 100)
                for word, confidence in self._api.MapWordConfidences()
            ]
        )
        return _joined(words)

    def _read_whole_frame(self, image: Image.Image) -> list[OcrLine]:
        """Tesseract's own layout analysis on the frame, each binarisation until one is
        confident; the reading with the most confidently read characters wins."""
        self._ensure_open()
        frame, scale = _shrunk(image, WHOLE_FRAME_MAX_SIDE)
        best: list[OcrLine] = []
        for binarisation in self._binarisations:
            page = binarisation.prepare(LineCrop.whole(frame))
            if page is None:
                continue
            lines = self._recognise_page(page, scale, image.size)
            if _weight(lines) > _weight(best):
                best = lines
            kept = [line.confidence for line in best if self._worth_keeping(line)]
            if kept and min(kept) >= GOOD_ENOUGH:
                break
        return best

    def _recognise_page(
        self, page: Image.Image, scale: float, frame_size: tuple[int, int]
    ) -> list[OcrLine]:
        self.recognitions += 1
        self._api.SetPageSegMode(_PSM_SPARSE)
        self._api.SetImage(page)
        if not self._api.Recognize(timeout=FRAME_TIMEOUT_MS) or not self._api.GetUTF8Text().strip():
            return []
        level = tesserocr.RIL.TEXTLINE
        lines = []
        for item in tesserocr.iterate_level(self._api.GetIterator(), level):
            if item.Empty(level):
                continue
            text = _clean(item.GetUTF8Text(level) or "")
            box = _frame_box(item.BoundingBox(level), scale, frame_size=frame_size)
            lines.append(OcrLine(text, item.Confidence(level) / 100, box))
        return [line for line in lines if line.text]


def _holds_traineddata(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*.traineddata"))


def _checked_tessdata(configured: Path | None, languages: Sequence[str]) -> Path:
    """The tessdata folder holding every one of ``languages``, or OcrUnavailable saying what
    to install."""
    if not languages:
        raise ValueError("give at least one Tesseract language, e.g. ('vie', 'eng')")
    tessdata = find_tessdata(configured)
    packages = " ".join(["tesseract-ocr", *(debian_package(lang) for lang in languages)])
    if tessdata is None:
        where = f"{configured} holds no .traineddata files" if configured else "none was found"
        raise OcrUnavailable(
            f"Tesseract language data is needed to read on-screen text but {where}: run "
            f"`apt-get install {packages}`, or set {TESSDATA_SETTING} to the folder holding "
            f"{', '.join(f'{lang}.traineddata' for lang in languages)}"
        )
    missing = [lang for lang in languages if not (tessdata / f"{lang}.traineddata").is_file()]
    if missing:
        raise OcrUnavailable(
            f"Tesseract has no {', '.join(missing)} language data in {tessdata}: run "
            f"`apt-get install {' '.join(debian_package(lang) for lang in missing)}`, or set "
            f"{TESSDATA_SETTING} to a folder holding "
            f"{', '.join(f'{lang}.traineddata' for lang in missing)}"
        )
    return tessdata


def _tesseract_engine(tessdata: Path, languages: Sequence[str]) -> Any:
    try:
        api = tesserocr.PyTessBaseAPI(
            path=str(tessdata),
            lang="+".join(languages),
            psm=_PSM_LINE,
            oem=tesserocr.OEM.LSTM_ONLY,
        )
    except RuntimeError as exc:
        raise OcrUnavailable(
            f"Tesseract cannot load {'+'.join(languages)} from {tessdata} ({exc}): reinstall "
            f"the language data (`apt-get install --reinstall "
            f"{' '.join(debian_package(lang) for lang in languages)}`)"
        ) from exc
    # captions carry no resolution; this silences Tesseract's "invalid resolution" warnings
    api.SetVariable("user_defined_dpi", "300")
    return api


def _optional_detector(settings: DetectorSettings) -> tuple[LineDetector | None, str | None]:
    try:
        return LineDetector(settings), None
    except DetectorUnavailable as exc:
        return None, f"{exc}; reading whole frames with Tesseract instead"


def _normalised(image: Image.Image) -> Image.Image:
    """The picture in RGB or greyscale, shrunk by a whole factor to at most MAX_FRAME_PIXELS
    (``reduce`` makes no full-size copy)."""
    try:
        frame = image if image.mode in ("RGB", "L", "RGBA", "LA") else image.convert("RGB")
        factor = math.ceil(math.sqrt(frame.width * frame.height / MAX_FRAME_PIXELS))
        if factor > 1:
            frame = frame.reduce(factor)
        return frame if frame.mode in ("RGB", "L") else frame.convert("RGB")
    except (OSError, ValueError) as exc:
        raise MediaError(
            "corrupt_media", f"the picture's pixels cannot be read ({exc}); re-export it as PNG"
        ) from exc


def _shrunk(image: Image.Image, max_side: int) -> tuple[Image.Image, float]:
    scale = min(1.0, max_side / max(image.size))
    source = image if image.mode in ("RGB", "L") else image.convert("RGB")
    if scale == 1.0:
        return source, 1.0
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0), scale


def _frame_box(box: Box, scale: float, *, frame_size: tuple[int, int]) -> Box:
    """A box on a prepared page (shifted by its margin, maybe shrunk) back in frame pixels."""
    width, height = frame_size
    left, top, right, bottom = (max(0.0, (value - MARGIN) / scale) for value in box)
    return (
        min(width, round(left)),
        min(height, round(top)),
        min(width, round(right)),
        min(height, round(bottom)),
    )


def _looks_like_text(text: str) -> bool:
    """At least two letters or digits, and they make up half the line: strings of symbols
    (``{1_*})``, ``|<;+>``) are read from stripes and outlines in the picture."""
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalnum() for ch in visible)
    return letters >= 2 and letters >= TEXT_SHARE * len(visible)


def _without_edge_specks(words: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The words without unsure one- or two-character words at either end: bits of the
    picture beside a caption read as ``'``, ``=`` or ``1``."""
    words = [(word, confidence) for word, confidence in words if word]
    while words and _is_speck(*words[0]):
        words = words[1:]
    while words and _is_speck(*words[-1]):
        words = words[:-1]
    return words


def _is_speck(word: str, confidence: float) -> bool:
    return len(word) <= SPECK_LENGTH and confidence < SPECK_CONFIDENCE


def _joined(words: list[tuple[str, float]]) -> tuple[str, float]:
    """The line's text and its confidence: the words' confidences weighted by their length."""
    if not words:
        return "", 0.0
    length = sum(len(word) for word, _confidence in words)
    confidence = sum(len(word) * confidence for word, confidence in words) / length
    return " ".join(word for word, _confidence in words), confidence


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _weight(lines: Sequence[OcrLine]) -> float:
    return sum(line.confidence * len(line.text) for line in lines)


def _top_to_bottom(lines: list[OcrLine]) -> list[OcrLine]:
    """Rows top to bottom, and left to right within a row (a line whose middle lies within the
    previous line's height is on the same row)."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: line.box[1]):
        middle = (line.box[1] + line.box[3]) / 2
        if rows and rows[-1][0].box[1] <= middle <= rows[-1][0].box[3]:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.box[0])]
