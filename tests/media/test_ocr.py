"""On-screen text: captions drawn with Pillow (white letters, black outline, plain or over a busy
picture) are read back by Tesseract with their diacritics; pictures without text give nothing."""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from koltrust.media.ocr import (
    OcrUnavailable,
    TesseractReader,
    find_tessdata,
    ocr_languages,
)

TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
SIZE = (1280, 720)
VIETNAMESE = (
    "Giảm giá 50% hôm nay, mua ngay tại Shopee",
    "Sản phẩm chữa khỏi tiểu đường",
    "Quảng cáo: hợp tác với nhãn hàng",
)
ENGLISH = "Buy now with my discount code KOL20"
FRENCH = "Offre spéciale : livraison gratuite dès demain"
SEEDS = range(3)


def _needs(*languages: str) -> None:
    missing = [lang for lang in languages if not (TESSDATA / f"{lang}.traineddata").is_file()]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        pytest.skip(f"Tesseract language data missing in {TESSDATA}: apt-get install {packages}")


@pytest.fixture(scope="module")
def reader() -> Iterator[TesseractReader]:
    _needs("vie", "eng")
    with TesseractReader(TESSDATA, ("vie", "eng")) as vietnamese:
        yield vietnamese


@pytest.fixture(scope="module")
def french_reader() -> Iterator[TesseractReader]:
    _needs("fra", "eng")
    with TesseractReader(TESSDATA, ("fra", "eng")) as french:
        yield french


def _busy_picture(seed: int) -> Image.Image:
    """Colourful rectangles, ellipses and lines: the background that defeats plain Tesseract."""
    rng = random.Random(seed)
    picture = Image.new("RGB", SIZE, (40, 44, 52))
    draw = ImageDraw.Draw(picture)
    for _ in range(400):
        left, top = rng.randrange(-100, SIZE[0]), rng.randrange(-100, SIZE[1])
        right, bottom = left + rng.randrange(10, 220), top + rng.randrange(10, 160)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
        shape((left, top, right, bottom), fill=colour)
    for _ in range(150):
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        ends = [rng.randrange(SIZE[0]), rng.randrange(SIZE[1])] * 2
        ends[2:] = [rng.randrange(SIZE[0]), rng.randrange(SIZE[1])]
        draw.line(ends, colour, rng.randint(1, 5))
    return picture


def _caption(text: str, *, noisy: bool, seed: int = 0, at: float = 0.78) -> Image.Image:
    """A 1280x720 frame with ``text`` in white with a black outline, centred at height ``at``."""
    frame = _busy_picture(seed) if noisy else Image.new("RGB", SIZE, (24, 26, 34))
    _draw_caption(frame, text, at)
    return frame


def _draw_caption(frame: Image.Image, text: str, at: float) -> None:
    draw = ImageDraw.Draw(frame)
    pixels = 44
    font = ImageFont.truetype(str(FONT), pixels)
    while draw.textlength(text, font=font) > SIZE[0] - 80:
        pixels -= 2
        font = ImageFont.truetype(str(FONT), pixels)
    width = draw.textlength(text, font=font)
    position = ((SIZE[0] - width) / 2, SIZE[1] * at)
    draw.text(position, text, font=font, fill="white", stroke_width=3, stroke_fill="black")


def _read(reader: TesseractReader, frame: Image.Image) -> str:
    return " ".join(line.text for line in reader.read(frame))


def _accuracy(read: str, truth: str) -> float:
    return Levenshtein.normalized_similarity(read, truth)


