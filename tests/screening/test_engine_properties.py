"""Properties of screening on arbitrary text: it never fails, spans always point into the text,
and a regex that backtracks for too long is stopped without stopping the screening."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening import model as m
from koltrust.screening.engine import Engine, TextTooLong
from koltrust.screening.evaluate import Evaluator
from koltrust.screening.examples import example_post
from koltrust.screening.findings import Post, Span
from koltrust.screening.loader import load_rulebook
from koltrust.screening.regex_safety import REGEX_TIMEOUT_SECONDS, compile_safely
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
    # the engine evaluates only the rules whose phrases, regex literals, link domains or
    # product name parts occur, and rules conditions out by them; evaluating every rule of
    # the language with an evaluator that knows no index must find exactly the same
    post = Post(text, language=language, paid_partnership=paid)
    found, everything = _found_with_and_without_indexes(engine, post)

    assert found == everything


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


# The shipped rulebook, on posts pieced together from its rules' own examples, obfuscated,
# upper-cased, with links (in the text and in the links field) and flagged product names.

SHIPPED = Path(__file__).resolve().parents[2] / "rules"
SHIPPED_PROPERTY = settings(max_examples=400, deadline=None, derandomize=True)
SHIPPED_RULEBOOK = load_rulebook(SHIPPED) if (SHIPPED / "rulebook.yaml").exists() else None


def _shipped_list(name: str) -> list[str]:
    if SHIPPED_RULEBOOK is None:
        return []
    return [entry.value for entry in SHIPPED_RULEBOOK.lists[name].entries]


EXAMPLES = [
    example
    for r in (SHIPPED_RULEBOOK.rules if SHIPPED_RULEBOOK else ())
    for example in (*r.positive, *r.negative)
]
EXAMPLE_TEXTS = sorted({example.text for example in EXAMPLES})
EXAMPLE_LINKS = sorted({str(url) for ex in EXAMPLES for url in ex.fields.get("links", ())})
FLAGGED_DOMAINS = _shipped_list("flagged_domains")
FLAGGED_PRODUCTS = _shipped_list("flagged_products")
OBFUSCATION = [
    "c.h.ữ.a k.h.ỏ.i",
    "c h ữ a",
    "q u ả n g c á o",
    "kh0i",
    "ch3@p",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "𝐜𝐡ữ𝐚",
    "ｃｕｒｅ",
    "сure",  # a Cyrillic с
    "!!!",
    "iiii",
    "#",
    "@",
    "%",
    "k",
    "\n",
    "\t",
    " ",
    "🔥",
    "👉",
    "İ",
    "ı",
    "\u212a",
    "\u017f",
]


@st.composite
def example_piece(draw: st.DrawFn, example: m.Example | None = None) -> str:
    """The text of ``example`` (or of any example), whole or a run of its words."""
    text = example.text if example else draw(st.sampled_from(EXAMPLE_TEXTS))
    if draw(st.integers(0, 3)):
        return text
    words = text.split(" ")
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start + 1, len(words)))
    return " ".join(words[start:end])


@st.composite
def link(draw: st.DrawFn) -> str:
    """A link to a marketplace or a flagged domain, in any case, maybe on a subdomain, maybe
    with a character that urlsplit drops (which only a link of the links field can hold)."""
    host = draw(st.sampled_from(["shopee.vn", "lazada.vn", "tiki.vn", *FLAGGED_DOMAINS]))
    sub = draw(st.sampled_from(["", "s.", "www.", "m."]))
    scheme = draw(st.sampled_from(["", "https://", "http://", "HTTPS://"]))
    path = draw(st.sampled_from(["", "/", "/abc?x=1", "/voucher."]))
    written = scheme + sub + host + path
    written = written.upper() if draw(st.booleans()) else written
    if draw(st.integers(0, 5)) == 0:  # a tab or line break, which urlsplit drops
        at = draw(st.integers(0, len(written)))
        written = written[:at] + draw(st.sampled_from(["\t", "\n", "\r"])) + written[at:]
    return written


@st.composite
def product(draw: st.DrawFn) -> str:
    """A flagged product name, maybe upper-cased, without diacritics or spaces, or misspelt."""
    name = draw(st.sampled_from(FLAGGED_PRODUCTS))
    style = draw(st.sampled_from(["as is", "upper", "bare", "joined", "typo"]))
    if style == "upper":
        return name.upper()
    if style == "bare":
        return "".join(
            ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch)
        )
    if style == "joined":
        return name.replace(" ", "")
    at = draw(st.integers(0, len(name) - 2))
    typo = draw(st.sampled_from(["deletion", "substitution", "insertion", "swap"]))
    if typo == "deletion":
        return name[:at] + name[at + 1 :]
    if typo == "substitution":
        return name[:at] + "x" + name[at + 1 :]
    if typo == "insertion":
        return name[:at] + "x" + name[at:]
    return name[:at] + name[at + 1] + name[at] + name[at + 2 :]


@st.composite
def shipped_post(draw: st.DrawFn) -> Post:
    """One example of a shipped rule (mostly in its language, with its fields), pieced
    together with other fragments."""
    base = draw(st.sampled_from(EXAMPLES))
    pieces = [draw(example_piece(base))]
    for _ in range(draw(st.integers(0, 4))):
        fragment = st.one_of(example_piece(), st.sampled_from(OBFUSCATION), link(), product())
        pieces.insert(draw(st.integers(0, len(pieces))), draw(fragment))
    pieces = [piece.upper() if draw(st.integers(0, 4)) == 0 else piece for piece in pieces]
    separator = draw(st.sampled_from([" ", "", "\n", " . "]))
    links = [str(url) for url in base.fields.get("links", ())]
    links += draw(st.lists(st.one_of(link(), st.sampled_from(EXAMPLE_LINKS)), max_size=2))
    other_language = st.sampled_from([None, *m.LANGUAGES])
    return Post(
        separator.join(pieces),
        language=base.language if draw(st.integers(0, 3)) else draw(other_language),
        links=tuple(links),
        paid_partnership=bool(base.fields.get("paid_partnership")) or draw(st.booleans()),
    )


needs_shipped = pytest.mark.skipif(
    not EXAMPLES, reason=f"{SHIPPED / 'rulebook.yaml'} does not exist or has no examples"
)


@pytest.fixture(scope="module")
def shipped_engine() -> Engine:
    """An engine on the shipped rulebook."""
    return Engine(load_rulebook(SHIPPED))


Found = dict[str, tuple[Span, ...]]


def _found_with_and_without_indexes(engine: Engine, post: Post) -> tuple[Found, Found]:
    """The rules the engine finds for ``post`` with their spans, and those an evaluator that
    knows no index finds evaluating every rule of the post's language (the engine runs its
    conditions compiled, the evaluator looks each one up: both must agree)."""
    prepared = replace(engine.prepare(post), index_hits=frozenset(), view_literals=None)
    unindexed = Evaluator(engine.rulebook)
    everything = {}
    for checked in engine.rulebook.rules:
        if not checked.applies_to(prepared.language):
            continue
        spans = unindexed.evaluate(checked.when, prepared)
        if spans is not None:
            everything[checked.id] = tuple(s for s in sorted(set(spans)) if s.end <= len(post.text))
    return {f.rule_id: f.spans for f in engine.screen(post).findings}, everything


@needs_shipped
@SHIPPED_PROPERTY
@given(post=shipped_post())
def test_skipping_rules_never_changes_what_the_shipped_rules_find(
    shipped_engine: Engine, post: Post
) -> None:
    found, everything = _found_with_and_without_indexes(shipped_engine, post)

    assert found == everything


@needs_shipped
def test_skipping_rules_never_changes_what_the_shipped_rules_find_in_their_examples(
    shipped_engine: Engine,
) -> None:
    # every example as written, and shouted with a marketplace link and no language given
    differing = []
    for example in EXAMPLES:
        post = example_post(example)
        shouted = replace(
            post,
            text=post.text.upper() + " HTTPS://S.SHOPEE.VN/X",
            language=None,
            links=(*post.links, "WWW.LAZADA.VN/P"),
        )
        for variant in (post, shouted):
            found, everything = _found_with_and_without_indexes(shipped_engine, variant)
            if found != everything:
                differing.append((variant, found, everything))

    assert differing == []


def _regex_never_ruled_out(engine: Engine, post: Post) -> None:
    """Every indexed regex that matches the post is among the post's index hits."""
    prepared = engine.prepare(post)
    for condition in engine.indexed:
        if not isinstance(condition, m.Regex):
            continue
        subject = post.text if condition.on_original else prepared.text.view
        pattern = compile_safely(condition.pattern, ignore_case=condition.on_original)
        if pattern.search(subject) is not None:
            assert condition in prepared.index_hits, (condition.pattern, subject)


@PROPERTY
@given(text=TEXTS, language=LANGUAGES)
def test_a_regex_that_matches_is_never_ruled_out(
    engine: Engine, text: str, language: str | None
) -> None:
    _regex_never_ruled_out(engine, Post(text, language=language))


@needs_shipped
@SHIPPED_PROPERTY
@given(post=shipped_post())
def test_a_shipped_regex_that_matches_is_never_ruled_out(
    shipped_engine: Engine, post: Post
) -> None:
    _regex_never_ruled_out(shipped_engine, post)


@needs_shipped
def test_the_shipped_regexes_are_indexed(shipped_engine: Engine) -> None:
    # a check on the checks above: most shipped regexes can be ruled out by their literals
    regexes = [c for c in shipped_engine.indexed if isinstance(c, m.Regex)]

    assert len(regexes) >= 10
    assert any(c.on_original for c in regexes)
