"""Properties of screening on arbitrary text: it never fails, spans always point into the text,
and a regex that backtracks for too long is stopped without stopping the screening."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening.engine import Engine, TextTooLong
from koltrust.screening.findings import Post
from koltrust.screening.loader import load_rulebook
from koltrust.screening.regex_safety import REGEX_TIMEOUT_SECONDS
from tests.screening.rulebooks import rule, write_rulebook

# derandomized: the same 200 examples on every run, so that a failure is never a fluke of
# the seed (exploring further is for a long run, not for every test run)
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True)
MAX_CHARS = 300

# every kind of condition, so that every matcher sees the arbitrary text
RULES = [
    rule("vi.health.phrases", {"phrases": ["chữa khỏi", "tốt nhất", "#quảngcáo", "100%"]}),
    rule("vi.health.regex_view", {"regex": r"\d+ ?k\b"}),
    rule("vi.health.regex_original", {"regex": {"pattern": r"[ĐđÂâ]\w+", "on": "original"}}),
    rule("vi.health.concept", {"concept": "ads"}),
    rule("all.health.links", {"link_domains": ["shopee.vn", "lazada.vn"]}, languages=["all"]),
    rule("all.health.domains", {"list": "flagged_domains"}, languages=["all"]),
    rule("all.health.products", {"list": "flagged_products"}, languages=["all"]),
    rule(
        "vi.health.near",
        {"near": {"window": 40, "all": [{"phrases": ["chữa"]}, {"concept": "ads"}]}},
    ),
    rule(
        "vi.health.regex_only",
        {
            "any": [
                {"regex": r"\bgiam \d+ ?kg\b"},
                {"regex": {"pattern": "mua ngay", "on": "original"}},
            ]
        },
    ),
    rule(
        "vi.health.regex_near",
        {"near": {"window": 30, "all": [{"regex": r"\bbac si\b"}, {"phrases": ["khuyên dùng"]}]}},
    ),
    rule(
        "vi.health.position",
        {
            "none": [
                {
                    "position": {
                        "of": {"any": [{"concept": "ads"}, {"paid_partnership": True}]},
                        "within_first": 50,
                        "first_line": True,
                        "outside_hashtag_block": True,
                    }
                }
            ]
        },
        status="shadow",
    ),
]

# characters that exercise normalisation: Vietnamese letters and marks, look-alikes, styled
# and full-width letters, zero-width and control characters, leet, separators, emoji
ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÊƯ áàảãạ\u0300\u0301\u0303\u0309\u0323"
    "асеорі𝐚𝐡ｑ\u200b\u200d\ufeff\u00ad\x00\x07\t\n\r .,-_#@$%!013457/:?=&"
    "k0123456789🔥👉❤️\ud7ff\U0010ffff"
)
TEXTS = st.one_of(
    st.text(max_size=MAX_CHARS),
    st.text(alphabet=ALPHABET, max_size=MAX_CHARS),
    st.lists(
        st.sampled_from(
            [
                "chữa khỏi",
                "c.h.ữ.a k.h.ỏ.i",
                "q u ả n g c á o",
                "#quảngcáo",
                "https://a.shop-x.com.vn/x",
                "shopee.vn/abc",
                "Slim Fast Detox Max",
                "299k",
                "100%",
                "\n",
                " ",
                "#ad",
                "🔥",
                "\u200b",
                "giảm 5kg",
                "MUA NGAY",
                "mua ngày",
                "bác sĩ",
                "khuyên dùng",
                "tài trợ",
                "199k",
            ]
        ),
        max_size=20,
    ).map(lambda parts: "".join(parts)[:MAX_CHARS]),
)
LANGUAGES = st.sampled_from([None, "vi", "en", "fr", "id", "xx"])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine with one rule of every kind; posts up to MAX_CHARS characters."""
    folder = write_rulebook(
        tmp_path_factory.mktemp("rulebook"),
        RULES,
        concepts={"ads": {"any": [{"phrases": ["quảng cáo", "#ad"]}, {"regex": "tai tro"}]}},
    )
    return Engine(load_rulebook(folder), max_chars=MAX_CHARS)


