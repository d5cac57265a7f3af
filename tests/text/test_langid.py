"""Language identification among vi, en, fr and id."""

from __future__ import annotations

import pytest

from koltrust.text.langid import SUPPORTED, identify


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sản phẩm này giúp da sáng mịn, mình dùng được hai tuần rồi", "vi"),
        ("San pham nay giup da sang min, minh dung duoc hai tuan roi nhe", "vi"),
        ("Giam gia 50% cho ban nao mua hom nay", "vi"),
        ("This serum cleared my skin in two weeks, honestly love it", "en"),
        ("Ce sérum a vraiment changé ma peau en deux semaines", "fr"),
        ("Serum ini bikin kulit aku lebih cerah dalam dua minggu", "id"),
    ],
)
def test_identifies_the_language_of_short_posts(text: str, language: str) -> None:
    guess = identify(text)

    assert guess.language == language
    assert 0.5 <= guess.confidence <= 1.0


def test_answers_only_with_supported_languages() -> None:
    for text in ("Das ist ein deutscher Satz über Hautpflege", "これは日本語です", "12345 !!!"):
        assert identify(text).language in SUPPORTED


def test_empty_text_is_vietnamese_with_no_confidence() -> None:
    guess = identify("   ")

    assert guess.language == "vi"
    assert guess.confidence == 0.0


def test_english_with_a_few_vietnamese_lookalike_words_stays_english() -> None:
    assert identify("I like to co-work at la cafe on my ban day").language == "en"
