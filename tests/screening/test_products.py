"""Flagged product names: found with one typo, other spacing, upper case and no diacritics, and
never for a few of their common words alone."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening import model as m
from koltrust.screening.loader import load_rulebook
from koltrust.screening.phrase_index import PhraseIndex
from koltrust.screening.products import ProductMatcher
from koltrust.text.normalise import normalise

SLIM = "Slim Detox Kalvoro Capsules"
TEA = "Trà Giảm Cân Mộc Thanh Tâm"
GUMMIES = "Quintara Focus Gummies"
CREAM = "Crème Éclaircissante Blanc Divin Sérélia"
KETO = "Keto Burn"  # short: found only as written (but for case, spacing, diacritics)
NAMES = [SLIM, TEA, GUMMIES, CREAM, KETO]
LONG_NAMES = [SLIM, TEA, GUMMIES, CREAM]


def _entry(name: str) -> m.ListEntry:
    return m.ListEntry(value=name, reason="test", source="test", added="2026-01-01", brand="b")


FLAGGED = m.FlaggedList("flagged_products", "products", "lists/p.csv", tuple(map(_entry, NAMES)))
ENTRIES = {entry.value: entry for entry in FLAGGED.entries}


@pytest.fixture(scope="module")
def matcher() -> ProductMatcher:
    return ProductMatcher(FLAGGED)


def found_names(matcher: ProductMatcher, text: str) -> list[str]:
    """The names of the flagged entries found in ``text``."""
    return sorted(hit.entry.value for hit in matcher.find(normalise(text)))


def candidate_names(matcher: ProductMatcher, text: str) -> list[str]:
    return sorted(FLAGGED.entries[i].value for i in matcher.candidates(normalise(text)))


def bare(text: str) -> str:
    """``text`` without diacritics, as typed on a keyboard without them."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_the_parts_are_the_words_of_three_letters_or_more(matcher: ProductMatcher) -> None:
    assert {"slim", "detox", "kalvoro", "capsules", "tra", "giam", "moc", "tam"} <= matcher.parts
    assert {"keto", "burn", "eclaircissante", "serelia"} <= matcher.parts
    assert not {"Trà", "giảm", "slim detox", "slimdetoxkalvorocapsules"} & matcher.parts


@pytest.mark.parametrize("name", NAMES)
def test_a_name_as_written_is_found_with_its_span(matcher: ProductMatcher, name: str) -> None:
    text = f"Mua ngay {name} giá tốt 🔥"

    (hit,) = matcher.find(normalise(text))

    assert hit.entry == ENTRIES[name]
    assert text[hit.span.start : hit.span.end] == name
    assert hit.score == 100.0


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ai dùng SlimDetox Kalvoro Capsules chưa?", SLIM),  # other spacing
        ("Ai dùng Slim Detox KalvoroCapsules chưa?", SLIM),
        ("Ai dùng S l i m Detox Kalvoro Capsules chưa?", SLIM),
        ("TRÀ GIẢM CÂN MỘC THANH TÂM chính hãng", TEA),  # upper case
        ("tra giam can moc thanh tam chinh hang", TEA),  # no diacritics
        ("TRA GIAM CAN MOCTHANH TAM", TEA),
        ("crème eclaircissante blanc divin serelia", CREAM),
        ("KETOBURN giá sốc", KETO),
        ("#ketoburn", KETO),
    ],
)
def test_a_name_is_found_however_it_is_spaced_cased_and_accented(
    matcher: ProductMatcher, text: str, name: str
) -> None:
    assert found_names(matcher, text) == [name]


def test_a_name_flagged_without_spaces_is_found_with_them() -> None:
    joined = m.FlaggedList("p", "products", "p.csv", (_entry("SlimDetox Kalvoro"),))

    hits = ProductMatcher(joined).find(normalise("mua Slim Detox Kalvoro ở đâu"))

    assert [hit.entry.value for hit in hits] == ["SlimDetox Kalvoro"]


Typo = Callable[[list[str], int], list[str]]


def _substitute(chars: list[str], at: int) -> list[str]:
    return [*chars[:at], "q" if chars[at].lower() == "x" else "x", *chars[at + 1 :]]


def _insert(chars: list[str], at: int) -> list[str]:
    return [*chars[:at], "x", *chars[at:]]


def _delete(chars: list[str], at: int) -> list[str]:
    return [*chars[:at], *chars[at + 1 :]]


def _swap_with_next_letter(chars: list[str], at: int) -> list[str]:
    """The letter at ``at`` swapped with the next letter, across a space if one is between
    ("Detox Kalvoro" -> "DetoK xalvoro")."""
    after = next((i for i in range(at + 1, len(chars)) if chars[i] != " "), None)
    if after is None:
        return chars
    swapped = list(chars)
    swapped[at], swapped[after] = chars[after], chars[at]
    return swapped


TYPOS: dict[str, Typo] = {
    "substitution": _substitute,
    "insertion": _insert,
    "deletion": _delete,
    "swap": _swap_with_next_letter,
}


def with_one_typo(name: str, typo: Typo) -> list[str]:
    """``name`` with ``typo`` at each of its letters."""
    chars = list(name)
    letters = [i for i, char in enumerate(chars) if char != " "]
    return ["".join(typo(chars, at)) for at in letters]


