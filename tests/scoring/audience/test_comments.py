"""Duplicate and generic comments, in Vietnamese with and without diacritics and other languages."""

from __future__ import annotations

import pytest

from koltrust.scoring.audience.comments import (
    analyse_comments,
    comment_key,
    comments_part,
    generic_phrases,
)


def test_a_vietnamese_comment_typed_without_diacritics_is_an_exact_duplicate() -> None:
    report = analyse_comments(
        ["Son này màu đẹp thật sự, mua ở đâu vậy?", "son nay mau dep that su mua o dau vay"]
    )

    assert report.exact_duplicates == 1
    assert report.generic == 0


def test_case_punctuation_emoji_and_stretched_letters_do_not_hide_a_copy() -> None:
    assert comment_key("ĐẸP QUÁÁÁ!!! 😍") == comment_key("dep qua") == "dep qua"


def test_a_template_with_one_word_changed_is_a_near_duplicate() -> None:
    report = analyse_comments(
        [
            "Check my profile for free followers now",
            "Check my profile for free followers today",
            "Where did you buy this jacket?",
        ]
    )

    assert report.exact_duplicates == 0
    assert report.near_duplicates == 1
    assert report.suspicious == 1


@pytest.mark.parametrize(
    "text",
    [
        "Đẹp quá chị ơi!!!",
        "dep qua chi oi",
        "hay quáaaa",
        "Nice!!",
        "nice one bro",
        "C'est trop beau",
        "J’adore !!",
        "Keren banget kak",
        "😍😍😍",
        "🔥",
        "!!!",
    ],
)
def test_generic_comments_in_several_languages_and_emoji_only_are_generic(text: str) -> None:
    assert generic_phrases().is_generic(comment_key(text))


@pytest.mark.parametrize(
    "text",
    [
        "Giá bao nhiêu vậy shop?",
        "Sản phẩm này có an toàn cho da nhạy cảm không?",
        "Love the colour of this dress",
        "Où as-tu acheté ce sac ?",
        "Kak, ini beli di mana?",
    ],
)
def test_comments_about_the_post_are_not_generic(text: str) -> None:
    assert not generic_phrases().is_generic(comment_key(text))


def test_a_comment_both_generic_and_copied_counts_once() -> None:
    report = analyse_comments(["đẹp quá", "Đẹp quá", "dep qua!!"])

    assert report.exact_duplicates == 2
    assert report.generic == 3
    assert report.suspicious == 3
    assert report.suspicious_share == 1.0


def test_the_comments_part_tolerates_the_usual_share_of_generic_comments() -> None:
    real = [
        "Mua ở đâu vậy chị?",
        "Son này có bị khô môi không?",
        "Giá bao nhiêu vậy shop?",
        "Em dùng rồi, lên màu chuẩn lắm",
        "Da dầu dùng được không ạ?",
        "Where can I buy it in Hanoi?",
        "Video hướng dẫn dễ hiểu ghê",
        "Có ship ra Đà Nẵng không?",
        "Màu số 3 tên là gì vậy?",
    ]
    genuine = comments_part([*real, "Ảnh chụp ở Hội An à?", "đẹp quá", "hay quá", "nice", "😍"])
    bots = comments_part(["đẹp quá"] * 12 + ["Mua ở đâu?"])

    assert genuine is not None
    assert bots is not None
    assert genuine.value == 1.0
    assert bots.value == 0.0
    assert bots.details["exact_duplicates"] == 11


def test_too_few_comments_give_no_comments_part() -> None:
    assert comments_part(["đẹp quá"] * 9) is None
