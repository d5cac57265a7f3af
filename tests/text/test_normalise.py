"""The matching views of a post, and the offset maps that point findings at its original text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.text.chars import (
    _OTHER_SPLIT,
    _VIETNAMESE_FRENCH,
    _fold_decomposed,
    _map_mixed,
    _map_self_mapped,
    fold_plain,
    is_plain,
    map_char,
)
from koltrust.text.confusables import HOMOGLYPHS
from koltrust.text.fold import fold
from koltrust.text.normalise import (
    _SPACED_LETTERS,
    NormalisedText,
    _repeat_runs,
    _spaced_runs,
    leet_variants,
    normalise,
)
from koltrust.text.offsets import full_map

PROPERTY = settings(max_examples=300, deadline=None)


def original_of(text: str, phrase: str, view: str = "view") -> str:
    """The original characters behind the first ``phrase`` found in a view of ``text``."""
    normalised = normalise(text)
    found = normalised.text_of(view).find(phrase)
    assert found >= 0, f"{phrase!r} not in {normalised.text_of(view)!r}"
    start, end = normalised.to_original(view, found, found + len(phrase))
    return text[start:end]


# Examples, one or more per step


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("Chữa khỏi hoàn toàn", "chua khoi hoan toan"),
        ("ĐẶNG THỊ ÁNH đường", "dang thi anh duong"),
        ("Straße ﬁnance", "strasse finance"),
        ("", ""),
    ],
)
def test_case_and_vietnamese_diacritics_are_folded(text: str, view: str) -> None:
    assert normalise(text).view == view


@pytest.mark.parametrize(
    "word", ["Nguyễn", "Trần Thị Ngọc Ánh", "Bà Rịa – Vũng Tàu", "Łódź Øresund", "İstanbul"]
)
def test_letters_fold_as_koltrust_fold_does(word: str) -> None:
    assert normalise(word).view == fold(word)


def test_spaced_letters_with_dots_are_joined_and_map_back_to_the_dotted_original() -> None:
    text = "Sản phẩm này c.h.ữ.a k.h.ỏ.i ung thư"

    assert normalise(text).view == "san pham nay chua khoi ung thu"
    assert original_of(text, "chua khoi") == "c.h.ữ.a k.h.ỏ.i"
    assert original_of(text, "khoi") == "k.h.ỏ.i"


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("c-h-ữ-a", "chua"),
        ("c_h_ữ_a", "chua"),
        ("c*h*ữ*a", "chua"),
        ("c•h•ữ•a", "chua"),
        ("x.y", "x.y"),  # two letters are not a run
        ("v.v. và", "v.v. va"),
        ("c.h.ua", "c.h.ua"),  # "ua" is not a single letter
        ("T.P. H.C.M", "t.p. hcm"),
        ("1.3.5.7", "1.3.5.7"),  # numbers are not spaced letters
    ],
)
def test_single_letters_split_by_one_repeated_separator_are_joined(text: str, view: str) -> None:
    assert normalise(text).view == view


def test_letters_spaced_by_single_spaces_become_one_token_and_the_compact_view_matches() -> None:
    text = "Đây là q u ả n g c á o nhé"
    normalised = normalise(text)

    assert normalised.view == "day la quangcao nhe"
    assert original_of(text, "quangcao") == "q u ả n g c á o"
    # the compact view lets "quảng cáo", however spaced, match one de-spaced phrase
    assert normalise("quảng cáo").compact == "quangcao"
    assert original_of(text, "quangcao", view="compact") == "q u ả n g c á o"


def test_a_double_space_keeps_spaced_words_apart() -> None:
    assert normalise("q u ả n g  c á o").view == "quang cao"


def test_compact_spans_map_back_across_removed_spaces() -> None:
    text = "Cam kết chữa   khỏi 100%"

    assert normalise(text).compact == "camketchuakhoi100%"
    assert original_of(text, "chuakhoi", view="compact") == "chữa   khỏi"


@pytest.mark.parametrize(
    ("text", "view", "styled"),
    [
        ("Trà này 𝗰𝘂𝗿𝗲𝘀 cancer", "tra nay cures cancer", "𝗰𝘂𝗿𝗲𝘀"),
        ("ｃｕｒｅ 100%", "cure 100%", "ｃｕｒｅ"),
        ("𝓒𝓤𝓡𝓔 now", "cure now", "𝓒𝓤𝓡𝓔"),
        ("ⓒⓤⓡⓔ", "cure", "ⓒⓤⓡⓔ"),
    ],
)
def test_styled_and_full_width_letters_become_plain(text: str, view: str, styled: str) -> None:
    assert normalise(text).view == view
    assert original_of(text, "cure") == styled[:4]


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("\u0441ur\u0435s", "cures"),  # Cyrillic с and е
        ("СКАМ", "ckam"),  # Cyrillic capitals
        ("ΝΙΚΕ", "nike"),  # Greek capitals
        ("ѕсаm", "scam"),
        ("Chữа khỏі", "chua khoi"),  # Cyrillic а and і inside Vietnamese words
    ],
)
def test_cyrillic_and_greek_look_alikes_become_latin(text: str, view: str) -> None:
    assert normalise(text).view == view


def test_look_alike_spans_point_at_the_cyrillic_letters() -> None:
    assert original_of("Nó \u0441ur\u0435s ung thư", "cures") == "\u0441ur\u0435s"


def test_the_look_alike_table_maps_about_sixty_letters_to_latin() -> None:
    assert len(HOMOGLYPHS) >= 60
    assert all(value.isascii() and value.isalpha() for value in HOMOGLYPHS.values())


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\u3164"],
)
def test_invisible_characters_inside_a_word_are_removed_and_spans_cover_them(hidden: str) -> None:
    text = f"Hàng qu{hidden}ảng cáo"

    assert normalise(text).view == "hang quang cao"
    assert original_of(text, "quang cao") == f"qu{hidden}ảng cáo"


def test_control_characters_are_removed_and_line_breaks_separate_like_spaces() -> None:
    assert normalise("chữa\x00 khỏi\x07\r\n\tung\u2028thư").view == "chua khoi ung thu"


def test_whitespace_runs_become_one_space() -> None:
    text = "chữa  \n\n khỏi\u00a0\u3000ung thư"

    assert normalise(text).view == "chua khoi ung thu"
    assert original_of(text, "chua khoi") == "chữa  \n\n khỏi"


def test_decomposed_input_gives_the_composed_view_with_spans_in_the_decomposed_text() -> None:
    composed = "Sản phẩm chữa khỏi tiểu đường 100%"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed

    assert normalise(decomposed).view == normalise(composed).view
    assert original_of(decomposed, "chua khoi") == unicodedata.normalize("NFD", "chữa khỏi")
    # the last letter carries its marks: the span does not cut "ỏ" in half
    assert original_of(decomposed, "khoi") == unicodedata.normalize("NFD", "khỏi")
    assert original_of(decomposed, "kho") == unicodedata.normalize("NFD", "khỏ")


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("ch3@p", "cheap"),
        ("fr33 sh1p", "free ship"),
        ("h0t d3al", "hot deal"),
        ("m1ễn ph1", "mien phi"),
        ("giảm 50%", "giam 50%"),
        ("năm 2025", "nam 2025"),
        ("giao 24h, 500mg, 299k, 2tr5", "giao 24h, 500mg, 299k, 2tr5"),  # quantities
        ("@sh0p", "@shop"),  # a mention keeps its @
    ],
)
def test_leetspeak_is_read_only_inside_words(text: str, view: str) -> None:
    assert normalise(text).view == view


def test_leetspeak_spans_cover_the_digits() -> None:
    assert original_of("Giá ch3@p lắm", "cheap") == "ch3@p"


def test_leet_one_reads_as_i_and_leet_variants_offers_l() -> None:
    variants = leet_variants("vay 1oan, l0an, c1ean")

    assert [variant.view for variant in variants] == [
        "vay 1oan, loan, ciean",
        "vay 1oan, loan, clean",
    ]
    assert variants[0].read_leet_one
    assert leet_variants("ch3@p") == (normalise("ch3@p"),)


def test_leet_one_must_be_i_or_l() -> None:
    with pytest.raises(ValueError, match="leet_one"):
        normalise("x", leet_one="x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("khỏiiiii", "khoi"),
        ("Tuyệt vời!!!!", "tuyet voi!"),
        ("hay quá...", "hay qua."),
        ("🔥🔥🔥 sale", "🔥 sale"),
        ("1000đ 2222", "1000d 2222"),  # digits are never collapsed
        ("cool", "cool"),  # two are not a run
    ],
)
def test_three_or_more_repeats_collapse_to_one(text: str, view: str) -> None:
    assert normalise(text).view == view


def test_a_collapsed_repeat_maps_back_to_the_whole_run() -> None:
    assert original_of("Uống là khỏiiiii luôn", "khoi luon") == "khỏiiiii luôn"


def test_emoji_and_cjk_pass_through() -> None:
    text = "Giá tốt 😍 中文 한국어 👍🏽"
    normalised = normalise(text)

    assert normalised.view == "gia tot 😍 中文 한국어 👍🏽"
    assert original_of(text, "中文") == "中文"
    assert original_of(text, "😍") == "😍"


def test_an_emoji_with_a_variation_selector_keeps_the_selector_in_its_span() -> None:
    text = "Yêu ❤️ lắm"

    assert normalise(text).view == "yeu ❤ lam"
    assert original_of(text, "❤") == "❤\ufe0f"


# The offset API


def test_offsets_list_the_original_span_of_every_view_character() -> None:
    text = "Đ.ặ.n.g!!!"
    normalised = normalise(text)
    offsets = normalised.offsets("view")

    assert normalised.view == "dang!"
    assert list(zip(offsets.start, offsets.end, strict=True)) == [
        (0, 1),
        (2, 3),
        (4, 5),
        (6, 7),
        (7, 10),
    ]


def test_to_original_accepts_a_view_by_name_or_by_its_text() -> None:
    normalised = normalise("Chữa  khỏi")

    assert normalised.to_original("view", 0, 4) == (0, 4)
    assert normalised.to_original(normalised.view, 5, 9) == (6, 10)
    assert normalised.to_original(normalised.compact, 4, 8) == (6, 10)
    assert normalised.to_original("original", 2, 5) == (2, 5)


def test_an_empty_span_maps_to_a_point() -> None:
    normalised = normalise("a\u200bb")

    assert normalised.to_original("view", 1, 1) == (2, 2)
    assert normalised.to_original("view", 2, 2) == (3, 3)


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 99)])
def test_spans_outside_the_view_are_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        normalise("chữa khỏi").to_original("view", start, end)


def test_unknown_views_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown view"):
        normalise("chữa khỏi").to_original("folded", 0, 1)


# The fast path must agree with the per-character mapping it stands in for


def test_the_fast_path_folds_every_latin_character_as_map_char_does() -> None:
    latin = [chr(cp) for cp in [*range(0x250), *range(0x1E00, 0x1F00)]]
    plain = [char for char in latin if is_plain(char)]

    assert len(plain) > 500
    assert [fold_plain(char) for char in plain] == [map_char(char) for char in plain]


def test_the_letter_table_folds_whole_texts_as_nfkd_does() -> None:
    latin = [chr(cp) for cp in [*range(0x250), *range(0x1E00, 0x1F00)]]
    plain = "".join(char for char in latin if is_plain(char))
    letters = sorted(set(_VIETNAMESE_FRENCH + _VIETNAMESE_FRENCH.upper()))

    assert all(is_plain(letter) for letter in letters)
    for text in [plain, "".join(letters), "Chữa KHỎI\tđau\0Ÿ çà", "Ê\u0301 ký"]:
        assert fold_plain(text) == _fold_decomposed(text)


# The cheap searches must find exactly what the plain regexes find

shapes = st.text(alphabet=st.sampled_from("ab13@$2_.- ?😍中x"), max_size=40)


@PROPERTY
@given(shapes)
def test_the_spaced_letter_search_finds_what_the_plain_regex_finds(text: str) -> None:
    found = [match.span() for match in _spaced_runs(text)]

    assert found == [match.span() for match in _SPACED_LETTERS.finditer(text)]


@PROPERTY
@given(shapes)
def test_the_repeat_search_finds_what_a_back_reference_finds(text: str) -> None:
    expected = [match.span() for match in re.finditer(r"(.)\1\1+", text, re.DOTALL)]

    assert list(_repeat_runs(text)) == expected


# Properties

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
TRICKY = (
    VIETNAMESE
    + VIETNAMESE.upper()
    + "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u20e3"  # combining marks
    + "\u200b\u200c\u200d\u200e\u2060\ufeff\u00ad\ufe0f\u3164\u1161\u11a8"  # invisible, jamo
    + "0123456789013457@$%.,-_*!?… \n\t\u00a0"
    + "асеорхіѕΑΝνο𝗰ｃⓒﬁß①½İ가각😍❤🔥中"
)
posts = st.text(alphabet=st.sampled_from(TRICKY), max_size=60)
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
texts = st.one_of(posts, any_text, st.text(max_size=60))


def check_offsets(normalised: NormalisedText, view: str) -> None:
    offsets = normalised.offsets(view)
    length = len(normalised.original)

    assert len(offsets.start) == len(offsets.end) == len(normalised.text_of(view))
    assert all(0 <= s < e <= length for s, e in zip(offsets.start, offsets.end, strict=True))
    assert list(offsets.start) == sorted(offsets.start)
    assert list(offsets.end) == sorted(offsets.end)


@PROPERTY
@given(texts)
def test_every_view_character_maps_to_a_non_empty_span_in_order(text: str) -> None:
    normalised = normalise(text)

    check_offsets(normalised, "view")
    check_offsets(normalised, "compact")


@PROPERTY
@given(texts, st.data())
def test_any_view_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    normalised = normalise(text)
    for view in ("view", "compact"):
        length = len(normalised.text_of(view))
        start = data.draw(st.integers(0, length))
        end = data.draw(st.integers(start, length))
        offsets = normalised.offsets(view)

        s, e = normalised.to_original(view, start, end)

        assert 0 <= s <= e <= len(text)
        if start < end:
            assert (s, e) == (offsets.start[start], offsets.end[end - 1])


@PROPERTY
@given(texts)
def test_normalise_is_deterministic(text: str) -> None:
    assert normalise(text) == normalise(text)
    assert normalise(text).compact == normalise(text).view.replace(" ", "")


@PROPERTY
@given(st.one_of(posts, st.text(max_size=60)))
def test_the_normal_form_of_the_input_does_not_change_the_view(text: str) -> None:
    composed = normalise(unicodedata.normalize("NFC", text))
    decomposed = normalise(unicodedata.normalize("NFD", text))

    assert composed.view == decomposed.view


@PROPERTY
@given(
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), max_size=12)
)
def test_plain_lower_case_words_are_their_own_view(words: list[str]) -> None:
    text = " ".join(word for word in words if not any(c * 3 in word for c in word))
    normalised = normalise(text)

    assert normalised.view == text
    assert normalised.offsets("view").start == tuple(range(len(text)))


@PROPERTY
@given(st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper()), min_size=2, max_size=9))
def test_a_vietnamese_word_folds_as_koltrust_fold_does(word: str) -> None:
    folded = re.sub(r"(.)\1\1+", r"\1", fold(word))  # repeats collapse; fold keeps them

    assert normalise(word).view == folded


def test_a_spaced_run_sharing_a_letter_with_the_previous_run_is_joined_once() -> None:
    assert normalise("a.b.c d e").view == "abc d e"
    assert normalise("c.h.ữ.a k h ỏ i").view == "chua khoi"


EMOJI_TEXT = st.lists(
    st.sampled_from(
        [
            "😭",
            "❤",
            "\ufe0f",
            "\ufe0e",
            "👉",
            "€",
            "œ",
            "a",
            "Ữ",
            "đ",
            " ",
            "\n",
            "x",
            "1",
            "\u0301",
            "𝐧",
            "а",
            "\u200b",
            "!",
        ]
    ),
    max_size=40,
).map("".join)


@PROPERTY
@given(text=st.one_of(EMOJI_TEXT, st.text(max_size=60)))
def test_the_emoji_fast_path_maps_like_the_general_one(text: str) -> None:
    fast = _map_self_mapped(text, _OTHER_SPLIT.split(text))
    if fast is None:
        return
    view, step = fast
    general_view, general_step = _map_mixed(text)

    assert view == general_view
    assert full_map((step,) if step else (), len(view)) == full_map(
        (general_step,) if general_step else (), len(view)
    )


def test_the_emoji_fast_path_takes_emoji_and_selectors() -> None:
    text = "Đẹp ❤\ufe0f quá 😭😭"
    result = _map_self_mapped(text, _OTHER_SPLIT.split(text))

    assert result is not None
    assert result[0] == "dep ❤ qua 😭😭"
    for other_path in ["c\u0301 😭", "\ufe0f😭"]:  # a combining mark; a selector of nothing
        assert _map_self_mapped(other_path, _OTHER_SPLIT.split(other_path)) is None
