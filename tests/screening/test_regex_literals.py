"""The literals a regex needs: named only when sure, and never the reason a match is missed."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening import model as m
from koltrust.screening.loader import load_rulebook
from koltrust.screening.regex_literals import required_literals
from koltrust.screening.regex_safety import compile_safely
from koltrust.screening.walk import walk

SHIPPED = Path(__file__).resolve().parents[2] / "rules"
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True)


@pytest.mark.parametrize(
    ("pattern", "groups"),
    [
        (r"\bmua ngay\b", (("mua ngay",),)),
        (r"giam \d+ ?kg", (("giam ",), ("kg",))),
        (r"\b(?:chua|tri) khoi\b", ((" khoi",), ("chua", "tri"))),
        (r"(ab|cd)+ef?", (("ab", "cd"),)),
        (r"\d+ ?%", (("%",),)),
        (r"cures?", (("cure",),)),
    ],
)
def test_literals_every_match_needs(pattern: str, groups: tuple[tuple[str, ...], ...]) -> None:
    literals = required_literals(pattern, ignore_case=False)

    assert literals is not None
    assert literals.groups == groups
    assert literals.ignore_case is False


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:abc){e<=1}",  # fuzzy matching in `regex`, literal braces to Python
        r"[[:alpha:]]+xyz",  # a POSIX class in `regex`
        r"\p{L}+abc",  # a Unicode property: Python cannot read it
        r"(?|(a)|(b))abc",  # branch reset
        r"a|bc",  # one branch needs a single letter only
        r"x(?=abc)",  # a lookahead matches nothing itself
        r"\d+k",  # a letter or digit alone is not worth a check
        r"(?:abc)?",  # optional
        r"[abc]{3}",
    ],
)
def test_no_literals_when_not_sure_or_not_useful(pattern: str) -> None:
    assert required_literals(pattern, ignore_case=False) is None


def test_a_case_blind_pattern_compares_case_folded_text() -> None:
    literals = required_literals(r"\bMã\s?[A-Z]{2,}\d+", ignore_case=True)

    assert literals is not None
    assert literals.ignore_case is True
    assert literals.groups == (("Mã",),)
    assert literals.may_match("Nhập MÃ GIAM10")
    assert not literals.may_match("Nhập code GIAM10")


def test_an_inline_case_flag_makes_the_literals_case_blind() -> None:
    for pattern in (r"(?i)Hello", r"a(?i:BC)de"):
        literals = required_literals(pattern, ignore_case=False)
        assert literals is not None
        assert literals.ignore_case is True


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"kode", "\u212aode"),  # KELVIN SIGN matches k ignoring case
        (r"saya", "\u017faya"),  # LONG S matches s
        (r"straße", "STRASSE"),  # no match, nor may_match: only simple case folding
        (r"ǅemal", "ǆemal"),  # titlecase digraph
        (r"ΣΟΦΙΑ", "σοφια"),
        (r"große", "GRO\u1e9eE"),  # CAPITAL SHARP S
        (r"kim", "KİM"),  # `regex` pairs i with İ, which str.casefold does not
        (r"KIM", "kım"),  # and I with ı
        (r"x\u019by", "X\ua7dcY"),  # a case pair newer than Python's Unicode tables
    ],
)
def test_ignoring_case_never_hides_a_case_blind_match(pattern: str, text: str) -> None:
    literals = required_literals(pattern, ignore_case=True)
    compiled = compile_safely(pattern, ignore_case=True)

    assert literals is not None
    if compiled.search(text) is not None:
        assert literals.may_match(text)


def _shipped_patterns() -> list[m.Regex]:
    if not (SHIPPED / "rulebook.yaml").exists():
        return []
    rulebook = load_rulebook(SHIPPED)
    roots = [rule.when for rule in rulebook.rules] + list(rulebook.concepts.values())
    return [c for root in roots for c in walk(root) if isinstance(c, m.Regex)]


PATTERNS = [
    m.Regex(r"\b(?:lai|lai suat|loi nhuan)(?: len toi| den)? \d+ ?% ?/ ?(?:thang|ngay)\b"),
    m.Regex(r"\b(?:bac si|bs)\b.{0,10}?\b(?:khuyen dung|tin dung)\b"),
    m.Regex(r"(?<!khong )thay the (?:hoan toan )?thuoc\b"),
    m.Regex(r"\b(?:code|mã|kode)\s?:?\s?[A-Z]{2,12}\d{1,3}\b", on_original=True),
    m.Regex(r"\bmua ngay\b", on_original=True),
    m.Regex(r"(ab|cd)+e[fg]?h"),
    m.Regex(r"x(?:yz|y)+?z"),
    *_shipped_patterns(),
]
FRAGMENTS = [
    "lai",
    "lai suat",
    "loi nhuan",
    " len toi",
    " 30",
    "%",
    "/",
    "thang",
    "ngay",
    " ",
    "bac si",
    "bs",
    "khuyen dung",
    "thay the",
    " thuoc",
    "khong ",
    "code",
    "Mã",
    "MÃ",
    "KODE",
    "\u212aode",
    "LINH20",
    "mua ngay",
    "MUA NGAY",
    "ab",
    "cd",
    "e",
    "f",
    "h",
    "x",
    "yz",
    "y",
    "z",
    "tieu duong",
    "chua",
    "tri",
    "day",
    "week",
    "cure",
    " @",
    "@x",
    "k",
    "5",
]


@PROPERTY
@given(
    pattern=st.sampled_from(PATTERNS),
    text=st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
)
def test_a_post_without_the_literals_never_matches(pattern: m.Regex, text: str) -> None:
    literals = required_literals(pattern.pattern, ignore_case=pattern.on_original)
    compiled = compile_safely(pattern.pattern, ignore_case=pattern.on_original)

    if literals is not None and not literals.may_match(text):
        assert compiled.search(text) is None


@PROPERTY
@given(pattern=st.sampled_from(PATTERNS), text=st.text(max_size=60))
def test_a_post_without_the_literals_never_matches_arbitrary_text(
    pattern: m.Regex, text: str
) -> None:
    literals = required_literals(pattern.pattern, ignore_case=pattern.on_original)

    if literals is not None and not literals.may_match(text):
        compiled = regex.compile(pattern.pattern, regex.IGNORECASE if pattern.on_original else 0)
        assert compiled.search(text) is None
