"""Normal form and diacritic folding, so that "nguyen" finds "Nguyễn"."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.text.fold import fold, has_control_characters, nfc


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn", "nguyen"),
        ("NGUYỄN", "nguyen"),
        ("Đặng Thị Ánh", "dang thi anh"),
        ("đường", "duong"),
        ("Hồ Chí Minh", "ho chi minh"),
        ("Bà Rịa – Vũng Tàu", "ba ria – vung tau"),
        ("Ðặng", "dang"),  # U+00D0, the Icelandic eth that looks like Đ
        ("Łódź Øresund", "lodz oresund"),
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),
        ("İstanbul", "istanbul"),
        ("100% real_deal", "100% real_deal"),
        ("😀 emoji", "😀 emoji"),
        ("", ""),
    ],
)
def test_fold_strips_marks_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_treats_composed_and_decomposed_input_alike() -> None:
    composed = "Trần Thị Ngọc Ánh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed

    assert fold(decomposed) == fold(composed) == "tran thi ngoc anh"


def test_nfc_composes_combining_marks() -> None:
    decomposed = "Nguye\u0302\u0303n"

    assert nfc(decomposed) == "Nguyễn"
    assert len(nfc(decomposed)) == 6
    assert nfc("Nguyễn") == "Nguyễn"


@pytest.mark.parametrize(
    ("text", "has"),
    [
        ("plain", False),
        ("tab\tnew\nline\r", False),
        ("nul\x00", True),
        ("bell\x07", True),
        ("escape\x1b[31m", True),
        ("del\x7f", True),
        ("c1\x85", True),
        ("lone\ud800", True),
        ("zero\u200bwidth", False),  # a format character, used inside emoji sequences
        ("👩\u200d👧", False),
    ],
)
def test_control_characters_are_detected(text: str, has: bool) -> None:
    assert has_control_characters(text) is has


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_fold_never_raises_and_is_idempotent(text: str) -> None:
    once = fold(text)

    assert fold(once) == once


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_fold_output_has_no_combining_marks_and_no_capitals(text: str) -> None:
    folded = fold(text)

    assert not any(unicodedata.combining(ch) for ch in folded)
    assert folded == folded.casefold()


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_fold_ignores_the_normal_form_of_its_input(text: str) -> None:
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
