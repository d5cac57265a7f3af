"""Links in a post: found with their spans, and the cheap check that lets most posts skip the
link pattern never skips a post that has one."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening.findings import Span
from koltrust.screening.links import (
    _LETTERS,
    _URL,
    _anchors,
    _host,
    _parsed_host,
    _url_matches,
    find_links,
    registrable_domain,
)

PROPERTY = settings(max_examples=500, deadline=None, derandomize=True)


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("mua tại https://Shop.Example.com.vn/a?b=1.", ["shop.example.com.vn"]),
        ("www.lazada.vn, và tiki.vn/p1", ["www.lazada.vn", "tiki.vn"]),
        ("xem WWW.EXAMPLE.ORG", ["www.example.org"]),
        ("giá 2.400.000đ. Hết.", []),
        ("Hết hàng.Mai có", []),  # "hàng.Mai": a sentence, no known suffix
        ("", []),
    ],
)
def test_links_are_found_with_their_hosts(text: str, hosts: list[str]) -> None:
    assert [link.host for link in find_links(text)] == hosts


def test_a_link_span_leaves_out_trailing_punctuation() -> None:
    text = "vào shopee.vn/abc!"

    (link,) = find_links(text)

    assert link.span == Span(4, 17)
    assert text[4:17] == "shopee.vn/abc"


def test_links_of_the_links_field_have_no_span() -> None:
    (link,) = find_links("no link here", ("https://a.b.shop-x.com.vn/x",))

    assert link.span is None
    assert link.domain == "shop-x.com.vn"


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("a.b.shop-x.com.vn", "shop-x.com.vn"),
        ("shopee.vn", "shopee.vn"),
        ("scam.blogspot.com", "scam.blogspot.com"),
        ("localhost", "localhost"),
    ],
)
def test_registrable_domain_knows_public_suffixes(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_the_letters_of_the_cheap_check_are_those_the_link_pattern_reads() -> None:
    letter = regex.compile("[a-z]", regex.IGNORECASE)
    bmp = (chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)

    assert {char for char in bmp if letter.fullmatch(char)} == _LETTERS


@pytest.mark.parametrize(
    "text",
    ["a.b", "x www.", "www.!x", "ftp://x", "K.\u212aom", "İ.\u017fx", "-.com", "a .com", ". a"],
)
def test_the_cheap_check_agrees_with_the_link_pattern(text: str) -> None:
    if _URL.search(text):
        assert next(_anchors(text), None) is not None


@PROPERTY
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "W",
                "w",
                "ww",
                ".",
                "..",
                "-",
                "9",
                " ",
                "\n",
                "://",
                "http",
                "www",
                "com",
                "vn",
                "K",
                "\u212a",
                "\u017f",
                "İ",
                "é",
                "đ",
                "/",
                "(",
                "x.y",
                "#",
            ]
        ),
        max_size=15,
    ).map("".join)
)
def test_the_cheap_check_never_skips_a_post_with_a_link(text: str) -> None:
    if _URL.search(text):
        assert next(_anchors(text), None) is not None


@PROPERTY
@given(st.text(max_size=80))
def test_the_cheap_check_never_skips_arbitrary_text_with_a_link(text: str) -> None:
    if _URL.search(text):
        assert next(_anchors(text), None) is not None


URL_FRAGMENTS = st.lists(
    st.sampled_from(
        [
            "https://",
            "http://",
            "www.",
            "WWW.",
            "shop.vn",
            "a.com",
            ".",
            "x",
            "-",
            "9",
            " ",
            "\n",
            "(",
            ")",
            "<",
            ">",
            '"',
            "'",
            "/p/1",
            "?q=a.b",
            "é",
            "İ",
            "\u212a",
            "\u2028",
            "\x1c",
            "\u00a0",
            "#",
            ",",
        ]
    ),
    max_size=20,
).map("".join)


@PROPERTY
@given(st.one_of(URL_FRAGMENTS, st.text(max_size=80)))
def test_searching_only_anchored_tokens_finds_what_the_link_pattern_finds(text: str) -> None:
    assert [m.span() for m in _url_matches(text)] == [m.span() for m in _URL.finditer(text)]


URL_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTPS://",
        "ftp://",
        "://",
        "www.",
        "a",
        "B",
        "0",
        ".",
        "-",
        "/",
        "?",
        "#",
        ":",
        ":80",
        "@",
        "user@",
        "[",
        "]",
        "[::1]",
        "%",
        " ",
        "\t",
        "\n",
        "\r",
        "\x00",
        "é",
        "ß",
        "İ",
        "\u212a",
        "．",
        "shopee.vn",
        "Shopee.VN.",
        "xn--",
    ]
)


@PROPERTY
@given(url=st.lists(URL_PIECES, max_size=8).map("".join))
def test_a_plain_host_is_read_as_urlsplit_reads_it(url: str) -> None:
    assert _host(url) == _parsed_host(url)
