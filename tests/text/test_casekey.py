"""The case key: where the `regex` module, ignoring case, matches a character of the alphabet
the key is proven for, the keys agree; the exceptions to str.casefold are exactly those it
needs; and the key of a part of a text is a part of the text's key."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening.regex_safety import compile_safely
from koltrust.text.casekey import ALPHABET, EXCEPTIONS, case_key, covers

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True)

# every code point but the surrogates, which a str may hold but no text does
ALL = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)


@pytest.fixture(scope="module")
def partners() -> dict[str, set[str]]:
    """For each character of ALPHABET, every code point that a case-blind pattern of it
    matches, compiled as the engine compiles patterns on the original text."""
    found: dict[str, set[str]] = {}
    for char in sorted(ALPHABET):
        pattern = compile_safely(regex.escape(char), ignore_case=True)
        found[char] = {match.group() for match in pattern.finditer(ALL)}
    return found


def test_the_brute_force_finds_the_known_pairs(partners: dict[str, set[str]]) -> None:
    # a check on the check: the search finds characters other than the pattern's own case
    assert partners["k"] == {"k", "K", "\u212a"}  # KELVIN SIGN
    assert partners["s"] == {"s", "S", "\u017f"}  # LONG S
    # and regex is not symmetric there: i matches İ but not ı, I matches ı but not İ
    assert partners["i"] == {"i", "I", "\u0130"}
    assert partners["I"] == {"i", "I", "\u0131"}
    assert partners["đ"] == {"đ", "Đ"}
    assert all(len(char) == 1 for found in partners.values() for char in found)


def test_every_code_point_regex_pairs_with_an_alphabet_character_has_its_key(
    partners: dict[str, set[str]],
) -> None:
    disagreeing = sorted(
        (char, found, case_key(found), case_key(char))
        for char, found_chars in partners.items()
        for found in found_chars
        if case_key(found) != case_key(char)
    )

    assert disagreeing == []


def test_the_exceptions_are_exactly_the_pairs_casefold_misses(
    partners: dict[str, set[str]],
) -> None:
    missed: dict[str, set[str]] = {}
    for char, found_chars in partners.items():
        for found in found_chars:
            if found.casefold() != char.casefold():
                missed.setdefault(found, set()).add(char.casefold())

    # no entry is superfluous, none is missing, and each stands for what regex pairs it with
    assert set(missed) == set(EXCEPTIONS)
    assert missed == {found: {EXCEPTIONS[found].casefold()} for found in EXCEPTIONS}
    assert set(EXCEPTIONS).isdisjoint(ALPHABET)


@pytest.mark.parametrize(
    ("pattern_text", "text"),
    [
        ("kim", "KİM"),  # regex pairs i with İ, which str.casefold does not
        ("KIM", "kım"),  # and I with ı
        ("kode", "\u212aODE"),  # KELVIN SIGN
        ("saya", "\u017faya"),  # LONG S
        ("Mã Giảm", "MÃ GIẢM"),
        ("Crème ÉCLAIR", "crÈme éclair"),
    ],
)
def test_the_key_of_a_case_blind_match_holds_the_key_of_the_literal(
    pattern_text: str, text: str
) -> None:
    assert compile_safely(regex.escape(pattern_text), ignore_case=True).search(text)
    assert case_key(pattern_text) in case_key(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("MUA NGAY", "mua ngay"),
        ("KİM kım", "kim kim"),
        ("ĐẶT HÀNG", "đặt hàng"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_case_key_examples(text: str, key: str) -> None:
    assert case_key(text) == key


@pytest.mark.parametrize(
    ("literal", "covered"),
    [
        ("mua ngay", True),
        ("MÃ GIẢM", True),
        ("crème brûlée", True),
        ("50% / ngày!", True),
        ("", False),  # nothing to look for
        ("straße", False),  # ß folds to two letters
        ("kım", False),
        ("İstanbul", False),
        ("\u212aelvin", False),
        ("σοφια", False),
        ("giảm 🔥", False),
        ("a\u0301", False),  # a combining mark
    ],
)
def test_covers_only_literals_of_the_alphabet(literal: str, covered: bool) -> None:
    assert covers(literal) is covered


def test_the_alphabet_holds_what_the_rules_write() -> None:
    assert set("aZ09 .-_/%#@~mãĐƯỳỲÿŸŒœÉçÇ") <= ALPHABET
    assert set("ßıİſ\u212aσΣя🔥\u200b\t\n") & ALPHABET == set()


TRICKY = "aAiIıİkK\u212asSſßđĐãÃœŒ🔥 .σΣ\u0301"


@PROPERTY
@given(
    text=st.one_of(st.text(max_size=40), st.text(alphabet=TRICKY, max_size=40)),
    data=st.data(),
)
def test_the_key_of_a_part_is_a_part_of_the_key(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))

    assert case_key(text[start:end]) in case_key(text)


@PROPERTY
@given(
    literal=st.text(alphabet=sorted(ALPHABET), min_size=1, max_size=6),
    text=st.text(alphabet=TRICKY + "ãMĂ", max_size=30),
    data=st.data(),
)
def test_a_case_blind_match_of_a_covered_literal_is_found_in_the_key(
    literal: str, text: str, data: st.DataObject
) -> None:
    # a literal written in the text with each letter in any case regex pairs it with
    cased = "".join(data.draw(st.sampled_from(sorted(_partners_of(char)))) for char in literal)
    where = data.draw(st.integers(0, len(text)))
    text = text[:where] + cased + text[where:]

    assert covers(literal)
    assert compile_safely(regex.escape(literal), ignore_case=True).search(text)
    assert case_key(literal) in case_key(text)


def _partners_of(char: str) -> set[str]:
    """The characters a case-blind pattern of ``char`` matches, among a few candidates."""
    pattern = compile_safely(regex.escape(char), ignore_case=True)
    candidates = {char, char.upper(), char.lower(), *TRICKY}
    return {c for c in candidates if len(c) == 1 and pattern.fullmatch(c)}