def test_the_typos_are_what_they_say() -> None:
    assert with_one_typo("ab cd", _substitute) == ["xb cd", "ax cd", "ab xd", "ab cx"]
    assert with_one_typo("ab cd", _insert) == ["xab cd", "axb cd", "ab xcd", "ab cxd"]
    assert with_one_typo("ab cd", _delete) == ["b cd", "a cd", "ab d", "ab c"]
    assert with_one_typo("ab cd", _swap_with_next_letter) == ["ba cd", "ac bd", "ab dc", "ab cd"]


@pytest.mark.parametrize("typo", list(TYPOS))
@pytest.mark.parametrize("name", LONG_NAMES)
def test_a_long_name_is_found_with_one_typo_anywhere(
    matcher: ProductMatcher, name: str, typo: str
) -> None:
    missed = []
    for misspelt in with_one_typo(name, TYPOS[typo]):
        for written in (misspelt, misspelt.upper(), bare(misspelt), bare(misspelt).lower()):
            text = f"Mua ngay {written} giá tốt"
            if name not in found_names(matcher, text):
                missed.append(written)

    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "Mua ngay Keto Bunr giá tốt",
        "Mua ngay Keto Brn giá tốt",
        "Mua ngay Keto Bxurn giá tốt",
        "Mua ngay Ketp Burn giá tốt",
    ],
)
def test_a_short_name_with_a_typo_is_not_found(matcher: ProductMatcher, text: str) -> None:
    assert found_names(matcher, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "giảm cân",  # two common words of TEA
        "Bí quyết giảm cân nhanh sau Tết",
        "Trà xanh tốt cho sức khỏe",  # one word
        "hỏi: trà giảm cân có tốt không?",  # three of its six words
        "Slim quá!",
        "Detox cơ thể mỗi sáng",
        "capsules",
        "",
    ],
)
def test_a_few_common_words_of_a_name_are_neither_candidates_nor_found(
    matcher: ProductMatcher, text: str
) -> None:
    assert candidate_names(matcher, text) == []
    assert found_names(matcher, text) == []


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("Mộc Thanh Tâm giảm cân", [TEA]),  # all words but "trà"
        ("trà giảm Câm Nộc thanh tâm", [TEA]),  # two broken by one swap
        ("slim detox", [SLIM]),  # all but two
        ("Kalvoro capsules", [SLIM]),
        ("keto", [KETO]),
    ],
)
def test_all_words_of_a_name_but_two_make_it_a_candidate(
    matcher: ProductMatcher, text: str, candidates: list[str]
) -> None:
    assert candidate_names(matcher, text) == candidates


@pytest.mark.parametrize(
    "text", ["slim detox", "Slim Detox tea", "Cân Mộc Thanh Tâm", "keto", "burnout"]
)
def test_a_candidate_shorter_than_the_name_is_not_found(matcher: ProductMatcher, text: str) -> None:
    assert candidate_names(matcher, text) != []
    assert found_names(matcher, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mua ngay Slim Detox Kalvoro Capsules giá tốt",
        "TRA GIAM CAN MOC THANH TAMM",
        "Trà giảm cân thôi, Mộc Thanh Tâm",
        "tra giam can moc thanh tma",
        "nothing here",
    ],
)
def test_the_parts_the_engine_found_give_the_same_hits(matcher: ProductMatcher, text: str) -> None:
    # the engine looks for the parts in its own automaton pass over the view
    normalised = normalise(text)
    _, in_view = PhraseIndex([], matcher.parts).scan(normalised.view)

    assert matcher.candidates(normalised, in_view) == matcher.candidates(normalised)
    assert matcher.find(normalised, in_view) == matcher.find(normalised)


def test_a_list_of_blank_names_finds_nothing() -> None:
    blank = ProductMatcher(m.FlaggedList("p", "products", "p.csv", (_entry(" "), _entry(""))))

    assert blank.parts == set()
    assert blank.find(normalise("anything at all")) == []


SHIPPED = Path(__file__).resolve().parents[2] / "rules"
SHIPPED_PRODUCTS = (
    load_rulebook(SHIPPED).lists.get("flagged_products")
    if (SHIPPED / "rulebook.yaml").exists()
    else None
)
LISTS = [FLAGGED] + ([SHIPPED_PRODUCTS] if SHIPPED_PRODUCTS is not None else [])
MATCHERS = {flagged.name + str(n): ProductMatcher(flagged) for n, flagged in enumerate(LISTS)}


@st.composite
def matcher_and_parts(draw: st.DrawFn) -> tuple[ProductMatcher, set[str]]:
    """A matcher and the parts found in a post: some of one name's, and any others (and a
    word that is none)."""
    number = draw(st.integers(0, len(LISTS) - 1))
    matcher = MATCHERS[LISTS[number].name + str(number)]
    entry = draw(st.sampled_from(LISTS[number].entries))
    words = sorted(set(normalise(entry.value).view.split()) & matcher.parts) or ["other"]
    found = draw(st.sets(st.sampled_from(words)))
    return matcher, found | draw(st.sets(st.sampled_from([*sorted(matcher.parts), "other"])))


@given(drawn=matcher_and_parts())
@settings(max_examples=1000, deadline=None, derandomize=True)
def test_there_are_candidates_exactly_when_candidates_lists_some(
    drawn: tuple[ProductMatcher, set[str]],
) -> None:
    matcher, found = drawn

    assert matcher.has_candidates(found) == bool(matcher.candidates(normalise(""), found))
