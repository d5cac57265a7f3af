"""The index over the original text: a link condition is never ruled out for a post that has a
link on one of its domains, however the link is written, in the text or in the links field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koltrust.screening import model as m
from koltrust.screening.links import Link, find_links, on_domain
from koltrust.screening.original_index import LinkCondition, OriginalTextIndex

PROPERTY = settings(max_examples=500, deadline=None, derandomize=True)

SHOPS = m.LinkDomains(("shopee.vn", "lazada.vn"))
TIKI = m.LinkDomains(("tiki.vn",))
NOTHING = m.LinkDomains(())
BLANK = m.LinkDomains(("",))
FLAGGED = m.ListLookup("flagged_domains")
PRODUCTS = m.ListLookup("flagged_products")
UNKNOWN = m.ListLookup("no_such_list")


def _entry(value: str) -> m.ListEntry:
    return m.ListEntry(value=value, reason="test", source="test", added="2026-01-01")


LISTS = {
    "flagged_domains": m.FlaggedList(
        "flagged_domains",
        "domains",
        "lists/domains.csv",
        tuple(map(_entry, ["shop-x.com.vn", "lua-dao.top", "khuyenmai.tiki.vn", "kelvin.site"])),
    ),
    "flagged_products": m.FlaggedList(
        "flagged_products", "products", "lists/products.csv", (_entry("Shopee Slim Tea"),)
    ),
}
CONDITIONS: list[LinkCondition] = [SHOPS, TIKI, NOTHING, BLANK, FLAGGED, PRODUCTS, UNKNOWN]


@pytest.fixture(scope="module")
def index() -> OriginalTextIndex:
    return OriginalTextIndex(CONDITIONS, LISTS, ["mua ngay", "kim"])


def test_only_link_domains_and_domain_list_look_ups_are_indexed(index: OriginalTextIndex) -> None:
    # a look-up of a products list (or of no list) is not about links: the index cannot rule
    # it out; a condition without a domain can never hold, so it is indexed and never found
    assert index.indexed == {SHOPS, TIKI, NOTHING, BLANK, FLAGGED}


@pytest.mark.parametrize(
    ("text", "links", "found"),
    [
        ("mua tại HTTPS://SHOPEE.VN/abc", (), {SHOPS}),  # an upper-case host
        ("mua tại https://Shop.Shopee.Vn/abc", (), {SHOPS}),  # a subdomain
        ("xem www.LAZADA.vn nhé", (), {SHOPS}),
        ("link ở bio", ("https://m.tiki.vn/p/1",), {TIKI}),  # only in the links field
        ("link ở bio", ("SHOPEE.VN/x", "https://lua-dao.top"), {SHOPS, FLAGGED}),
        ("vào https://a.b.shop-x.com.vn/x", (), {FLAGGED}),  # a domain list look-up
        ("khuyenmai.tiki.vn/sale", (), {TIKI, FLAGGED}),
        ("\u212aelvin.site", (), {FLAGGED}),  # KELVIN SIGN: the link's host is kelvin.site
        ("chữa khỏi 100%", (), set()),
        ("", (), set()),
    ],
)
def test_conditions_whose_domains_are_written_in_the_post_are_found(
    index: OriginalTextIndex, text: str, links: tuple[str, ...], found: set[LinkCondition]
) -> None:
    assert index.scan(text, links)[0] == found


def test_the_index_only_says_a_condition_may_hold(index: OriginalTextIndex) -> None:
    # the domain is written, though no link is on it: the index may report more
    text = "notshopee.vn, shopee.vn.evil.com"
    conditions, _ = index.scan(text, ())

    assert conditions == {SHOPS}
    assert [link.host for link in find_links(text)] == ["notshopee.vn", "shopee.vn.evil.com"]
    assert not any(on_domain(link, d) for link in find_links(text) for d in SHOPS.domains)


def test_a_link_domains_condition_without_domains_never_holds(index: OriginalTextIndex) -> None:
    texts = ["https://shopee.vn", "a.b", "http://x.", "www.", "https://.", ""]
    for text in texts:
        assert not {NOTHING, BLANK} & index.scan(text, (text,))[0]
        # and indeed no link is on the empty domain, so the index may rule them out
        assert not any(on_domain(link, "") for link in find_links(text, (text,)))


@pytest.mark.parametrize(
    ("text", "links", "literals"),
    [
        ("MUA NGAY hôm nay", (), {"mua ngay"}),
        ("KİM", (), {"kim"}),  # the case key pairs İ with i, as regex does
        ("kım", (), {"kim"}),
        ("không có gì", ("https://x.vn/mua ngay",), {"mua ngay"}),
        ("mua  ngay", (), set()),
    ],
)
def test_literals_are_found_in_the_case_key_of_text_and_links(
    index: OriginalTextIndex, text: str, links: tuple[str, ...], literals: set[str]
) -> None:
    assert index.scan(text, links)[1] == literals


def test_an_index_of_nothing_finds_nothing() -> None:
    empty = OriginalTextIndex([PRODUCTS, UNKNOWN], LISTS)

    assert empty.indexed == frozenset()
    assert empty.scan("https://shopee.vn", ("https://lua-dao.top",)) == (set(), set())


# Fragments: hosts (written in any case, with look-alike letters the link pattern reads as
# letters), schemes, paths, words, and characters whose case is tricky or that end a link.
HOSTS = [
    "shopee.vn",
    "s.shopee.vn",
    "lazada.vn",
    "tiki.vn",
    "khuyenmai.tiki.vn",
    "shop-x.com.vn",
    "a.shop-x.com.vn",
    "lua-dao.top",
    "kelvin.site",
    "shopee.com",
    "notshopee.vn",
    "shopee.vn.evil.com",
    "tiki",
    ".vn",
]
LOOK_ALIKES = {"k": ["k", "K", "\u212a"], "s": ["s", "S", "\u017f"], "i": ["i", "I", "İ", "ı"]}


# urlsplit drops tabs and line breaks anywhere in a URL (WHATWG): a URL of the links field
# that holds one still has a host
DROPPED = ["\t", "\n", "\r"]


@st.composite
def written_host(draw: st.DrawFn) -> str:
    """A host as a post may write it: any case, maybe a look-alike letter, maybe a character
    that urlsplit drops."""
    host = draw(st.sampled_from(HOSTS))
    chars = []
    for char in host:
        choices = LOOK_ALIKES.get(char, [char, char.upper()])
        chars.append(draw(st.sampled_from(choices)) if draw(st.booleans()) else char)
    if draw(st.integers(0, 3)) == 0:
        where = draw(st.integers(0, len(chars)))
        chars.insert(where, draw(st.sampled_from(DROPPED)))
    return "".join(chars)


FRAGMENTS = st.one_of(
    written_host(),
    st.sampled_from(
        [
            "https://",
            "http://",
            "HTTPS://",
            "www.",
            "WWW.",
            "user@",
            ":8080",
            "/",
            "/abc",
            "?q=1",
            "#x",
            ".",
            ",",
            "!",
            "-",
            " ",
            "\n",
            "\t",
            "mua ngay",
            "chữa khỏi",
            "tại",
            "İ",
            "ı",
            "\u212a",
            "\u017f",
            "🔥",
            "👉",
            "\u200b",
            "(",
            '"',
            "<",
        ]
    ),
)
TEXTS = st.lists(FRAGMENTS, max_size=12).map("".join)


def _holds(condition: LinkCondition, link: Link) -> bool:
    """Whether ``link`` satisfies ``condition``, as the evaluator decides it."""
    if isinstance(condition, m.LinkDomains):
        return any(on_domain(link, domain) for domain in condition.domains)
    flagged = LISTS.get(condition.name)
    if flagged is None or flagged.kind != "domains":
        return False
    listed = {entry.value for entry in flagged.entries}
    return link.domain in listed or link.host in listed


@PROPERTY
@given(text=TEXTS, links=st.lists(TEXTS, max_size=3).map(tuple))
def test_a_condition_with_a_link_on_its_domains_is_never_ruled_out(
    index: OriginalTextIndex, text: str, links: tuple[str, ...]
) -> None:
    found, _ = index.scan(text, links)

    for link in find_links(text, links):
        for condition in index.indexed:
            if _holds(condition, link):
                assert condition in found, (link, condition)


@pytest.mark.parametrize("url", ["https://s\thopee.vn/x", "SHOPEE\n.VN", "https://shopee.v\r\nn"])
def test_a_url_of_the_links_field_with_a_tab_or_line_break_in_its_host(
    index: OriginalTextIndex, url: str
) -> None:
    # urlsplit drops tabs and line breaks, so the link is on shopee.vn and the condition holds
    (link,) = find_links("link ở bio", (url,))
    assert link.host == "shopee.vn"

    assert SHOPS in index.scan("link ở bio", (url,))[0]


@PROPERTY
@given(
    text=st.lists(st.one_of(FRAGMENTS, st.sampled_from(["kim", "KIM", "k.i.m", ".v", ". vn"]))).map(
        "".join
    ),
    links=st.lists(TEXTS, max_size=2).map(tuple),
)
def test_the_shortcut_for_posts_without_a_dotted_key_finds_what_the_automaton_finds(
    index: OriginalTextIndex, text: str, links: tuple[str, ...]
) -> None:
    # a post with no dot before a character that follows a dot in some key looks up the keys
    # without such a dot one by one instead of running the automaton
    automaton_only = OriginalTextIndex(CONDITIONS, LISTS, ["mua ngay", "kim"])
    automaton_only._shortcut = None

    assert index._shortcut is not None
    assert index.scan(text, links) == automaton_only.scan(text, links)