@PROPERTY
@given(text=TEXTS, language=LANGUAGES, paid=st.booleans())
def test_screening_arbitrary_text_never_fails_and_spans_point_into_it(
    engine: Engine, text: str, language: str | None, paid: bool
) -> None:
    result = engine.screen(Post(text, language=language, paid_partnership=paid))

    assert result.language in ("vi", "en", "fr", "id")
    starts = [f.spans[0].start if f.spans else -1 for f in result.findings]
    assert starts == sorted(starts)
    for finding in result.findings:
        for span in finding.spans:
            assert 0 <= span.start < span.end <= len(text)
        if finding.spans:
            first = finding.spans[0]
            assert text[first.start : first.end].strip() in finding.excerpt


@PROPERTY
@given(text=TEXTS, language=LANGUAGES, paid=st.booleans())
def test_skipping_rules_never_changes_what_is_found(
    engine: Engine, text: str, language: str | None, paid: bool
) -> None:
    # the engine evaluates only the rules whose phrases or regex literals occur; evaluating
    # every rule of the language must find exactly the same
    post = Post(text, language=language, paid_partnership=paid)
    prepared = engine.prepare(post)
    everything = {
        rule.id
        for rule in engine.rulebook.rules
        if rule.applies_to(prepared.language)
        and engine.evaluator.evaluate(rule.when, prepared) is not None
    }

    assert {f.rule_id for f in engine.screen(post).findings} == everything


@PROPERTY
@given(text=st.text(min_size=MAX_CHARS - 5, max_size=MAX_CHARS + 5))
def test_only_text_above_the_limit_is_refused(engine: Engine, text: str) -> None:
    if len(text) > MAX_CHARS:
        with pytest.raises(TextTooLong):
            engine.screen(Post(text))
    else:
        engine.screen(Post(text))


def test_a_slow_regex_is_stopped_and_counted(tmp_path: Path) -> None:
    # (\w|\w\w)* has no nested quantifier, so the load-time check lets it through, but it
    # tries every way of splitting a word: exponential in the word's length (no letter
    # repeats, or normalisation would collapse the run)
    write_rulebook(
        tmp_path,
        [
            rule("vi.health.slow", {"regex": r"(\w|\w\w)*\d"}),
            rule("vi.health.cure", {"phrases": ["chữa khỏi"]}),
        ],
    )
    engine = Engine(load_rulebook(tmp_path))
    text = "chữa khỏi " + "ab" * 30 + "!"

    started = time.perf_counter()
    result = engine.screen(Post(text, language="vi"))
    elapsed = time.perf_counter() - started

    assert engine.evaluator.regex_timeouts == 1
    assert [f.rule_id for f in result.findings] == ["vi.health.cure"]
    assert elapsed < REGEX_TIMEOUT_SECONDS + 0.5
    # the same rule still works on ordinary text
    assert [f.rule_id for f in engine.screen(Post("mã 2025", language="vi")).findings] == [
        "vi.health.slow"
    ]
    assert engine.evaluator.regex_timeouts == 1


# the trailing hashtag block as the format defines it, searched forwards (slow on long posts)
FORWARD_HASHTAG_BLOCK = regex.compile(r"(?:[\s,.;·|]*#[\p{L}\p{N}_]+)+[\s,.;·|]*\Z")


@PROPERTY
@given(
    text=st.lists(
        st.sampled_from(["#", "a", "ế", "1", "_", " ", "\n", ",", ".", ";", "·", "|", "!", "-"]),
        max_size=20,
    ).map("".join)
)
def test_the_hashtag_block_starts_where_the_format_says(engine: Engine, text: str) -> None:
    forward = FORWARD_HASHTAG_BLOCK.search(text)

    prepared = engine.prepare(Post(text, language="vi"))

    assert prepared.hashtag_block_start == (forward.start() if forward else len(text))