def _marks(text: str) -> str:
    """The diacritics of ``text`` in order (Vietnamese tone and vowel marks, French accents)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.combining(ch))


def test_plain_vietnamese_captions_are_read_with_their_diacritics(
    reader: TesseractReader,
) -> None:
    for truth in VIETNAMESE:
        read = _read(reader, _caption(truth, noisy=False))
        assert _accuracy(read, truth) >= 0.97, read
        assert _marks(read) == _marks(truth), read


def test_vietnamese_captions_over_a_busy_picture_are_read(reader: TesseractReader) -> None:
    accuracies = []
    for truth in VIETNAMESE:
        for seed in SEEDS:
            read = _read(reader, _caption(truth, noisy=True, seed=seed))
            accuracies.append(_accuracy(read, truth))
            assert _accuracy(read, truth) >= 0.95, read
            assert Levenshtein.normalized_similarity(_marks(read), _marks(truth)) >= 0.9, read
    assert sum(accuracies) / len(accuracies) >= 0.97


@pytest.mark.parametrize("noisy", [False, True])
def test_english_captions_are_read_by_the_vietnamese_and_english_reader(
    reader: TesseractReader, noisy: bool
) -> None:
    read = _read(reader, _caption(ENGLISH, noisy=noisy, seed=11))
    assert _accuracy(read, ENGLISH) >= (0.95 if noisy else 0.97), read


@pytest.mark.parametrize("noisy", [False, True])
def test_french_captions_keep_their_accents(french_reader: TesseractReader, noisy: bool) -> None:
    read = _read(french_reader, _caption(FRENCH, noisy=noisy, seed=12))
    assert _accuracy(read, FRENCH) >= (0.95 if noisy else 0.97), read
    assert _marks(read) == _marks(FRENCH), read


def test_lines_come_top_to_bottom_with_boxes_around_them(reader: TesseractReader) -> None:
    frame = _caption(VIETNAMESE[1], noisy=False, at=0.82)
    _draw_caption(frame, VIETNAMESE[2], at=0.1)
    lines = reader.read(frame)
    assert [line.text for line in lines] == [VIETNAMESE[2], VIETNAMESE[1]]
    top, bottom = lines
    assert top.box[3] < SIZE[1] * 0.3 < SIZE[1] * 0.7 < bottom.box[1]
    assert all(0 <= line.box[0] < line.box[2] <= SIZE[0] for line in lines)
    assert all(0.7 <= line.confidence <= 1 for line in lines)


@pytest.mark.parametrize("noisy", [False, True])
def test_a_caption_wrapped_on_two_close_lines_keeps_each_lines_diacritics(
    reader: TesseractReader, noisy: bool
) -> None:
    first, second = "Sản phẩm chữa", "khỏi tiểu đường"
    frame = _caption(first, noisy=noisy, seed=31, at=0.7)
    # 44-pixel letters 54 pixels apart: each line's crop shows part of the other (read
    # "san pham" or "Sản." before crops kept to their own line's rows)
    _draw_caption(frame, second, at=0.7 + 54 / SIZE[1])
    assert [line.text for line in reader.read(frame)] == [first, second]


def test_pictures_without_text_give_no_lines(reader: TesseractReader) -> None:
    assert reader.read(Image.new("RGB", SIZE, (24, 26, 34))) == []
    for seed in SEEDS:
        assert reader.read(_busy_picture(100 + seed)) == []


@pytest.mark.parametrize(
    "picture",
    [
        Image.new("RGB", (5, 5), "white"),
        Image.new("L", (1, 3000)),
        Image.new("RGBA", (300, 40)),
        Image.new("P", (640, 360)),
        Image.new("I;16", (640, 360)),
        Image.new("L", (12_000, 9_000), 255),
    ],
    ids=["5x5", "1x3000", "transparent", "palette", "16-bit", "108-megapixel blank"],
)
def test_odd_and_huge_blank_pictures_give_no_lines(
    reader: TesseractReader, picture: Image.Image
) -> None:
    assert reader.read(picture) == []


def test_a_repeated_caption_is_read_from_the_cache(reader: TesseractReader) -> None:
    frame = _caption("Mã giảm giá chỉ có trong hôm nay", noisy=True, seed=21)
    first = reader.read(frame)
    recognitions, hits = reader.recognitions, reader.cache_hits
    assert reader.read(frame.copy()) == first
    assert (reader.recognitions, reader.cache_hits) == (recognitions, hits + len(first))


def test_one_reader_serves_two_threads(reader: TesseractReader) -> None:
    frames = [_caption(truth, noisy=False) for truth in VIETNAMESE]
    alone = [reader.read(frame) for frame in frames]
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(reader.read, frames)) == alone


def test_without_the_detector_tesseract_reads_the_whole_frame() -> None:
    _needs("vie", "eng")
    with TesseractReader(TESSDATA, use_detector=False) as whole_frame:
        assert not whole_frame.detector_available
        assert whole_frame.detector_reason
        for truth in VIETNAMESE:
            read = _read(whole_frame, _caption(truth, noisy=False))
            assert _accuracy(read, truth) >= 0.97, read


def test_where_opencv_does_not_load_the_reader_says_why_and_reads_whole_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _needs("vie", "eng")
    # what a machine without libGL sees: importing OpenCV (and so RapidOCR) fails
    for module in ("cv2", "rapidocr_onnxruntime", "rapidocr_onnxruntime.ch_ppocr_det"):
        monkeypatch.setitem(sys.modules, module, None)
    with TesseractReader(TESSDATA) as without_opencv:
        assert not without_opencv.detector_available
        assert "does not load" in str(without_opencv.detector_reason)
        read = _read(without_opencv, _caption(VIETNAMESE[1], noisy=False))
        assert _accuracy(read, VIETNAMESE[1]) >= 0.97, read


def test_a_closed_reader_refuses_to_read() -> None:
    _needs("vie", "eng")
    closed = TesseractReader(TESSDATA)
    closed.close()
    closed.close()
    with pytest.raises(RuntimeError, match="closed"):
        closed.read(Image.new("RGB", SIZE))


def test_a_missing_language_says_which_package_to_install(tmp_path: Path) -> None:
    _needs("eng")
    (tmp_path / "eng.traineddata").symlink_to(TESSDATA / "eng.traineddata")
    assert ocr_languages(tmp_path) == ["eng"]
    with pytest.raises(OcrUnavailable) as missing:
        TesseractReader(tmp_path, ("vie", "eng"))
    assert "apt-get install tesseract-ocr-vie" in str(missing.value)
    assert "KOLTRUST_TESSDATA_PATH" in str(missing.value)
    with TesseractReader(tmp_path, ("eng",)) as english:
        assert _accuracy(_read(english, _caption(ENGLISH, noisy=False)), ENGLISH) >= 0.97


def test_a_folder_without_language_data_is_not_tessdata(tmp_path: Path) -> None:
    assert find_tessdata(tmp_path) is None
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
        TesseractReader(tmp_path)


def test_tessdata_is_found_through_tessdata_prefix_then_debian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs("eng")
    (tmp_path / "eng.traineddata").symlink_to(TESSDATA / "eng.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert find_tessdata(None) == tmp_path
    monkeypatch.delenv("TESSDATA_PREFIX")
    assert find_tessdata(None) == TESSDATA
    assert "eng" in ocr_languages(TESSDATA)
    assert "osd" not in ocr_languages(TESSDATA)
