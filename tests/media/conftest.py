"""Media built offline for the tests: captions drawn with Pillow, speech from espeak-ng,
assembled with PyAV. Tests that read on-screen text or speech skip where the Debian packages
are missing (CI installs them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from koltrust.media.ocr import find_tessdata, ocr_languages
from koltrust.media.synth import Scene, build_video
from tests.web.conftest import admin_client  # noqa: F401 - the media pages use it too

# a 24-second clip: Vietnamese on screen (plain and over busy backgrounds), English speech
SCENES = (
    Scene(
        0,
        6,
        "Chào cả nhà, hôm nay review viên uống collagen",
        speech="Hello everyone, today I review a collagen supplement.",
    ),
    Scene(
        6,
        12,
        "Viên uống chữa khỏi tiểu đường",
        noisy=True,
        seed=7,
        speech="This supplement cures diabetes with no side effects.",
    ),
    Scene(
        12,
        18,
        "Nhập mã LINH20 giảm 20% tại Shopee",
        speech="Use my discount code for twenty percent off, link in bio.",
    ),
    Scene(
        18,
        24,
        "Cảm ơn cả nhà đã xem!",
        noisy=True,
        seed=8,
        speech="Thanks for watching, see you next time.",
    ),
)


def needs_ocr() -> None:
    """Skip unless Tesseract's Vietnamese and English data are installed."""
    tessdata = find_tessdata(None)
    if tessdata is None or not {"vie", "eng"} <= set(ocr_languages(tessdata)):
        pytest.skip("on-screen text needs tesseract-ocr-vie and -eng: apt-get install them")


def needs_speech() -> None:
    """Skip unless espeak-ng can make the test's speech."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("the test's speech is made with espeak-ng: apt-get install espeak-ng")


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test clip (with its speech where espeak-ng is installed)."""
    return build_video(SCENES, tmp_path_factory.mktemp("clip") / "review.mp4")
